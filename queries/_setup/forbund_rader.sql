-- Recount the rows per förbund from deltagare (on open: repairs any change made to
-- deltagare outside store.replace_forbund).
DELETE FROM forbund_rader;

INSERT INTO forbund_rader
SELECT forbund, count(*) AS rader FROM deltagare GROUP BY forbund;
