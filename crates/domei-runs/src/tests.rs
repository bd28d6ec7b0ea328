//! The run layer's tests: jobs computed, recorded, read back, opened and compared.

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
"#;
    domei_scenario::from_toml_str(
        std::path::Path::new("t.toml"),
        text,
        domei_scenario::Requirements::default(),
    )
    .expect("test scenario is valid")
}

fn info(run: &NewRun) -> RunInfo {
    RunInfo {
        id: 7,
        scenario: domei_store::ScenarioRef {
            id: "t".into(),
            version: 1,
        },
        kind: run.kind.clone(),
        models: run.models.clone(),
        parameters: run.parameters.clone(),
        seed: run.seed,
        domei_version: run.domei_version.clone(),
        started_at: run.started_at,
        finished_at: run.finished_at,
        status: run.status,
    }
}

#[test]
fn a_stored_simulation_reads_back_as_the_same_job_and_recomputes_equal() {
    let s = scenario();
    let mc = McParams {
        draws: 200,
        seed: 42,
        ..McParams::default()
    };
    let job = Job::simulate(ModelId::ALL.to_vec(), Options::default(), mc);
    let out = compute(&s, &job, &|_, _| {});
    let run = record(&s, &job, &out, time::OffsetDateTime::now_utc()).unwrap();
    assert_eq!(run.kind, "simulate");
    assert_eq!(run.seed, Some(42));
    let back = Job::from_run(&info(&run)).unwrap();
    assert_eq!(back, job);
    let stored = run.results.as_ref().unwrap().decode().unwrap();
    let (_, again, rep) = recompute(&s, &info(&run), Some(&stored)).unwrap();
    assert_eq!(rep, Reproduced::Same);
    let sim = again.sim.unwrap();
    assert_eq!(sim.options.draws, 200);
    assert_eq!(
        results_json(&s, &job, &compute(&s, &job, &|_, _| {})).unwrap()["issues"],
        stored["issues"]
    );
}

#[test]
fn a_forecast_run_recomputes_and_a_changed_result_is_reported() {
    let s = scenario();
    let job = Job::forecast(
        vec![ModelId::Compromise, ModelId::Bdm],
        Options::default(),
        false,
    );
    let out = compute(&s, &job, &|_, _| {});
    let run = record(&s, &job, &out, time::OffsetDateTime::now_utc()).unwrap();
    assert!(run.rounds.iter().any(|r| r.model == "bdm"));
    let mut stored = run.results.as_ref().unwrap().decode().unwrap();
    let points = point_values(&Document::read(Kind::Forecast, &stored).unwrap());
    assert_eq!(points.len(), 2);
    assert!(points.iter().all(|(_, _, v)| v.is_some()), "{points:?}");
    let (_, _, rep) = recompute(&s, &info(&run), Some(&stored)).unwrap();
    assert_eq!(rep, Reproduced::Same);
    stored["issues"][0]["forecasts"][0]["value"] = serde_json::json!(1.2345);
    let (_, _, rep) = recompute(&s, &info(&run), Some(&stored)).unwrap();
    assert!(matches!(rep, Reproduced::Differs { .. }));
}

#[test]
fn kept_draws_are_printed_but_never_recorded() {
    let s = scenario();
    let mc = McParams {
        draws: 50,
        seed: 3,
        ..McParams::default()
    };
    let job = Job::simulate(vec![ModelId::Compromise], Options::default(), mc);
    let out = compute_keeping_draws(&s, &job, &|_, _| {});
    let printed = results_json(&s, &job, &out).unwrap();
    assert_eq!(
        printed["issues"][0]["forecasts"][0]["draws"]
            .as_array()
            .map(Vec::len),
        Some(50)
    );
    let run = record(&s, &job, &out, time::OffsetDateTime::now_utc()).unwrap();
    let stored = run.results.as_ref().unwrap().decode().unwrap();
    assert!(stored["issues"][0]["forecasts"][0].get("draws").is_none());
    let lean = results_json(&s, &job, &compute(&s, &job, &|_, _| {})).unwrap();
    assert_eq!(stored["issues"], lean["issues"]);
    assert!(
        point_values(&Document::read(Kind::Simulate, &stored).unwrap())
            .iter()
            .all(|(_, _, v)| v.is_some())
    );
}

#[test]
fn headlines_are_what_the_results_document_says() {
    let s = scenario();
    for job in [
        Job::forecast(ModelId::ALL.to_vec(), Options::default(), false),
        Job::simulate(
            vec![ModelId::Compromise, ModelId::Median],
            Options::default(),
            McParams {
                draws: 50,
                seed: 9,
                ..McParams::default()
            },
        ),
    ] {
        let out = compute(&s, &job, &|_, _| {});
        let typed = headlines(&s, &out);
        assert_eq!(typed.len(), 1, "the bundled calibration covers this issue");
        let h = &typed[0].1;
        assert!(h
            .ranges
            .p80
            .is_some_and(|(lo, hi)| lo <= h.value && h.value <= hi));
        assert_eq!(
            typed,
            domei_ledger::headlines(&results_json(&s, &job, &out).unwrap())
        );
    }
}

