-- domei store, schema version 4 (PostgreSQL): a run's name and note, given
-- by an analyst after the run (the run itself never changes). One row per
-- labelled run; removing both name and note removes the row. Keep in step
-- with ../sqlite/0004_run_labels.sql.

CREATE TABLE run_labels (
    run_id     BIGINT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    name       TEXT,
    note       TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
