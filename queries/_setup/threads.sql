-- DuckDB's current number of worker threads (mia.importer.import_files restores it).
SELECT current_setting('threads') AS threads
