-- Stored participant rows per förbund (only förbund that have rows): forbund, rader.
-- From the per-förbund counts the import keeps (forbund_rader), not a count of the table.
SELECT forbund, rader
FROM forbund_rader
WHERE rader > 0
ORDER BY forbund
