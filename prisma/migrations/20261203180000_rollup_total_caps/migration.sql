-- Caps on the totals of one area, category and month (src/import/kinds.ts MAX_MONTHLY_COUNT =
-- floor((2^31 - 1) / 240)): figures sum at most 240 months and are reported as 32-bit GraphQL Int,
-- so no accepted write can make a figure overflow. A write past a cap is rejected whole.
ALTER TABLE "fact_rollup" ADD CONSTRAINT "fact_rollup_total_cap" CHECK ("recorded" BETWEEN 0 AND 8947848 AND "outcomes" BETWEEN 0 AND 8947848);
ALTER TABLE "outcome_rollup" ADD CONSTRAINT "outcome_rollup_total_cap" CHECK ("count" BETWEEN 0 AND 8947848);
ALTER TABLE "investigation_rollup" ADD CONSTRAINT "investigation_rollup_total_cap" CHECK ("count" BETWEEN 0 AND 8947848);
ALTER TABLE "satisfaction_rollup" ADD CONSTRAINT "satisfaction_rollup_total_cap" CHECK ("respondents" BETWEEN 0 AND 8947848 AND "satisfied" BETWEEN 0 AND 8947848);
