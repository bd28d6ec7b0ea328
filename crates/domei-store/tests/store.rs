//! The store's test suite, written once and run on both backends: every
//! test below is `sqlite::NAME` and `postgres::NAME` (see `both_backends!`).
//! Schema and opening, scenario versions and diffs, tokens, corpus
//! documents and outcomes; stored runs are in `store_runs.rs`.

mod common;

use common::*;
use domei_store::testing::{Kind, TestDb};
use domei_store::{Store, StoreError, SCHEMA_VERSION};

both_backends!(
    migrations_are_idempotent,
    an_older_schema_is_upgraded_keeping_its_data,
    a_newer_schema_is_refused,
    scenario_versions_are_numbered_and_deduplicated,
    scenario_diff_has_lines_and_values,
    tokens_verify_until_revoked_and_are_stored_hashed,
    a_save_based_on_an_old_version_is_a_conflict,
    corpus_documents_are_recorded_once_per_version,
    outcomes_are_versioned_the_latest_counts_and_history_is_kept,
    an_outcome_needs_a_stored_scenario_and_a_finite_value,
);

fn outcome(
    scenario: &str,
    issue: &str,
    value: f64,
    date: (i32, u8, u8),
) -> domei_store::NewOutcome {
    domei_store::NewOutcome {
        scenario_id: scenario.into(),
        issue_id: issue.into(),
        value,
        date: time::Date::from_calendar_date(
            date.0,
            time::Month::try_from(date.1).unwrap(),
            date.2,
        )
        .unwrap(),
        source: format!("Official Journal, {issue}"),
    }
}

async fn outcomes_are_versioned_the_latest_counts_and_history_is_kept(db: TestDb) {
    use domei_store::OutcomeFilter;
    let store = db.open().await;
    store.save_scenario(SCENARIO, None).await.unwrap();
    store.save_scenario(&other_scenario(), None).await.unwrap();
    assert!(store
        .list_outcomes(&OutcomeFilter::default())
        .await
        .unwrap()
        .is_empty());
    let first = store
        .record_outcome(&outcome("t", "x", 4.25, (2025, 7, 22)))
        .await
        .unwrap();
    assert_eq!((first.version, first.value), (1, 4.25));
    let again = store
        .record_outcome(&outcome("t", "x", 0.1 + 0.2, (2025, 9, 4)))
        .await
        .unwrap();
    assert_eq!(again.version, 2);
    store
        .record_outcome(&outcome("u", "x", 7.0, (2024, 12, 31)))
        .await
        .unwrap();
    // Latest per scenario and issue, by scenario then issue.
    let latest = store
        .list_outcomes(&OutcomeFilter::default())
        .await
        .unwrap();
    let got: Vec<(&str, &str, i64, f64)> = latest
        .iter()
        .map(|o| (o.scenario.as_str(), o.issue.as_str(), o.version, o.value))
        .collect();
    assert_eq!(got, vec![("t", "x", 2, 0.1 + 0.2), ("u", "x", 1, 7.0)]);
    assert_eq!(latest[0], again, "reads back equal, date and time included");
    assert_eq!(latest[0].date.to_string(), "2025-09-04");
    // The history keeps every version; a filter keeps one scenario.
    let history = store
        .list_outcomes(&OutcomeFilter {
            scenario: Some("t".into()),
            history: true,
        })
        .await
        .unwrap();
    assert_eq!(history, vec![first.clone(), again]);
    assert_eq!(history[0].source, "Official Journal, x");
    let json = serde_json::to_value(&history[0]).unwrap();
    assert_eq!(json["date"], "2025-07-22");
    assert_eq!(json["scenario"], "t");
}

