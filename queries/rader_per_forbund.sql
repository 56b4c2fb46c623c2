-- Stored participant rows per förbund (only förbund that have rows): forbund, rader.
SELECT forbund, count(*) AS rader
FROM deltagare
GROUP BY forbund
ORDER BY forbund
