-- One value from the meta table.
SELECT varde FROM meta WHERE nyckel = $nyckel
