//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`.
//!
//! Written by hand (a derive-based generator would add a heavy dependency
//! for 20 endpoints); a test checks that every route `api.rs` registers is
//! described here and that nothing described is missing from `api.rs`.

use serde_json::{json, Value};

fn err() -> Value {
    json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok(desc: &str, schema: Value) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": schema}}})
}

fn path_param(name: &str, desc: &str, ty: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": desc, "schema": {"type": ty}})
}

fn query(name: &str, desc: &str, ty: &str, required: bool) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": ty}})
}

fn body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn arr(name: &str) -> Value {
    json!({"type": "array", "items": r(name)})
}

/// The document.
pub fn document() -> Value {
    let mut doc = base();
    // Added apart: one json! of every path exceeds the macro's recursion limit.
    if let (Some(p), Value::Object(more)) = (doc["paths"].as_object_mut(), strategy_paths()) {
        p.extend(more);
    }
    if let (Some(p), Value::Object(more)) = (
        doc["components"]["schemas"].as_object_mut(),
        strategy_schemas(),
    ) {
        p.extend(more);
    }
    doc
}

/// Strategy runs, cancel and run labels.
fn strategy_paths() -> Value {
    let run = path_param("id", "Run id", "integer");
    json!({
            "/api/jobs/{id}/cancel": {"post": {"summary": "Cancel a queued or running job: a simulation stops between blocks of draws and nothing is stored; answers the job once it stopped (cancelled, or done/failed if it had finished)", "parameters": [path_param("id", "Job id", "integer")], "responses": {"200": ok("The job", r("Job")), "404": err(), "401": err()}}},
            "/api/strategy": {"post": {"summary": "Start a what-if (edits, a coalition, a linkage), an actor's best responses or a sensitivity analysis, computed as `domei whatif`, `domei best-response` and `domei sensitivity` do and stored as a run (kind whatif, best_response or sensitivity); waits unless wait=false",
                "parameters": [query("wait", "Wait for the run [default true]", "boolean", false)],
                "requestBody": body(r("StrategyRequest")),
                "responses": {"201": ok("Done and stored", r("Job")), "202": ok("Queued or running", r("Job")), "400": err(), "404": err(), "413": err(), "422": err(), "401": err()}}},
            "/api/runs/{id}/label": {
                "get": {"summary": "A run's name and note (null when it has none)", "parameters": [run.clone()], "responses": {"200": ok("The label", r("RunLabel")), "404": err()}},
                "put": {"summary": "Name a run and note on it (empty or absent clears one; both empty removes the label)", "parameters": [run.clone()],
                    "requestBody": body(json!({"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string", "maxLength": 200}, "note": {"type": "string", "maxLength": 10000}}})),
                    "responses": {"200": ok("The label now stored, or null", r("RunLabel")), "404": err(), "422": err(), "401": err()}}
            }
    })
}

fn strategy_schemas() -> Value {
    let obj = |props: Value| json!({"type": "object", "properties": props});
    json!({
        "StrategyRequest": {"type": "object", "required": ["scenario", "analysis"], "properties": {
            "scenario": {"type": "string"}, "version": {"type": "integer"},
            "analysis": {"type": "string", "enum": ["whatif", "best_response", "sensitivity"]},
            "edits": {"type": "array", "items": {"type": "string"}, "description": "whatif: as `domei whatif --set`: ACTOR.ISSUE.position=V, ACTOR.ISSUE.salience+=D, ACTOR.capability=V, ISSUE.status_quo=V (also -=)"},
            "coalition": {"type": "array", "items": {"type": "string"}, "description": "whatif: actor ids pooling capability behind a joint position"},
            "on": {"type": "array", "items": {"type": "string"}, "description": "whatif: the issues the coalition negotiates"},
            "link": {"type": "array", "items": {"type": "string"}, "description": "whatif: issues negotiated as one package"},
            "actor": {"type": "string", "description": "best_response: whose"},
            "issues": {"type": "array", "items": {"type": "string"}, "description": "best_response: only these issues"},
            "limits": obj(json!({"max_shift": {"type": "number"}, "min_salience": {"type": "number"}, "max_salience": {"type": "number"}, "position_steps": {"type": "integer"}, "salience_steps": {"type": "integer"}})),
            "perturbation": obj(json!({"position": {"type": "number"}, "salience": {"type": "number"}, "capability": {"type": "number"}})),
            "models": {"type": "array", "items": {"type": "string"}}, "rounds": {"type": "integer", "minimum": 1, "maximum": 1000},
            "exchange_reading": {"type": "string", "enum": ["decide", "continuous"]}}},
        "RunLabel": {"type": ["object", "null"], "properties": {"run": {"type": "integer"}, "name": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}, "updated_at": {"type": "string", "format": "date-time"}}}
    })
}

