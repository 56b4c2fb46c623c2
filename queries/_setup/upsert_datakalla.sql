-- Where a förbund's data comes from now (demo or an imported file).
INSERT OR REPLACE INTO datakallor (forbund, kalla, filnamn, uttag, importerad, import_id)
VALUES ($forbund, $kalla, $filnamn, $uttag, current_timestamp::TIMESTAMP, $import_id)
