-- Number of participant rows stored (all förbund).
SELECT count(*) AS rader FROM deltagare
