//! The CSV form of `domei forecast`: per issue one `headline` row (when
//! calibrated), then one row per model, each with its calibrated ranges.

use domei_run::{Intervals, ScenarioForecast};
use domei_scenario::Scenario;

/// The column names of [`forecast_csv`], in order (docs/cli.md, "Forecast
/// CSV").
pub const HEADER: [&str; 16] = [
    "scenario",
    "issue",
    "unit",
    "min",
    "max",
    "status_quo",
    "model",
    "value",
    "error",
    "lo50",
    "hi50",
    "lo80",
    "hi80",
    "lo95",
    "hi95",
    "calibration",
];

/// `domei forecast --format csv`: [`HEADER`], then the rows described above.
pub fn forecast_csv(s: &Scenario, f: &ScenarioForecast) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let ranges = |iv: Option<&Intervals>| -> [String; 6] {
        match iv {
            Some(iv) => {
                [iv.p50.0, iv.p50.1, iv.p80.0, iv.p80.1, iv.p95.0, iv.p95.1].map(|x| x.to_string())
            }
            None => Default::default(),
        }
    };
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(HEADER);
    for ifc in &f.issues {
        let issue = &s.issues[ifc.issue];
        let sq = num(issue.status_quo.as_ref().map(|v| v.value));
        let calibration = ifc
            .headline
            .as_ref()
            .map(|h| h.calibration.as_str())
            .unwrap_or("");
        let lead = [
            s.id.as_str(),
            &issue.id,
            &issue.unit,
            &issue.min.to_string(),
            &issue.max.to_string(),
            &sq,
        ]
        .map(String::from);
        if let Some(h) = &ifc.headline {
            let mut rec: Vec<String> = lead.to_vec();
            rec.extend(["headline".into(), h.value.to_string(), String::new()]);
            rec.extend(ranges(Some(&h.intervals)));
            rec.push(calibration.into());
            let _ = w.write_record(&rec);
        }
        for (j, r) in ifc.results.iter().enumerate() {
            let error = match r {
                domei_run::ModelResult::Skipped { error, .. } => error.as_str(),
                domei_run::ModelResult::Ok(_) => "",
            };
            let iv = ifc.intervals_of(j);
            let mut rec: Vec<String> = lead.to_vec();
            rec.extend([r.model().as_str().into(), num(r.value()), error.into()]);
            rec.extend(ranges(iv));
            rec.push(if iv.is_some() {
                calibration.into()
            } else {
                String::new()
            });
            let _ = w.write_record(&rec);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