async fn an_outcome_needs_a_stored_scenario_and_a_finite_value(db: TestDb) {
    let store = db.open().await;
    let err = store
        .record_outcome(&outcome("t", "x", 1.0, (2025, 1, 1)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    store.save_scenario(SCENARIO, None).await.unwrap();
    let err = store
        .record_outcome(&outcome("t", "x", f64::NAN, (2025, 1, 1)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Data(_)), "{err}");
    assert!(store
        .list_outcomes(&Default::default())
        .await
        .unwrap()
        .is_empty());
}

async fn corpus_documents_are_recorded_once_per_version(db: TestDb) {
    let store = db.open().await;
    let at = time::OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap();
    let doc = |id: &str, v: i64, title: &str| domei_store::CorpusDocument {
        id: id.into(),
        version: v,
        title: title.into(),
        sha256: format!("{id}-{v}"),
        added_at: at,
    };
    let first = [
        doc("004_x", 1, "ND recommendations"),
        doc("000_y", 1, "JFIR"),
    ];
    assert_eq!(store.record_corpus_documents(&first).await.unwrap(), 2);
    // Again, plus a new version: only the new version is added, and a
    // recorded version keeps its first title.
    let again = [
        doc("004_x", 1, "renamed"),
        doc("004_x", 2, "ND recommendations, v2"),
    ];
    assert_eq!(store.record_corpus_documents(&again).await.unwrap(), 1);
    let all = store.corpus_documents().await.unwrap();
    let got: Vec<(&str, i64, &str)> = all
        .iter()
        .map(|d| (d.id.as_str(), d.version, d.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("000_y", 1, "JFIR"),
            ("004_x", 1, "ND recommendations"),
            ("004_x", 2, "ND recommendations, v2")
        ]
    );
    assert_eq!(all[0].added_at, at);
}

async fn a_save_based_on_an_old_version_is_a_conflict(db: TestDb) {
    let store = db.open().await;
    // No version yet: base 0 is right, base 1 is not.
    let err = store
        .save_scenario_based_on(SCENARIO, None, Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                latest: 0,
                ..
            }
        ),
        "{err}"
    );
    let v1 = store
        .save_scenario_based_on(SCENARIO, None, Some(0))
        .await
        .unwrap();
    assert_eq!(v1.scenario.version, 1);
    let a = SCENARIO.replacen("salience = 0.5", "salience = 0.9", 1);
    let b = SCENARIO.replacen("salience = 0.5", "salience = 0.1", 1);
    // Two editors both started from version 1: the first wins, the second
    // is refused and nothing of it is written.
    assert_eq!(
        store
            .save_scenario_based_on(&a, None, Some(1))
            .await
            .unwrap()
            .scenario
            .version,
        2
    );
    let err = store
        .save_scenario_based_on(&b, None, Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                latest: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("changed meanwhile"));
    let latest = store.scenario_version("t", None).await.unwrap();
    assert_eq!((latest.info.version, latest.toml.as_str()), (2, a.as_str()));
}

async fn migrations_are_idempotent(db: TestDb) {
    let store = db.open().await;
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    store.save_scenario(SCENARIO, Some("first")).await.unwrap();
    store.close().await;
    // Opening again (twice, at once) applies nothing and keeps the data.
    let (a, b) = tokio::join!(db.open(), db.open());
    for s in [&a, &b] {
        assert_eq!(s.schema_version().await.unwrap(), SCHEMA_VERSION);
        assert_eq!(s.list_scenarios().await.unwrap().len(), 1);
    }
}

async fn an_older_schema_is_upgraded_keeping_its_data(db: TestDb) {
    let old = Store::open_at_schema(&db.location(), 1).await.unwrap();
    assert_eq!(old.schema_version().await.unwrap(), 1);
    let saved = old.save_scenario(SCENARIO, None).await.unwrap();
    let id = old
        .save_run(&saved.scenario, &sample_run("forecast", 3))
        .await
        .unwrap();
    // Version 2's and 3's tables do not exist yet.
    assert!(old.list_tokens().await.is_err());
    assert!(old.list_outcomes(&Default::default()).await.is_err());
    old.close().await;

    let store = db.open().await;
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.get_run(id).await.unwrap().info.scenario,
        saved.scenario
    );
    assert_eq!(store.run_rounds(id).await.unwrap().len(), 3);
    store.create_token("after upgrade").await.unwrap();
    store
        .record_outcome(&outcome("t", "x", 2.0, (2025, 1, 1)))
        .await
        .unwrap();
}

