-- CreateIndex
CREATE INDEX "fact_rollup_category_id_area_id_month_recorded_outcomes_idx" ON "fact_rollup"("category_id", "area_id", "month", "recorded", "outcomes");

-- CreateIndex
CREATE INDEX "objective_area_id_category_id_idx" ON "objective"("area_id", "category_id");
