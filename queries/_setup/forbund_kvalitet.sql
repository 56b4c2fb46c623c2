-- The Data page's per-förbund completeness and plausibility counts (macros.sql:
-- kvalitet_per_forbund), recomputed from deltagare on every read-write open, after the
-- reference tables are loaded (a kommun's MIA start may have changed). Imports keep them up
-- to date for the förbund they replace (update_forbund_kvalitet.sql), so the page reads a
-- row per förbund, not every participant. $fran/$till: the project period (mia.config).
CREATE OR REPLACE TABLE forbund_kvalitet AS SELECT * FROM kvalitet_per_forbund($fran, $till);
