-- Set one meta value.
INSERT OR REPLACE INTO meta (nyckel, varde) VALUES ($nyckel, $varde)
