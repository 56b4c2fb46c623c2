-- One row of import history.
INSERT INTO importer (import_id, tid, filnamn, sha256, rader, forbund, vem, resultat, meddelande)
VALUES ($import_id, $tid, $filnamn, $sha256, $rader, $forbund, $vem, $resultat, $meddelande)
