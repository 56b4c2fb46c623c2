-- Set DuckDB's number of worker threads (mia.importer.import_files: one while it runs).
SET threads = $threads
