-- Inside an import's transaction, after its rows are written: the row counts of the
-- förbund it replaced, from the registered frame `ny_data` (exactly their rows now).
DELETE FROM forbund_rader WHERE list_contains($forbund, forbund);

INSERT INTO forbund_rader
SELECT forbund::VARCHAR AS forbund, count(*) AS rader FROM ny_data GROUP BY ALL;
