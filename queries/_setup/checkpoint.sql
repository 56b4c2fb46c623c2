-- Write what the write-ahead log holds into the database file (mia.store.checkpoint): the
-- imported rows compressed, with the column statistics that let scans skip row groups.
CHECKPOINT
