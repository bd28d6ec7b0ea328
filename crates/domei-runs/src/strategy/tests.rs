use super::*;

fn scenario() -> Scenario {
    let text = r#"
[scenario]
id = "t"
name = "T"
[[actors]]
id = "a"
name = "A"
capability = 1
[[actors]]
id = "b"
name = "B"
capability = 2
[[actors]]
id = "c"
name = "C"
capability = 1
[[issues]]
id = "x"
name = "X"
unit = "u"
scale = { min = 0, max = 10 }
status_quo = 5
[[stances]]
actor = "a"
issue = "x"
position = { value = 2, low = 1, high = 3 }
salience = 0.5
[[stances]]
actor = "b"
issue = "x"
position = 8
salience = 1
[[stances]]
actor = "c"
issue = "x"
position = 3
salience = 0.6
"#;
    domei_scenario::from_toml_str(
        std::path::Path::new("t.toml"),
        text,
        domei_scenario::Requirements::default(),
    )
    .expect("test scenario is valid")
}

fn job(a: Analysis) -> StrategyJob {
    StrategyJob::new(
        a,
        vec![ModelId::Compromise, ModelId::Median],
        Options::default(),
    )
}

fn info(job: &StrategyJob, rec: &NewRun) -> RunInfo {
    RunInfo {
        id: 7,
        scenario: domei_store::ScenarioRef {
            id: "t".into(),
            version: 1,
        },
        kind: rec.kind.clone(),
        models: rec.models.clone(),
        parameters: serde_json::to_value(&job.params).unwrap(),
        seed: None,
        domei_version: rec.domei_version.clone(),
        started_at: rec.started_at,
        finished_at: rec.finished_at,
        status: RunStatus::Completed,
    }
}

/// Each kind of strategy document survives serde both ways, its job is
/// read back from the stored parameters, and recomputing it from the
/// scenario gives the stored results.
#[test]
fn strategy_documents_round_trip_and_reproduce() {
    let s = scenario();
    let analyses = [
        Analysis::Whatif {
            edits: vec!["a.x.position=6".into()],
            coalition: vec!["a".into(), "c".into()],
            on: vec!["x".into()],
            link: vec![],
        },
        Analysis::BestResponse {
            actor: "a".into(),
            issues: vec![],
            limits: Limits::default(),
        },
        Analysis::Sensitivity {
            perturbation: Perturbation::default(),
        },
    ];
    for a in analyses {
        let j = job(a);
        let doc = compute(&s, &j).unwrap();
        assert_eq!(doc.version, VERSION);
        let v = serde_json::to_value(&doc).unwrap();
        assert_eq!(v["version"], VERSION);
        assert_eq!(v["analysis"], j.params.analysis.kind());
        assert_eq!(StrategyDoc::read(&v).unwrap(), doc);
        let rec = record(&j, &doc, time::OffsetDateTime::UNIX_EPOCH).unwrap();
        assert_eq!(rec.kind, j.params.analysis.kind());
        let inf = info(&j, &rec);
        assert_eq!(StrategyJob::from_run(&inf).unwrap(), j);
        let stored = rec.results.as_ref().unwrap().decode().unwrap();
        let (_, again, rep) = recompute(&s, &inf, Some(&stored)).unwrap();
        assert_eq!(rep, crate::Reproduced::Same);
        assert_eq!(again, doc);
    }
}

/// A what-if is the CLI's: the same changes as domei-strategy's
/// compare, and its comparable forecast is that of the changed scenario.
#[test]
fn a_whatif_is_domei_strategys_and_compares_like_a_forecast() {
    let s = scenario();
    let j = job(Analysis::Whatif {
        edits: vec!["b.x.salience=0.2".into()],
        coalition: vec![],
        on: vec![],
        link: vec![],
    });
    let doc = compute(&s, &j).unwrap();
    let e: Edit = "b.x.salience=0.2".parse().unwrap();
    let after = edit::apply(&s, &[e]).unwrap();
    let (_, fa, changes) = domei_strategy::compare(&s, &after, &j.models, &Options::default());
    let StrategyResult::Whatif {
        changes: got,
        what,
        unmoved,
        ..
    } = &doc.result
    else {
        panic!("a what-if result");
    };
    assert_eq!(got, &changes);
    assert_eq!(what, &vec!["b.x.salience=0.2".to_string()]);
    assert!(unmoved.is_empty());
    let cmp = doc.comparable().unwrap();
    let want = Document::Forecast(ForecastDoc::new(&after, &fa, false));
    assert_eq!(crate::point_values(&cmp), crate::point_values(&want));
    // The compromise moved toward a (b cares less).
    let c = &got[0].changes[0];
    assert!(c.change.unwrap() < 0.0, "{c:?}");
}

/// Bad input is refused with the library's message, before computing.
#[test]
fn bad_analyses_are_refused_with_a_reason() {
    let s = scenario();
    let cases = [
        (
            Analysis::Whatif {
                edits: vec!["a.x.position=60".into()],
                coalition: vec![],
                on: vec![],
                link: vec![],
            },
            "outside",
        ),
        (
            Analysis::Whatif {
                edits: vec![],
                coalition: vec![],
                on: vec![],
                link: vec![],
            },
            "nothing to compare",
        ),
        (
            Analysis::BestResponse {
                actor: "zz".into(),
                issues: vec![],
                limits: Limits::default(),
            },
            "unknown actor",
        ),
    ];
    for (a, want) in cases {
        let e = compute(&s, &job(a)).unwrap_err();
        assert!(e.0.contains(want), "{e} lacks {want:?}");
    }
    let only_joint = StrategyJob::new(
        Analysis::BestResponse {
            actor: "a".into(),
            issues: vec![],
            limits: Limits::default(),
        },
        vec![ModelId::Smp],
        Options::default(),
    );
    assert!(compute(&s, &only_joint)
        .unwrap_err()
        .0
        .contains("per-issue"));
}
