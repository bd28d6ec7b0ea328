//! The store's runs, on both backends like `store.rs` (every test is
//! `sqlite::NAME` and `postgres::NAME`): a run reads back equal, lists and
//! filters, is atomic, needs a stored scenario version, survives concurrent
//! writers, and is named, annotated and labelled.

mod common;

use common::*;
use domei_store::testing::TestDb;
use domei_store::{RunFilter, ScenarioRef, StoreError};
use std::sync::Arc;

both_backends!(
    run_reads_back_equal,
    runs_list_newest_first_and_filter,
    a_dropped_transaction_leaves_nothing,
    a_run_needs_a_stored_scenario_version,
    concurrent_writers_all_succeed,
    runs_are_named_and_annotated_and_labels_can_be_cleared,
);

async fn run_reads_back_equal(db: TestDb) {
    let store = db.open().await;
    // More rounds than one INSERT batch holds.
    let run = sample_run("forecast", 1234);
    let (saved, id) = store
        .save_run_with_scenario(SCENARIO, Some("with a run"), &run)
        .await
        .unwrap();
    assert_eq!(
        saved.scenario,
        ScenarioRef {
            id: "t".into(),
            version: 1
        }
    );
    let back = store.get_run(id).await.unwrap();
    assert_eq!(back.info.id, id);
    assert_eq!(back.info.scenario, saved.scenario);
    assert_eq!(back.info.kind, run.kind);
    assert_eq!(back.info.models, run.models);
    assert_eq!(back.info.parameters, run.parameters);
    assert_eq!(back.info.seed, run.seed);
    assert_eq!(back.info.domei_version, run.domei_version);
    assert_eq!(back.info.started_at, run.started_at);
    assert_eq!(back.info.finished_at, run.finished_at);
    assert_eq!(back.info.status, run.status);
    assert_eq!(
        back.results,
        Some(run.results.as_ref().unwrap().decode().unwrap())
    );
    assert_eq!(store.run_rounds(id).await.unwrap(), run.rounds);

    // Without results, finish time or seed.
    let bare = domei_store::NewRun {
        results: None,
        finished_at: None,
        seed: None,
        rounds: vec![],
        ..run.clone()
    };
    let id2 = store.save_run(&saved.scenario, &bare).await.unwrap();
    let back = store.get_run(id2).await.unwrap();
    assert_eq!(
        (back.results, back.info.finished_at, back.info.seed),
        (None, None, None)
    );
    assert!(store.run_rounds(id2).await.unwrap().is_empty());
    assert!(id2 > id);
    assert!(matches!(
        store.get_run(id2 + 100).await,
        Err(StoreError::NotFound(_))
    ));

    // A round with a non-finite value is refused before anything is written.
    let mut bad = sample_run("forecast", 2);
    bad.rounds[1].mean = f64::NAN;
    assert!(matches!(
        store.save_run(&saved.scenario, &bad).await,
        Err(StoreError::Data(_))
    ));
    assert_eq!(
        store.list_runs(&RunFilter::default()).await.unwrap().len(),
        2
    );
}

async fn runs_list_newest_first_and_filter(db: TestDb) {
    let store = db.open().await;
    let t = store.save_scenario(SCENARIO, None).await.unwrap().scenario;
    let u = store
        .save_scenario(&other_scenario(), None)
        .await
        .unwrap()
        .scenario;
    let mut ids = Vec::new();
    for (s, kind) in [
        (&t, "forecast"),
        (&u, "forecast"),
        (&t, "simulate"),
        (&t, "forecast"),
    ] {
        ids.push(store.save_run(s, &sample_run(kind, 1)).await.unwrap());
    }
    let list = |f: RunFilter| {
        let store = store.clone();
        async move {
            store
                .list_runs(&f)
                .await
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(RunFilter::default()).await,
        [ids[3], ids[2], ids[1], ids[0]]
    );
    assert_eq!(
        list(RunFilter {
            scenario: Some("t".into()),
            ..Default::default()
        })
        .await,
        [ids[3], ids[2], ids[0]]
    );
    assert_eq!(
        list(RunFilter {
            kind: Some("simulate".into()),
            ..Default::default()
        })
        .await,
        [ids[2]]
    );
    let both = RunFilter {
        scenario: Some("t".into()),
        kind: Some("forecast".into()),
        limit: None,
    };
    assert_eq!(list(both).await, [ids[3], ids[0]]);
    assert_eq!(
        list(RunFilter {
            limit: Some(2),
            ..Default::default()
        })
        .await,
        [ids[3], ids[2]]
    );
    assert_eq!(
        list(RunFilter {
            scenario: Some("none".into()),
            ..Default::default()
        })
        .await,
        Vec::<i64>::new()
    );
    let runs = store
        .list_scenarios()
        .await
        .unwrap()
        .iter()
        .map(|s| s.runs)
        .collect::<Vec<_>>();
    assert_eq!(runs, [3, 1]);
}

async fn a_dropped_transaction_leaves_nothing(db: TestDb) {
    let store = db.open().await;
    let before = store
        .save_run_with_scenario(SCENARIO, None, &sample_run("forecast", 2))
        .await
        .unwrap()
        .1;

    // A run row written, its rounds not yet: the transaction is dropped.
    let mut tx = store.begin().await.unwrap();
    let saved = tx.save_scenario(&other_scenario(), None).await.unwrap();
    let id = tx
        .insert_run(&saved.scenario, &sample_run("forecast", 0))
        .await
        .unwrap();
    tx.insert_rounds(id, &sample_run("forecast", 5).rounds)
        .await
        .unwrap();
    drop(tx);
    let runs = store.list_runs(&RunFilter::default()).await.unwrap();
    assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [before]);
    assert!(store.run_rounds(id).await.unwrap().is_empty());
    assert!(store.scenario_history("u").await.is_err());

    // Explicit rollback likewise; the store stays usable and the earlier run
    // is intact.
    let mut tx = store.begin().await.unwrap();
    tx.insert_run(
        &ScenarioRef {
            id: "t".into(),
            version: 1,
        },
        &sample_run("forecast", 0),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        store.list_runs(&RunFilter::default()).await.unwrap().len(),
        1
    );
    assert_eq!(store.run_rounds(before).await.unwrap().len(), 2);
    let after = store
        .save_run_with_scenario(SCENARIO, None, &sample_run("forecast", 1))
        .await
        .unwrap()
        .1;
    assert!(after > before);
}