fn base() -> Value {
    let id = path_param("id", "Scenario id ([scenario] id)", "string");
    let run = path_param("id", "Run id", "integer");
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "domei workbench API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Scenarios with version history, value edits with evidence, forecast and Monte Carlo runs, comparisons, the evidence corpus and cited briefings. On a loopback address no token is needed; on any other address every write needs `Authorization: Bearer TOKEN` (`domei token create`), and reads too unless the server runs with --open-reads. Errors are {\"error\": {\"code\", \"message\"}}."
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas(),
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/api/health": {"get": {"summary": "Liveness, version and storage backend", "responses": {"200": ok("Up", json!({"type": "object", "properties": {"status": {"type": "string"}, "domei_version": {"type": "string"}, "backend": {"type": "string", "enum": ["sqlite", "postgres"]}}}))}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": ok("OpenAPI 3.1", json!({"type": "object"}))}}},
            "/api/scenarios": {
                "get": {"summary": "Every stored scenario", "responses": {"200": ok("Scenarios by id", arr("ScenarioSummary"))}},
                "post": {"summary": "Save a scenario's TOML as its next version (validated; the same text as the latest version saves nothing)",
                    "requestBody": body(json!({"type": "object", "required": ["toml"], "properties": {"toml": {"type": "string"}, "message": {"type": "string"}}, "additionalProperties": false})),
                    "responses": {"201": ok("A new version", r("SavedVersion")), "200": ok("Unchanged: the latest version", r("SavedVersion")), "422": err(), "401": err()}}
            },
            "/api/scenarios/{id}": {"get": {"summary": "A scenario version with its TOML and its parsed form", "parameters": [id, query("version", "Version [default: latest]", "integer", false)],
                "responses": {"200": ok("The version", r("ScenarioVersion")), "404": err()}}},
            "/api/scenarios/{id}/versions": {"get": {"summary": "Version history", "parameters": [id], "responses": {"200": ok("Versions, oldest first", arr("VersionInfo")), "404": err()}}},
            "/api/scenarios/{id}/diff": {"get": {"summary": "Line and semantic diff between two versions", "parameters": [id, query("from", "Older version", "integer", true), query("to", "Newer version", "integer", true)],
                "responses": {"200": ok("The diff", r("ScenarioDiff")), "404": err()}}},
            "/api/scenarios/{id}/values": {"post": {"summary": "Edit one value (point, range, judgement, evidence) and save the next version",
                "parameters": [id],
                "requestBody": body(r("ValueEditRequest")),
                "responses": {"201": ok("The new version", r("SavedVersion")), "400": err(), "404": err(), "409": err(), "422": err(), "401": err()}}},
            "/api/scenarios/{id}/evidence": {"post": {"summary": "Cite a corpus passage (quote checked verbatim) as evidence for one value",
                "parameters": [id],
                "requestBody": body(json!({"type": "object", "required": ["path", "passage"], "properties": {"path": {"type": "string"}, "passage": {"type": "string", "description": "DOC#pN"}, "quote": {"type": "string"}, "base_version": {"type": "integer"}}, "additionalProperties": false})),
                "responses": {"201": ok("The new version", r("SavedVersion")), "404": err(), "409": err(), "422": err(), "401": err()}}},
            "/api/scenarios/{id}/stances": {"post": {"summary": "Add an actor's stance on an issue (position and salience, with the judgement behind them) and save the next version",
                "parameters": [id],
                "requestBody": body(json!({"type": "object", "required": ["actor", "issue", "position", "salience", "judgement"], "additionalProperties": false, "properties": {"actor": {"type": "string"}, "issue": {"type": "string"}, "position": {"type": "number"}, "salience": {"type": "number"}, "judgement": {"type": "string"}, "base_version": {"type": "integer"}, "message": {"type": "string"}}})),
                "responses": {"201": ok("The new version", r("SavedVersion")), "404": err(), "409": err(), "422": err(), "401": err()}}},
            "/api/runs": {
                "get": {"summary": "Stored runs, newest first", "parameters": [query("scenario", "Only this scenario", "string", false), query("kind", "forecast or simulate", "string", false), query("limit", "At most this many [default 100, max 1000]", "integer", false)],
                    "responses": {"200": ok("Runs without results", arr("RunInfo"))}},
                "post": {"summary": "Start a forecast or a Monte Carlo simulation of a stored scenario version; the run is stored when done",
                    "parameters": [query("wait", "Wait until done [default: true for forecasts, false for simulations]", "boolean", false)],
                    "requestBody": body(r("RunRequest")),
                    "responses": {"201": ok("Done and stored (job.run is the run id)", r("Job")), "202": ok("Started; poll /api/jobs/{id}", r("Job")), "400": err(), "404": err(), "413": err(), "422": err(), "503": err(), "401": err()}}
            },
            "/api/runs/{id}": {"get": {"summary": "A run with its results (the JSON of `domei forecast` or `domei simulate`)", "parameters": [run], "responses": {"200": ok("The run", r("Run")), "404": err()}}},
            "/api/runs/{id}/rounds": {"get": {"summary": "Per-round logs of the iterative models, with the ids of the actors their positions belong to", "parameters": [run], "responses": {"200": ok("Round logs", arr("RoundLog")), "404": err()}}},
            "/api/runs/{id}/history": {"get": {"summary": "Why each actor moved: one issue's history under one of the run's models with rounds (the JSON of `domei history`, docs/cli.md)",
                "parameters": [run, query("issue", "Issue id [default: the first]", "string", false), query("model", "bdm, smp or exchange, among the run's models [default: the run's first model with rounds]", "string", false)],
                "responses": {"200": ok("The history", r("History")), "400": err(), "404": err()}}},
            "/api/runs/{id}/charts": {"get": {"summary": "The run's SVG charts (positions, rounds, Monte Carlo distributions, sensitivity tornadoes), recomputed from the stored scenario version and parameters",
                "parameters": [run], "responses": {"200": ok("Charts", json!({"type": "object", "properties": {"run": {"type": "integer"}, "reproduced": {"type": ["boolean", "null"], "description": "Whether the recomputed point forecasts equal the stored ones"}, "charts": arr("Chart")}})), "404": err()}}},
            "/api/runs/{id}/brief": {"get": {"summary": "The cited briefing of a run", "parameters": [run, query("format", "html (default) or pdf", "string", false)],
                "responses": {"200": {"description": "The briefing (a download)", "content": {"text/html": {}, "application/pdf": {}}}, "404": err()}}},
            "/api/jobs/{id}": {"get": {"summary": "A started run's progress", "parameters": [path_param("id", "Job id", "integer")], "responses": {"200": ok("The job", r("Job")), "404": err()}}},
            "/api/compare": {"get": {"summary": "Two runs' point forecasts side by side, with what changed in the scenario between them",
                "parameters": [query("a", "First run", "integer", true), query("b", "Second run", "integer", true)], "responses": {"200": ok("The comparison", r("Comparison")), "404": err()}}},
            "/api/ledger": {"get": {"summary": "The forecast ledger: every stored forecast (headline and models) made before its issue's recorded outcome, scored: absolute error, whether each range held the outcome; per model MAE, 80% coverage and 80% interval score (docs/cli.md, domei ledger)",
                "parameters": [query("scenario", "Only this scenario", "string", false)], "responses": {"200": ok("The ledger", r("Ledger")), "404": err()}}},
            "/api/outcomes": {
                "get": {"summary": "Recorded outcomes: the latest version of each scenario's issue, or every version", "parameters": [query("scenario", "Only this scenario", "string", false), query("history", "Every version [default false]", "boolean", false)],
                    "responses": {"200": ok("Outcomes by scenario, issue and version", arr("Outcome"))}},
                "post": {"summary": "Record what an issue settled at (checked against the scenario's latest version: the issue exists, the value is on its scale); recording again makes the next version",
                    "requestBody": body(json!({"type": "object", "required": ["scenario", "issue", "value", "date", "source"], "additionalProperties": false, "properties": {"scenario": {"type": "string"}, "issue": {"type": "string"}, "value": {"type": "number"}, "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD: when the outcome was resolved"}, "source": {"type": "string", "description": "Where the outcome is recorded"}}})),
                    "responses": {"201": ok("Recorded", r("Outcome")), "400": err(), "404": err(), "422": err(), "401": err()}}
            },
            "/api/corpus/documents": {"get": {"summary": "The corpus's document versions as recorded in the store (id, version, title, content hash, added)", "responses": {"200": ok("Documents", arr("CorpusDocument")), "503": err()}}},
            "/api/corpus/search": {"get": {"summary": "Search the evidence corpus (BM25, English stemming, Japanese bigrams, glossary expansion)",
                "parameters": [query("q", "Words", "string", true), query("limit", "Hits [default 10, max 50]", "integer", false)], "responses": {"200": ok("Hits", r("SearchResults")), "400": err()}}},
            "/api/corpus/passages/{citation}": {"get": {"summary": "A cited passage with its neighbours and its document's reference",
                "parameters": [path_param("citation", "DOC#pN (URL-encode the #)", "string")], "responses": {"200": ok("The passage", r("Passage")), "404": err()}}}
        }
    });
    // Building a scenario (service::build), added apart: one json! of the
    // whole document reaches the macro's recursion limit.
    let id = path_param("id", "Scenario id ([scenario] id)", "string");
    let build = json!({
            "/api/scenarios/{id}/changes": {"post": {"summary": "Build a scenario: one change of its structure (op: create, header, add_actor, edit_actor, remove_actor, add_issue, edit_issue, remove_issue, add_stance), each value with its judgement and/or cited passages (quotes checked in the corpus); saved as the next version. 422 lists every problem in `fields`, each named by the field it concerns",
                "parameters": [id],
                "requestBody": body(r("ChangeRequest")),
                "responses": {"201": ok("The new version", r("SavedVersion")), "400": err(), "404": err(), "409": err(), "422": err(), "401": err()}}},
            "/api/import": {"post": {"summary": "Import a scenario file (simple CSV, KTAB CSV, DEU III .tsv, scenario.toml, and every format `domei import` reads) through the CLI's loader; the format from the file name and content. A stored id gets its next version. 422 names the file's line and column in `fields`",
                "requestBody": body(json!({"type": "object", "required": ["filename", "text"], "additionalProperties": false, "properties": {"filename": {"type": "string", "description": "The file's name; its extension names the format"}, "text": {"type": "string"}, "message": {"type": "string"}}})),
                "responses": {"201": ok("A new version", r("SavedVersion")), "200": ok("Unchanged: the latest version", r("SavedVersion")), "422": err(), "401": err()}}}
    });
    if let (Some(p), Some(b)) = (doc["paths"].as_object_mut(), build.as_object()) {
        p.extend(b.clone());
    }
    doc
}

