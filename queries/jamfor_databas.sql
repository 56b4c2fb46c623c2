-- The file of the database this connection reads, for cache keys (one row: path).
SELECT coalesce(path, database_name) AS path
FROM duckdb_databases()
WHERE database_name = current_database()
