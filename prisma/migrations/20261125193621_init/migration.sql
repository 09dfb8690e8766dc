-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AreaLevel" AS ENUM ('NATIONAL', 'REGION', 'FORCE', 'BCU', 'LPU', 'NEIGHBOURHOOD');

-- CreateEnum
CREATE TYPE "CategoryKind" AS ENUM ('CRIME', 'INCIDENT');

-- CreateEnum
CREATE TYPE "OutcomeType" AS ENUM ('CHARGE_SUMMONS', 'CAUTION', 'TIC', 'PENALTY_NOTICE', 'CANNABIS_WARNING', 'COMMUNITY_RESOLUTION');

-- CreateEnum
CREATE TYPE "Survey" AS ENUM ('ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB');

-- CreateEnum
CREATE TYPE "SatisfactionAspect" AS ENUM ('EASE_OF_CONTACT', 'ACTIONS', 'FOLLOW_UP', 'TREATMENT', 'WHOLE_EXPERIENCE');

-- CreateEnum
CREATE TYPE "Measure" AS ENUM ('RECORDED_CRIME', 'OUTCOME_RATE', 'SATISFACTION');

-- CreateEnum
CREATE TYPE "Harm" AS ENUM ('HIGH', 'MEDIUM', 'LOW');

-- CreateTable
CREATE TABLE "area" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AreaLevel" NOT NULL,
    "parent_id" INTEGER,

    CONSTRAINT "area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "area_closure" (
    "ancestor_id" INTEGER NOT NULL,
    "descendant_id" INTEGER NOT NULL,
    "depth" INTEGER NOT NULL,

    CONSTRAINT "area_closure_pkey" PRIMARY KEY ("ancestor_id","descendant_id")
);

-- CreateTable
CREATE TABLE "area_population" (
    "area_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,

    CONSTRAINT "area_population_pkey" PRIMARY KEY ("area_id","year")
);

-- CreateTable
CREATE TABLE "peer_group" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "peer_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "peer_group_member" (
    "group_id" INTEGER NOT NULL,
    "area_id" INTEGER NOT NULL,

    CONSTRAINT "peer_group_member_pkey" PRIMARY KEY ("group_id","area_id")
);

-- CreateTable
CREATE TABLE "crime_category" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CategoryKind" NOT NULL,
    "parent_id" INTEGER,

    CONSTRAINT "crime_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "category_closure" (
    "ancestor_id" INTEGER NOT NULL,
    "descendant_id" INTEGER NOT NULL,
    "depth" INTEGER NOT NULL,

    CONSTRAINT "category_closure_pkey" PRIMARY KEY ("ancestor_id","descendant_id")
);

-- CreateTable
CREATE TABLE "recorded_crime" (
    "area_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "recorded" INTEGER NOT NULL,

    CONSTRAINT "recorded_crime_pkey" PRIMARY KEY ("area_id","category_id","month")
);

-- CreateTable
CREATE TABLE "crime_outcome" (
    "area_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "outcome_type" "OutcomeType" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "crime_outcome_pkey" PRIMARY KEY ("area_id","category_id","month","outcome_type")
);

-- CreateTable
CREATE TABLE "investigation" (
    "area_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "as_of" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "investigation_pkey" PRIMARY KEY ("area_id","category_id","as_of")
);

-- CreateTable
CREATE TABLE "satisfaction_response" (
    "area_id" INTEGER NOT NULL,
    "survey" "Survey" NOT NULL,
    "aspect" "SatisfactionAspect" NOT NULL,
    "month" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "satisfied" INTEGER NOT NULL,

    CONSTRAINT "satisfaction_response_pkey" PRIMARY KEY ("area_id","survey","aspect","month")
);

-- CreateTable
CREATE TABLE "fact_rollup" (
    "category_id" INTEGER NOT NULL,
    "area_id" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "recorded" INTEGER NOT NULL,
    "outcomes" INTEGER NOT NULL,

    CONSTRAINT "fact_rollup_pkey" PRIMARY KEY ("category_id","area_id","month")
);

