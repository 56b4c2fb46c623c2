-- Where each förbund's data comes from: demo or an imported file, with the extract date.
-- One row per förbund that has data, with the förbund's short name.
SELECT d.forbund, f.kortnamn AS namn, d.kalla, d.filnamn, d.uttag, d.importerad, d.import_id
FROM datakallor AS d LEFT JOIN forbund AS f ON f.forbund_kod = d.forbund
ORDER BY f.kortnamn
