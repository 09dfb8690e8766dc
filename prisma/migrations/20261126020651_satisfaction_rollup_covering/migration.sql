-- CreateIndex
CREATE INDEX "satisfaction_rollup_area_id_survey_month_aspect_respondents_idx" ON "satisfaction_rollup"("area_id", "survey", "month", "aspect", "respondents", "satisfied");
