-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PARTNER', 'ANALYST', 'STEWARD', 'ADMIN');

-- AlterTable
ALTER TABLE "crime_category" ADD COLUMN     "sensitive" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "role" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lsoa_area" (
    "lsoa_code" TEXT NOT NULL,
    "area_id" INTEGER NOT NULL,

    CONSTRAINT "lsoa_area_pkey" PRIMARY KEY ("lsoa_code")
);

-- CreateTable
CREATE TABLE "crime_type_mapping" (
    "crime_type" TEXT NOT NULL,
    "category_id" INTEGER NOT NULL,

    CONSTRAINT "crime_type_mapping_pkey" PRIMARY KEY ("crime_type")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_name_key" ON "api_key"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log"("actor", "at");

-- CreateIndex
CREATE INDEX "lsoa_area_area_id_idx" ON "lsoa_area"("area_id");