async fn a_newer_schema_is_refused(db: TestDb) {
    db.open().await.close().await;
    const SQL: &str =
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                       VALUES (99, 'from the future', TRUE, $1, 0)";
    match db.kind {
        Kind::Sqlite => {
            let p = sqlx::SqlitePool::connect(&db.url).await.unwrap();
            sqlx::query(SQL)
                .bind(vec![0u8; 48])
                .execute(&p)
                .await
                .unwrap();
            p.close().await;
        }
        Kind::Postgres => {
            let p = sqlx::PgPool::connect(&db.url).await.unwrap();
            sqlx::query(SQL)
                .bind(vec![0u8; 48])
                .execute(&p)
                .await
                .unwrap();
            p.close().await;
        }
    }
    match Store::open(&db.location()).await {
        Err(e @ StoreError::SchemaTooNew { found: 99, .. }) => {
            assert!(!e.is_usage());
            assert!(e.to_string().contains("upgrade domei"), "{e}");
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

async fn scenario_versions_are_numbered_and_deduplicated(db: TestDb) {
    let store = db.open().await;
    let v1 = store.save_scenario(SCENARIO, Some("first")).await.unwrap();
    assert_eq!(
        (v1.scenario.id.as_str(), v1.scenario.version, v1.created),
        ("t", 1, true)
    );
    assert_eq!(v1.sha256, domei_store::sha256_hex(SCENARIO.as_bytes()));
    // The same text again: no new version.
    let again = store
        .save_scenario(SCENARIO, Some("ignored"))
        .await
        .unwrap();
    assert_eq!((again.scenario.version, again.created), (1, false));
    let edited = SCENARIO.replacen("salience = 0.5", "salience = 0.9", 1);
    let v2 = store
        .save_scenario(&edited, Some("more salient"))
        .await
        .unwrap();
    assert_eq!((v2.scenario.version, v2.created), (2, true));
    // Back to the first text: a new version (dedupe is against the latest).
    assert_eq!(
        store
            .save_scenario(SCENARIO, None)
            .await
            .unwrap()
            .scenario
            .version,
        3
    );
    store.save_scenario(&other_scenario(), None).await.unwrap();

    let h = store.scenario_history("t").await.unwrap();
    assert_eq!(h.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(h[0].message.as_deref(), Some("first"));
    assert_eq!(h[1].message.as_deref(), Some("more salient"));
    assert_eq!(h[2].message, None);
    assert!(h[0].created_at <= h[1].created_at);
    assert_eq!(
        store.scenario_version("t", Some(2)).await.unwrap().toml,
        edited
    );
    assert_eq!(
        store
            .scenario_version("t", None)
            .await
            .unwrap()
            .info
            .version,
        3
    );

    let list = store.list_scenarios().await.unwrap();
    assert_eq!(
        list.iter()
            .map(|s| (s.id.as_str(), s.versions, s.latest_version))
            .collect::<Vec<_>>(),
        [("t", 3, 3), ("u", 1, 1)]
    );
    assert_eq!(list[1].name, "Other");

    assert!(matches!(
        store.scenario_history("nope").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.scenario_version("t", Some(9)).await,
        Err(StoreError::NotFound(_))
    ));
    // An actor without a capability breaks a rule every version keeps.
    match store
        .save_scenario("[scenario]\nid = \"t\"\n[[actors]]\nid = \"a\"\n", None)
        .await
    {
        Err(StoreError::InvalidScenario(m)) => {
            assert!(
                m.contains("scenario.toml:") && m.contains("no capability"),
                "{m}"
            )
        }
        other => panic!("expected InvalidScenario, got {other:?}"),
    }
    assert_eq!(store.scenario_history("t").await.unwrap().len(), 3);
    // Work in progress is kept: a scenario with nothing but its header (the
    // workbench builds scenarios version by version; runs check the rest).
    let saved = store
        .save_scenario("[scenario]\nid = \"empty\"\nname = \"New\"\n", None)
        .await
        .unwrap();
    assert_eq!((saved.scenario.version, saved.created), (1, true));
}

async fn scenario_diff_has_lines_and_values(db: TestDb) {
    let store = db.open().await;
    store.save_scenario(SCENARIO, None).await.unwrap();
    let edited = SCENARIO
        .replacen("salience = 0.5", "salience = 0.9", 1)
        .replacen("capability = 1\n", "capability = 1.5\n", 1);
    store.save_scenario(&edited, None).await.unwrap();
    let d = store.diff_scenario("t", 1, 2).await.unwrap();
    assert!(
        d.unified.contains("--- t v1") && d.unified.contains("+++ t v2"),
        "{}",
        d.unified
    );
    assert!(
        d.unified.contains("-salience = 0.5\n+salience = 0.9"),
        "{}",
        d.unified
    );
    let changes: Vec<String> = d.changes.unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        changes,
        ["b.capability: 1 → 1.5", "a.x.salience: 0.5 → 0.9"]
    );
    assert!(store.diff_scenario("t", 1, 3).await.is_err());
}

async fn tokens_verify_until_revoked_and_are_stored_hashed(db: TestDb) {
    let store = db.open().await;
    let a = store.create_token("ci").await.unwrap();
    let b = store.create_token("laptop").await.unwrap();
    assert!(
        a.plaintext.starts_with(&format!("domei_{}_", a.token.id)),
        "{}",
        a.plaintext
    );
    assert_ne!(a.plaintext, b.plaintext);
    assert!(a.token.last_used_at.is_none());

    assert!(store.verify_token(&a.plaintext).await.unwrap());
    assert!(store.verify_token(&b.plaintext).await.unwrap());
    // Wrong secret, someone else's id, garbage.
    let mut wrong = a.plaintext.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    assert!(!store.verify_token(&wrong).await.unwrap());
    let swapped = format!(
        "domei_{}_{}",
        b.token.id,
        a.plaintext.rsplit('_').next().unwrap()
    );
    assert!(!store.verify_token(&swapped).await.unwrap());
    for junk in ["", "domei_", "domei_1_xyz", "Bearer x"] {
        assert!(!store.verify_token(junk).await.unwrap(), "{junk}");
    }

    let list = store.list_tokens().await.unwrap();
    assert_eq!(
        list.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
        ["ci", "laptop"]
    );
    assert!(list[0].last_used_at.is_some());

    assert!(store.revoke_token(a.token.id).await.unwrap());
    assert!(!store.revoke_token(a.token.id).await.unwrap());
    assert!(!store.revoke_token(9999).await.unwrap());
    assert!(!store.verify_token(&a.plaintext).await.unwrap());
    assert!(store.verify_token(&b.plaintext).await.unwrap());
    assert!(store.list_tokens().await.unwrap()[0].revoked_at.is_some());

    // Neither the plaintext nor its secret is anywhere in the table.
    let secret = a.plaintext.rsplit('_').next().unwrap().to_string();
    const SQL: &str = "SELECT id, label, hash FROM tokens ORDER BY id";
    let rows: Vec<(i64, String, String)> = match db.kind {
        Kind::Sqlite => sqlx::query_as(SQL)
            .fetch_all(&sqlx::SqlitePool::connect(&db.url).await.unwrap())
            .await
            .unwrap(),
        Kind::Postgres => sqlx::query_as(SQL)
            .fetch_all(&sqlx::PgPool::connect(&db.url).await.unwrap())
            .await
            .unwrap(),
    };
    assert_eq!(rows.len(), 2);
    for (_, label, hash) in &rows {
        assert!(!label.contains(&secret) && !hash.contains(&secret));
        assert_eq!(hash.len(), 64);
    }
    assert_eq!(rows[0].2, domei_store::sha256_hex(secret.as_bytes()));
    // Nor in the SQLite file's bytes.
    if let Some(path) = db.location().sqlite_path() {
        store.close().await;
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default());
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
    }
}

// ---- opening: errors that need no particular backend ----

#[tokio::test]
async fn a_corrupt_sqlite_file_is_reported_not_a_panic() {
    let db = TestDb::sqlite();
    let path = db.location().sqlite_path().unwrap().to_path_buf();
    std::fs::write(
        &path,
        b"this is not an SQLite database, just some text that is long enough to have a header",
    )
    .unwrap();
    match Store::open(&db.location()).await {
        Err(e @ StoreError::Corrupt { .. }) => {
            assert!(!e.is_usage());
            assert!(e.to_string().contains(&path.display().to_string()), "{e}");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_folder_is_a_bad_url_and_a_closed_port_unavailable() {
    let e = Store::open_url(Some("sqlite:///no/such/folder/x.sqlite"))
        .await
        .unwrap_err();
    assert!(
        e.is_usage() && e.to_string().contains("does not exist"),
        "{e}"
    );
    let e = Store::open_url(Some("mysql://h/db")).await.unwrap_err();
    assert!(e.is_usage(), "{e}");
    // Port 1 on loopback: nothing listens there.
    let e = Store::open_url(Some("postgres://u:secret@127.0.0.1:1/db"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Unavailable { .. }) && !e.is_usage(),
        "{e}"
    );
    assert!(!e.to_string().contains("secret"), "{e}");
}

#[test]
fn postgres_tests_fail_in_ci_without_a_server() {
    // The rule itself (run in a child so this process's environment is not
    // changed): CI set, URL unset → panic.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "postgres::migrations_are_idempotent",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CI", "true")
        .env_remove(domei_store::testing::POSTGRES_ENV)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("must run in CI"), "{text}");
}