-- CreateTable
CREATE TABLE "outcome_rollup" (
    "category_id" INTEGER NOT NULL,
    "area_id" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "outcome_type" "OutcomeType" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "outcome_rollup_pkey" PRIMARY KEY ("category_id","area_id","month","outcome_type")
);

-- CreateTable
CREATE TABLE "investigation_rollup" (
    "category_id" INTEGER NOT NULL,
    "area_id" INTEGER NOT NULL,
    "as_of" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "investigation_rollup_pkey" PRIMARY KEY ("category_id","area_id","as_of")
);

-- CreateTable
CREATE TABLE "satisfaction_rollup" (
    "area_id" INTEGER NOT NULL,
    "survey" "Survey" NOT NULL,
    "aspect" "SatisfactionAspect" NOT NULL,
    "month" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "satisfied" INTEGER NOT NULL,

    CONSTRAINT "satisfaction_rollup_pkey" PRIMARY KEY ("area_id","survey","month","aspect")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "financial_year" TEXT NOT NULL,
    "start_month" INTEGER NOT NULL,
    "end_month" INTEGER NOT NULL,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objective" (
    "id" SERIAL NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "area_id" INTEGER NOT NULL,
    "measure" "Measure" NOT NULL,
    "category_id" INTEGER,
    "survey" "Survey",
    "subject" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "harm" "Harm" NOT NULL,

    CONSTRAINT "objective_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "area_code_key" ON "area"("code");

-- CreateIndex
CREATE INDEX "area_parent_id_idx" ON "area"("parent_id");

-- CreateIndex
CREATE INDEX "area_level_idx" ON "area"("level");

-- CreateIndex
CREATE INDEX "area_closure_descendant_id_depth_idx" ON "area_closure"("descendant_id", "depth");

-- CreateIndex
CREATE UNIQUE INDEX "peer_group_code_key" ON "peer_group"("code");

-- CreateIndex
CREATE INDEX "peer_group_member_area_id_idx" ON "peer_group_member"("area_id");

-- CreateIndex
CREATE UNIQUE INDEX "crime_category_code_key" ON "crime_category"("code");

-- CreateIndex
CREATE INDEX "crime_category_parent_id_idx" ON "crime_category"("parent_id");

-- CreateIndex
CREATE INDEX "category_closure_descendant_id_depth_idx" ON "category_closure"("descendant_id", "depth");

-- CreateIndex
CREATE INDEX "recorded_crime_month_idx" ON "recorded_crime"("month");

-- CreateIndex
CREATE INDEX "crime_outcome_month_idx" ON "crime_outcome"("month");

-- CreateIndex
CREATE INDEX "investigation_as_of_idx" ON "investigation"("as_of");

-- CreateIndex
CREATE INDEX "satisfaction_response_month_idx" ON "satisfaction_response"("month");

-- CreateIndex
CREATE INDEX "fact_rollup_month_idx" ON "fact_rollup"("month");

-- CreateIndex
CREATE INDEX "outcome_rollup_month_idx" ON "outcome_rollup"("month");

-- CreateIndex
CREATE UNIQUE INDEX "plan_code_key" ON "plan"("code");

-- CreateIndex
CREATE INDEX "objective_area_id_measure_idx" ON "objective"("area_id", "measure");

-- CreateIndex
CREATE UNIQUE INDEX "objective_plan_id_area_id_measure_subject_key" ON "objective"("plan_id", "area_id", "measure", "subject");

-- AddForeignKey
ALTER TABLE "area" ADD CONSTRAINT "area_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "area_population" ADD CONSTRAINT "area_population_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "area"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_group_member" ADD CONSTRAINT "peer_group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_group_member" ADD CONSTRAINT "peer_group_member_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "area"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crime_category" ADD CONSTRAINT "crime_category_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "crime_category"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective" ADD CONSTRAINT "objective_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective" ADD CONSTRAINT "objective_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective" ADD CONSTRAINT "objective_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "crime_category"("id") ON DELETE SET NULL ON UPDATE CASCADE;
