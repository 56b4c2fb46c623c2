-- The tables kept per förbund for pages that would otherwise count every row, recomputed
-- from deltagare on every read-write open, after the reference tables are loaded (a
-- kommun's MIA start may have changed). Imports keep them up to date for the förbund they
-- replace (update_tabeller_per_forbund.sql). $fran/$till: the project period (mia.config).
--   forbund_kvalitet: the rows per förbund (store.rows_per_forbund: the importer's before
--     and after) and the Data page's completeness and plausibility counts (macros.sql:
--     kvalitet_per_forbund), a row per förbund
--   forbund_avslut_halvar: the exits per half-year, kommun and kön (macros.sql:
--     avslut_per_halvar), Jämför's trend without age, referrer or income filters
--   forbund_inskrivna_halvar: the enrolments per half-year, kommun and kön (macros.sql:
--     inskrivna_per_halvar), with the exits Översikt's trend without those filters
CREATE OR REPLACE TABLE forbund_kvalitet AS SELECT * FROM kvalitet_per_forbund($fran, $till);

CREATE OR REPLACE TABLE forbund_avslut_halvar AS SELECT * FROM avslut_per_halvar();

CREATE OR REPLACE TABLE forbund_inskrivna_halvar AS SELECT * FROM inskrivna_per_halvar();
