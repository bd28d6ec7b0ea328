-- domei store, schema version 3 (PostgreSQL): resolved outcomes of scenario
-- issues, for the forecast ledger. Recording an outcome again for the same
-- scenario and issue adds the next version; the latest counts, the history
-- is kept. Keep in step with ../sqlite/0003_outcomes.sql.
-- outcome_date is the date the outcome was resolved; recorded_at is when it
-- was entered.

CREATE TABLE outcomes (
    scenario_id  TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    issue_id     TEXT NOT NULL,
    version      BIGINT NOT NULL CHECK (version >= 1),
    value        DOUBLE PRECISION NOT NULL,
    outcome_date DATE NOT NULL,
    source       TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scenario_id, issue_id, version)
);
