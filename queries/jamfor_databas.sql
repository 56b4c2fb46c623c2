-- Which database this connection reads and its data version, for cache keys (one row:
-- path, version). The version is store.data_version's ('tom' before the first import),
-- read in the same query so that a cache key costs one round trip, not two.
SELECT coalesce(path, database_name) AS path,
       coalesce((SELECT varde FROM meta WHERE nyckel = 'data_version'), 'tom') AS version
FROM duckdb_databases()
WHERE database_name = current_database()
