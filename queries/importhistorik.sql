-- The import history, newest first: every attempt, imported or refused.
SELECT import_id, tid, filnamn, sha256, rader, forbund, vem, resultat, meddelande
FROM importer
ORDER BY import_id DESC
