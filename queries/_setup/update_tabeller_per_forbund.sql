-- Inside an import's transaction, after its rows are written: the tables kept per förbund
-- (tabeller_per_forbund.sql) for the förbund it replaced, from their rows now (the filter
-- on förbund reaches the scan, so only their row groups are read).
DELETE FROM forbund_kvalitet WHERE list_contains($forbund, forbund);

INSERT INTO forbund_kvalitet
SELECT * FROM kvalitet_per_forbund($fran, $till) WHERE list_contains($forbund, forbund);

DELETE FROM forbund_avslut_halvar WHERE list_contains($forbund, forbund);

INSERT INTO forbund_avslut_halvar SELECT * FROM avslut_per_halvar() WHERE list_contains($forbund, forbund);

DELETE FROM forbund_inskrivna_halvar WHERE list_contains($forbund, forbund);

INSERT INTO forbund_inskrivna_halvar SELECT * FROM inskrivna_per_halvar() WHERE list_contains($forbund, forbund);