#[test]
fn model_names_expand_all_and_drop_duplicates() {
    assert_eq!(
        parse_models(&["median", " ALL "]).unwrap(),
        [
            ModelId::Median,
            ModelId::Compromise,
            ModelId::Bdm,
            ModelId::Nash,
            ModelId::Smp,
            ModelId::Exchange
        ]
    );
    assert!(parse_models(&["oracle"]).unwrap_err().contains("oracle"));
    assert!(parse_models::<&str>(&[]).unwrap().is_empty());
}

#[test]
fn the_first_stored_forecast_parameters_still_read() {
    // Runs stored before simulations were stored: {rounds, options, seed, explain}.
    let mut run = record(
        &scenario(),
        &Job::forecast(vec![ModelId::Median], Options::default(), false),
        &compute(
            &scenario(),
            &Job::forecast(vec![ModelId::Median], Options::default(), false),
            &|_, _| {},
        ),
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    run.parameters = serde_json::json!({"rounds": 12, "options": {"rounds": 12}, "seed": null, "explain": false});
    let job = Job::from_run(&info(&run)).unwrap();
    assert_eq!(job.kind, Kind::Forecast);
    assert_eq!(job.params.rounds, 12);
    // Made before the exchange model's readings: the continuous one.
    assert_eq!(
        job.params.options.exchange_reading,
        ExchangeReading::Continuous
    );
    run.parameters["options"]["exchange_reading"] = "decide".into();
    let job = Job::from_run(&info(&run)).unwrap();
    assert_eq!(job.params.options.exchange_reading, ExchangeReading::Decide);
    run.kind = "backtest".into();
    assert!(matches!(
        Job::from_run(&info(&run)),
        Err(JobError::Kind { .. })
    ));
    run.kind = "simulate".into();
    assert!(matches!(
        Job::from_run(&info(&run)),
        Err(JobError::Params { .. })
    ));
}

#[test]
fn a_version_1_document_without_its_version_field_still_reads() {
    let s = scenario();
    for job in [
        Job::forecast(ModelId::ALL.to_vec(), Options::default(), true),
        Job::simulate(
            vec![ModelId::Compromise, ModelId::Bdm],
            Options::default(),
            McParams {
                draws: 40,
                seed: 5,
                ..McParams::default()
            },
        ),
    ] {
        let out = compute(&s, &job, &|_, _| {});
        let run = record(&s, &job, &out, time::OffsetDateTime::now_utc()).unwrap();
        let mut stored = run.results.as_ref().unwrap().decode().unwrap();
        assert_eq!(stored["version"], serde_json::json!(document::VERSION));
        let v2 = Document::read(job.kind, &stored).unwrap();
        // A version 1 document: the same fields, no version.
        stored.as_object_mut().unwrap().remove("version");
        let v1 = Document::read(job.kind, &stored).unwrap();
        assert_eq!(v1.version(), 1);
        assert_eq!(v1.points(), v2.points());
        assert_eq!(point_values(&v1), point_values(&v2));
        let (_, _, rep) = recompute(&s, &info(&run), Some(&stored)).unwrap();
        assert_eq!(rep, Reproduced::Same);
        // Read back and written again, a version 2 document is unchanged.
        stored["version"] = serde_json::json!(2);
        assert_eq!(serde_json::to_value(&v2).unwrap(), stored);
    }
    let newer = serde_json::json!({"version": 99});
    let e = Document::read(Kind::Forecast, &newer).unwrap_err();
    assert!(e.to_string().contains("newer domei"), "{e}");
    let broken = serde_json::json!({"issues": "no"});
    assert!(Document::read(Kind::Simulate, &broken).is_err());
}

#[test]
fn opening_a_stored_simulation_reads_its_distributions_and_does_not_draw_again() {
    let s = scenario();
    let mc = McParams {
        draws: 300,
        seed: 11,
        ..McParams::default()
    };
    let job = Job::simulate(
        vec![ModelId::Compromise, ModelId::Median],
        Options::default(),
        mc,
    );
    let out = compute(&s, &job, &|_, _| {});
    let run = record(&s, &job, &out, time::OffsetDateTime::now_utc()).unwrap();
    let mut stored = run.results.as_ref().unwrap().decode().unwrap();
    // Mark the stored distribution: figures no draw of this scenario gives
    // (the median outside the issue's scale). Opening the run must show
    // them, so they were read, not drawn again.
    stored["issues"][0]["forecasts"][0]["p50"] = serde_json::json!(-777.0);
    stored["issues"][0]["forecasts"][1]["n"] = serde_json::json!(123_456);
    let (back, opened, rep) = open(&s, &info(&run), Some(&stored)).unwrap();
    assert_eq!(back, job);
    assert_eq!(
        rep,
        Reproduced::Same,
        "the point forecasts are computed and match"
    );
    let sim = opened.sim.as_ref().unwrap();
    assert_eq!(sim.options.draws, 300);
    assert_eq!(sim.issues[0].models[0].summary.p50, Some(-777.0));
    assert_eq!(sim.issues[0].models[1].summary.n, 123_456);
    // Everything else is what the simulation gave.
    let drawn = out.sim.as_ref().unwrap();
    assert_eq!(
        sim.issues[0].models[0].summary.histogram,
        drawn.issues[0].models[0].summary.histogram
    );
    assert_eq!(
        sim.issues[0].models[1].summary.p90,
        drawn.issues[0].models[1].summary.p90
    );
    // Recomputing (the reproducibility check of `domei brief --run`) draws
    // again and so gives the real figures.
    let (_, again, _) = recompute(&s, &info(&run), Some(&stored)).unwrap();
    assert_ne!(
        again.sim.unwrap().issues[0].models[0].summary.p50,
        Some(-777.0)
    );
    // A forecast run opens as it recomputes.
    let fjob = Job::forecast(vec![ModelId::Bdm], Options::default(), false);
    let frun = record(
        &s,
        &fjob,
        &compute(&s, &fjob, &|_, _| {}),
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let fstored = frun.results.as_ref().unwrap().decode().unwrap();
    let (_, fo, frep) = open(&s, &info(&frun), Some(&fstored)).unwrap();
    assert_eq!(frep, Reproduced::Same);
    assert!(fo.sim.is_none());
}

#[test]
fn compare_lines_up_models_by_issue_and_reports_changes() {
    let s = scenario();
    let a_job = Job::forecast(
        vec![ModelId::Compromise, ModelId::Bdm],
        Options::default(),
        false,
    );
    let a = document(&s, &a_job, &compute(&s, &a_job, &|_, _| {}));
    let b_job = Job::simulate(
        vec![ModelId::Compromise, ModelId::Median],
        Options::default(),
        McParams {
            draws: 30,
            seed: 1,
            ..McParams::default()
        },
    );
    let b = document(&s, &b_job, &compute(&s, &b_job, &|_, _| {}));
    let rows = compare(&a, &b);
    let models: Vec<ModelId> = rows.iter().map(|r| r.model).collect();
    assert_eq!(models, [ModelId::Compromise, ModelId::Median, ModelId::Bdm]);
    assert!(rows.iter().all(|r| r.issue == "x" && r.issue_name == "X"));
    assert_eq!(rows[0].change, Some(0.0), "the same point forecast in both");
    assert!(rows[1].before.is_none() && rows[1].after.is_some());
    assert!(rows[2].before.is_some() && rows[2].after.is_none() && rows[2].change.is_none());
    assert_eq!(rows[0].scale, (0.0, 10.0));
}

#[test]
fn a_model_named_explicitly_must_run_on_every_issue() {
    let s = scenario();
    let req = requirements(&["compromise", "NASH "]);
    assert!(req.status_quo);
    assert!(!requirements(&["all"]).status_quo);
    assert!(check_requirements(&s, &req).is_ok(), "x has a status quo");
    let mut no_sq = s.clone();
    no_sq.issues[0].status_quo = None;
    let e = check_requirements(&no_sq, &req).unwrap_err();
    assert!(e.contains("issue x") && e.contains("nash"), "{e}");
    assert!(check_requirements(&no_sq, &requirements(&["all"])).is_ok());
}

#[test]
fn briefing_inputs_are_computed_with_the_runs_models() {
    let s = scenario();
    let job = Job::forecast(ModelId::ALL.to_vec(), Options::default(), false);
    let out = compute(&s, &job, &|_, _| {});
    let x = briefing::Extras {
        sensitivity: Some((
            vec![ModelId::Compromise],
            domei_sim::Perturbation::default(),
        )),
        actor: Some("a".into()),
        whatifs: vec![("a.x.position=3".into(), "a.x.position=3".parse().unwrap())],
    };
    let got = briefing::inputs(&s, &out, &x).unwrap();
    assert_eq!(got.sensitivity.as_ref().map(Vec::len), Some(1));
    assert!(!got.responses.is_empty());
    assert_eq!(got.whatifs.len(), 1);
    assert!(got.notes.iter().any(|n| n.contains("multi-issue")));
    let bad = briefing::Extras {
        actor: Some("nobody".into()),
        ..Default::default()
    };
    assert!(briefing::inputs(&s, &out, &bad).is_err());
}