async fn a_run_needs_a_stored_scenario_version(db: TestDb) {
    let store = db.open().await;
    store.save_scenario(SCENARIO, None).await.unwrap();
    let missing = ScenarioRef {
        id: "t".into(),
        version: 2,
    };
    assert!(store
        .save_run(&missing, &sample_run("forecast", 2))
        .await
        .is_err());
    assert!(store
        .list_runs(&RunFilter::default())
        .await
        .unwrap()
        .is_empty());
}

async fn concurrent_writers_all_succeed(db: TestDb) {
    let store = Arc::new(db.open().await);
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut run = sample_run("forecast", 30);
                run.seed = Some(i);
                store.save_run_with_scenario(SCENARIO, None, &run).await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        let (saved, id) = t.await.unwrap().unwrap();
        assert_eq!(saved.scenario.version, 1);
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    let runs = store.list_runs(&RunFilter::default()).await.unwrap();
    assert_eq!(runs.len(), 20);
    let mut seeds: Vec<u64> = runs.iter().filter_map(|r| r.seed).collect();
    seeds.sort();
    assert_eq!(seeds, (0..20).collect::<Vec<_>>());
    assert_eq!(store.scenario_history("t").await.unwrap().len(), 1);
    for id in ids {
        assert_eq!(store.run_rounds(id).await.unwrap().len(), 30);
    }
}

/// A run's name and note are stored, replaced, read for many runs at once
/// and cleared; a label needs a stored run and fits its limits.
async fn runs_are_named_and_annotated_and_labels_can_be_cleared(db: TestDb) {
    let store = db.open().await;
    let (_, a) = store
        .save_run_with_scenario(SCENARIO, None, &sample_run("forecast", 3))
        .await
        .unwrap();
    let b = store
        .save_run(
            &ScenarioRef {
                id: "t".into(),
                version: 1,
            },
            &sample_run("simulate", 0),
        )
        .await
        .unwrap();
    assert_eq!(store.run_label(a).await.unwrap(), None);
    let l = store
        .set_run_label(a, Some("  baseline 日米  "), Some("before the summit"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(l.name.as_deref(), Some("baseline 日米"));
    assert_eq!(store.run_label(a).await.unwrap(), Some(l.clone()));
    // Replaced: the note cleared, the name changed.
    let l2 = store
        .set_run_label(a, Some("baseline v2"), Some(""))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (l2.name.as_deref(), l2.note.as_deref()),
        (Some("baseline v2"), None)
    );
    store
        .set_run_label(b, None, Some("a note only"))
        .await
        .unwrap();
    let all = store.run_labels(&[b, a, 999]).await.unwrap();
    assert_eq!(all.iter().map(|l| l.run).collect::<Vec<_>>(), vec![a, b]);
    assert_eq!(all[0], l2);
    assert_eq!(all[1].note.as_deref(), Some("a note only"));
    // Cleared entirely.
    assert_eq!(store.set_run_label(a, None, None).await.unwrap(), None);
    assert_eq!(store.run_label(a).await.unwrap(), None);
    // No such run; too long.
    assert!(matches!(
        store.set_run_label(999, Some("x"), None).await,
        Err(StoreError::NotFound(_))
    ));
    let long = "n".repeat(domei_store::labels::MAX_NAME + 1);
    assert!(matches!(
        store.set_run_label(b, Some(&long), None).await,
        Err(StoreError::Data(_))
    ));
    assert_eq!(
        store.run_label(b).await.unwrap().unwrap().note.as_deref(),
        Some("a note only")
    );
}
