-- Stored participant rows per förbund (only förbund that have rows): forbund, rader.
-- From the per-förbund counts the imports keep (forbund_kvalitet), not a count of the table.
SELECT forbund, rader
FROM forbund_kvalitet
WHERE rader > 0
ORDER BY forbund
