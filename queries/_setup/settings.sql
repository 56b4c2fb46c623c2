-- Database settings, applied on every open.
-- An import is one transaction of a few thousand to a million rows. With DuckDB's default
-- (a checkpoint whenever the write-ahead log passes 16 MB) every few förbund deliveries
-- recompress the table's last row groups; 80 deliveries of 12 500 rows spent more time in
-- COMMIT than in validation. The log is durable either way (each commit is flushed); a
-- larger threshold only means fewer, larger checkpoints (and one when the database closes).
SET checkpoint_threshold = '256MB';
