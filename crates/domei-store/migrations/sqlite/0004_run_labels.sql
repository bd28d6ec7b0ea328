-- domei store, schema version 4 (SQLite): a run's name and note, given by
-- an analyst after the run (the run itself never changes). One row per
-- labelled run; removing both name and note removes the row. Keep in step
-- with ../postgres/0004_run_labels.sql. updated_at is RFC 3339 text in UTC.

CREATE TABLE run_labels (
    run_id     INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    name       TEXT,
    note       TEXT,
    updated_at TEXT NOT NULL
);