fn schemas() -> Value {
    let obj = |props: Value| json!({"type": "object", "properties": props});
    let mut all = json!({
        "Error": obj(json!({"error": obj(json!({"code": {"type": "string", "enum": ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "invalid", "unavailable", "internal"]}, "message": {"type": "string"}, "fields": {"type": "array", "description": "422 of a change or import: each problem beside the field it concerns", "items": r("FieldError")}}))})),
        "ScenarioRef": obj(json!({"id": {"type": "string"}, "version": {"type": "integer"}})),
        "ScenarioSummary": obj(json!({"id": {"type": "string"}, "name": {"type": "string"}, "versions": {"type": "integer"}, "latest_version": {"type": "integer"}, "runs": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}})),
        "SavedVersion": obj(json!({"scenario": r("ScenarioRef"), "sha256": {"type": "string"}, "created": {"type": "boolean"}})),
        "VersionInfo": obj(json!({"version": {"type": "integer"}, "sha256": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}, "message": {"type": ["string", "null"]}})),
        "ScenarioVersion": obj(json!({"id": {"type": "string"}, "version": {"type": "integer"}, "latest_version": {"type": "integer"}, "sha256": {"type": "string"}, "created_at": {"type": "string"}, "message": {"type": ["string", "null"]}, "toml": {"type": "string"}, "scenario": {"type": "object", "description": "The validated scenario (actors, issues, stances[actor][issue] with position and salience values, each with range, evidence and judgement)"}})),
        "ScenarioDiff": obj(json!({"scenario_id": {"type": "string"}, "from": {"type": "integer"}, "to": {"type": "integer"}, "unified": {"type": "string"}, "changes": {"type": ["array", "null"], "items": obj(json!({"path": {"type": "string"}, "old": {"type": ["string", "null"]}, "new": {"type": ["string", "null"]}}))}, "semantic_error": {"type": ["string", "null"]}})),
        "ValueEditRequest": {"type": "object", "required": ["path", "change"], "additionalProperties": false, "properties": {
            "path": {"type": "string", "description": "ACTOR.capability, ISSUE.status_quo, ACTOR.ISSUE.position or ACTOR.ISSUE.salience"},
            "base_version": {"type": "integer", "description": "The version edited; 409 if the scenario has a newer one"},
            "message": {"type": "string"},
            "change": {"type": "object", "additionalProperties": false, "properties": {
                "value": {"type": "number"}, "low": {"type": "number"}, "high": {"type": "number"}, "clear_range": {"type": "boolean"},
                "judgement": {"type": "string", "description": "Empty removes it"},
                "remove_evidence": {"type": "array", "items": {"type": "integer"}},
                "confirm_evidence": {"type": "array", "items": {"type": "integer"}, "description": "indices of evidence entries re-read and confirmed: their review = \"needed\" is removed"},
                "add_evidence": {"type": "array", "items": obj(json!({"passage": {"type": "string"}, "quote": {"type": "string"}}))}}}}},
        "RunRequest": {"type": "object", "required": ["scenario"], "additionalProperties": false, "properties": {
            "scenario": {"type": "string"}, "version": {"type": "integer"}, "kind": {"type": "string", "enum": ["forecast", "simulate"]},
            "models": {"type": "array", "items": {"type": "string", "enum": ["all", "compromise", "median", "bdm", "nash", "smp", "exchange"]}},
            "rounds": {"type": "integer", "minimum": 1, "maximum": 1000}, "draws": {"type": "integer", "minimum": 1, "maximum": crate::service::MAX_DRAWS}, "seed": {"type": "integer"},
            "exchange_reading": {"type": "string", "enum": ["decide", "continuous"], "description": "The exchange model's reading (docs/cli.md, exchange); default decide"}}},
        "Job": obj(json!({"id": {"type": "integer"}, "kind": {"type": "string"}, "scenario": r("ScenarioRef"), "models": {"type": "array", "items": {"type": "string"}}, "state": {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled"]}, "done": {"type": "integer"}, "total": {"type": "integer"}, "run": {"type": ["integer", "null"]}, "error": {"type": ["string", "null"]}, "estimate": obj(json!({"memory_bytes": {"type": "integer"}, "work": {"type": "integer"}})), "elapsed_seconds": {"type": ["number", "null"]}, "remaining_seconds": {"type": ["number", "null"], "description": "Estimated from the pace so far (simulations, once draws are done)"}})),
        "RunInfo": obj(json!({"id": {"type": "integer"}, "scenario": r("ScenarioRef"), "kind": {"type": "string"}, "models": {"type": "array", "items": {"type": "string"}}, "parameters": {"type": "object", "description": "{rounds, options, explain, seed, monte_carlo?} (docs/cli.md, Stored runs)"}, "seed": {"type": ["integer", "null"]}, "domei_version": {"type": "string"}, "started_at": {"type": "string"}, "finished_at": {"type": ["string", "null"]}, "status": {"type": "string"}})),
        "Run": {"allOf": [r("RunInfo"), obj(json!({"results": {"type": ["object", "null"]}}))]},
        "RoundLog": obj(json!({"issue_id": {"type": "string"}, "model": {"type": "string"}, "round": {"type": "integer"}, "median": {"type": "number"}, "mean": {"type": "number"}, "positions": {"type": "array", "items": {"type": "number"}}, "actors": {"type": "array", "items": {"type": "string"}, "description": "positions[k] is actor actors[k]'s"}})),
        "History": obj(json!({"issue": {"type": "string"}, "model": {"type": "string"}, "initial": {"type": "array", "items": obj(json!({"id": {"type": "string"}, "position": {"type": "number"}}))},
            "rounds": {"type": "array", "items": obj(json!({"round": {"type": "integer"}, "median": {"type": "number"}, "mean": {"type": "number"},
                "actors": {"type": "array", "items": obj(json!({"id": {"type": "string"}, "position": {"type": "number"}}))},
                "moves": {"type": "array", "items": obj(json!({"actor": {"type": "string"}, "from": {"type": "number"}, "to": {"type": "number"}, "because": {"type": "string"}, "cause": {"type": "object", "description": "tagged by kind: offer, bargain, exchange, between_rounds (docs/cli.md, History JSON)"}}))}}))}})),
        "Chart": obj(json!({"id": {"type": "string"}, "kind": {"type": "string", "enum": ["positions", "rounds", "distribution", "tornado"]}, "issue": {"type": "string"}, "svg": {"type": "string"}})),
        "Comparison": obj(json!({"a": r("RunInfo"), "b": r("RunInfo"), "rows": {"type": "array", "items": obj(json!({"issue": {"type": "string"}, "issue_name": {"type": "string"}, "model": {"type": "string"}, "a": {"type": ["number", "null"]}, "b": {"type": ["number", "null"]}, "delta": {"type": ["number", "null"]}, "unit": {"type": "string"}, "scale": {"type": "array", "items": {"type": "number"}, "description": "[min, max]"}, "changed": {"type": "boolean"}}))}, "scenario_changes": {"type": "array", "items": {"type": "string"}}})),
        "SearchResults": obj(json!({"query": {"type": "string"}, "expansions": {"type": "array", "items": {"type": "string"}}, "hits": {"type": "array", "items": obj(json!({"rank": {"type": "integer"}, "score": {"type": "number"}, "doc": {"type": "string"}, "version": {"type": "integer"}, "locator": {"type": "string"}, "passage": {"type": "string"}, "title": {"type": ["string", "null"]}, "snippet": {"type": "string"}, "highlights": {"type": "array"}}))}})),
        "CorpusDocument": obj(json!({"id": {"type": "string"}, "version": {"type": "integer"}, "title": {"type": "string"}, "sha256": {"type": "string"}, "added_at": {"type": "string", "format": "date-time"}})),
        "Outcome": obj(json!({"scenario": {"type": "string"}, "issue": {"type": "string"}, "version": {"type": "integer"}, "value": {"type": "number"}, "date": {"type": "string", "format": "date"}, "source": {"type": "string"}, "recorded_at": {"type": "string", "format": "date-time"}})),
        "Ledger": obj(json!({
            "forecasts": {"type": "array", "items": obj(json!({"run": {"type": "integer"}, "scenario": {"type": "string"}, "issue": {"type": "string"}, "made": {"type": "string", "format": "date-time"}, "model": {"type": "string", "description": "A model, or \"headline\""}, "value": {"type": "number"}, "outcome": {"type": "number"}, "abs_error": {"type": "number"}, "in50": {"type": ["boolean", "null"]}, "in80": {"type": ["boolean", "null"]}, "in95": {"type": ["boolean", "null"]}}))},
            "summary": {"type": "array", "items": obj(json!({"model": {"type": "string"}, "n": {"type": "integer"}, "mae": {"type": "number"}, "coverage80": {"type": ["number", "null"]}, "interval_score80": {"type": ["number", "null"]}}))}})),
        "Passage": obj(json!({"citation": {"type": "string"}, "doc": {"type": "string"}, "title": {"type": ["string", "null"]}, "reference": {"type": "string"}, "text": {"type": "string"}, "before": {"type": ["string", "null"]}, "after": {"type": ["string", "null"]}})),
    });
    let build = json!({
        "FieldError": obj(json!({"field": {"type": "string", "description": "A value path (ACTOR.ISSUE.position, ACTOR.capability, ISSUE.status_quo, ...), an entry (ACTOR, ISSUE, ISSUE.scale, ISSUE.anchors, ACTOR.ISSUE), `scenario` or `file`"}, "message": {"type": "string"}, "help": {"type": "string", "description": "How to fix it"}, "closest": {"type": "object", "description": "For a quote not in its passage: the closest passage", "properties": {"passage": {"type": "string"}, "similarity": {"type": "number"}, "excerpt": {"type": "string"}}}})),
        "Sourced": {"type": "object", "required": ["value"], "additionalProperties": false, "properties": {"value": {"type": "number"}, "judgement": {"type": "string"}, "evidence": {"type": "array", "items": {"type": "object", "required": ["passage"], "properties": {"passage": {"type": "string", "description": "DOC#pN"}, "quote": {"type": "string", "description": "verbatim from the passage"}}}}}},
        "ChangeRequest": {"type": "object", "required": ["change"], "additionalProperties": false, "properties": {"base_version": {"type": "integer"}, "message": {"type": "string"}, "change": {"type": "object", "required": ["op"], "description": "create {name, question?}; header {name, question?}; add_actor {id, name?, description?, capability: Sourced}; edit_actor {actor, id, name?, description?}; remove_actor {actor}; add_issue {id, name?, unit?, min, max, anchors?: [{value, label}], description?, status_quo?: Sourced}; edit_issue {issue, id, name?, unit?, min, max, anchors?, description?}; remove_issue {issue}; add_stance {actor, issue, position: Sourced, salience: Sourced}", "properties": {"op": {"type": "string", "enum": ["create", "header", "add_actor", "edit_actor", "remove_actor", "add_issue", "edit_issue", "remove_issue", "add_stance"]}}}}}
    });
    if let (Some(a), Some(b)) = (all.as_object_mut(), build.as_object()) {
        a.extend(b.clone());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(method, path)` of every `.route(...)` in api.rs, read from its source.
    fn registered() -> Vec<(String, String)> {
        let src = include_str!("api.rs");
        let mut out = Vec::new();
        for line in src
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with(".route(\""))
        {
            let path = line.split('"').nth(1).unwrap_or_default().to_string();
            for m in ["get", "post", "put", "patch", "delete"] {
                if line.contains(&format!("{m}(")) {
                    out.push((m.to_string(), path.clone()));
                }
            }
        }
        out
    }

    #[test]
    fn every_route_is_documented_and_every_documented_route_exists() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        let reg = registered();
        assert!(reg.len() >= 18, "{reg:?}");
        for (m, p) in &reg {
            assert!(
                paths.get(p).and_then(|x| x.get(m)).is_some(),
                "{m} {p} is not in the OpenAPI document"
            );
        }
        for (p, ops) in paths {
            for m in ops.as_object().unwrap().keys() {
                assert!(
                    reg.contains(&(m.clone(), p.clone())),
                    "{m} {p} is documented but not routed"
                );
            }
        }
    }

    #[test]
    fn every_schema_reference_resolves() {
        let doc = document();
        let text = doc.to_string();
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(
                doc["components"]["schemas"].get(&name).is_some(),
                "missing schema {name}"
            );
        }
    }
}
