-- domei store, schema version 3 (SQLite): resolved outcomes of scenario
-- issues, for the forecast ledger. Recording an outcome again for the same
-- scenario and issue adds the next version; the latest counts, the history
-- is kept. Keep in step with ../postgres/0003_outcomes.sql.
-- outcome_date is the date the outcome was resolved (YYYY-MM-DD text);
-- recorded_at is when it was entered (RFC 3339 text in UTC).

CREATE TABLE outcomes (
    scenario_id  TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    issue_id     TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    value        REAL NOT NULL,
    outcome_date TEXT NOT NULL,
    source       TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (scenario_id, issue_id, version)
);
