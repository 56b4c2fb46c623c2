-- Per förbund whose data came from a file: the SHA-256 of that file and the rows stored
-- now (the importer's "same file already loaded" check).
SELECT d.forbund, i.sha256, coalesce(r.rader, 0) AS rader
FROM datakallor AS d
LEFT JOIN importer AS i ON i.import_id = d.import_id
LEFT JOIN forbund_kvalitet AS r ON r.forbund = d.forbund
WHERE d.kalla = 'fil'
