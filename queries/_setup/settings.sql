-- Database settings, applied on every open.
-- An import is one transaction of a few thousand to a million rows. With DuckDB's default
-- (a checkpoint whenever the write-ahead log passes 16 MB) every few förbund deliveries
-- recompress the table's last row groups: 80 deliveries of 12 500 rows spent more time in
-- COMMIT than in validation. The log is durable either way (each commit is flushed); a
-- larger threshold means fewer, larger checkpoints. Not larger than this: rows not yet
-- checkpointed are held in memory uncompressed (10 M rows imported in 80 files: peak
-- memory 1.65 GB with 256 MB, 1.22 GB with 64 MB, at the same speed). Imports end with a
-- checkpoint of their own (mia.store.checkpoint).
SET checkpoint_threshold = '64MB';
