//! The CSV forms of `simulate`, `sensitivity`, `whatif`, `best-response`
//! and `backtest`: one header row, then one row per value the table shows
//! (long form: every row has the same columns). Numbers are written in
//! full precision, an empty cell where there is no value. The columns are
//! documented in docs/cli.md and change only with a version note.

use domei_run::ScenarioForecast;
use domei_scenario::Scenario;
use domei_sim::{BacktestReport, SimResult, Tornado};
use domei_strategy::{IssueChange, Limits, Response};

/// A CSV document being written: rows of strings, quoted where needed.
struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail; errors would only come from I/O.
        let _ = w.write_record(header);
        Csv(w)
    }

    fn row(&mut self, rec: Vec<String>) {
        // As above: a Vec never fails to take bytes.
        let _ = self.0.write_record(&rec);
    }

    fn finish(self) -> String {
        String::from_utf8(self.0.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn num(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite())
        .map(|x| x.to_string())
        .unwrap_or_default()
}

fn n(x: f64) -> String {
    num(Some(x))
}

/// Columns of `simulate --format csv`.
pub const SIMULATE_HEADER: [&str; 19] = [
    "scenario",
    "issue",
    "unit",
    "min",
    "max",
    "model",
    "point",
    "lo80",
    "hi80",
    "n",
    "failed",
    "mean",
    "sd",
    "p10",
    "p50",
    "p90",
    "draws",
    "seed",
    "calibration",
];

/// Per issue a `headline` row (when calibrated: its point and calibrated
/// 80% range, no draw statistics), then one row per model: its point
/// forecast, calibrated 80% range, and the statistics of its forecast over
/// the draws (the input-uncertainty band p10–p90).
pub fn simulate_csv(s: &Scenario, r: &SimResult, point: &ScenarioForecast) -> String {
    let mut w = Csv::new(&SIMULATE_HEADER);
    let (draws, seed) = (r.options.draws.to_string(), r.options.seed.to_string());
    for is in &r.issues {
        let issue = &s.issues[is.issue];
        let ifc = &point.issues[is.issue];
        let calibration = ifc.headline.as_ref().map(|h| h.calibration.clone());
        let lead = || {
            vec![
                s.id.clone(),
                issue.id.clone(),
                issue.unit.clone(),
                n(issue.min),
                n(issue.max),
            ]
        };
        if let Some(h) = &ifc.headline {
            let mut rec = lead();
            rec.extend([
                "headline".into(),
                n(h.value),
                n(h.intervals.p80.0),
                n(h.intervals.p80.1),
            ]);
            rec.extend(std::iter::repeat_n(String::new(), 7));
            rec.extend([draws.clone(), seed.clone(), h.calibration.clone()]);
            w.row(rec);
        }
        for (j, m) in is.models.iter().enumerate() {
            let sm = &m.summary;
            let iv = ifc.intervals_of(j);
            let mut rec = lead();
            rec.extend([
                m.model.as_str().into(),
                num(ifc.results.get(j).and_then(|r| r.value())),
                num(iv.map(|iv| iv.p80.0)),
                num(iv.map(|iv| iv.p80.1)),
                sm.n.to_string(),
                sm.failed.to_string(),
                num(sm.mean),
                num(sm.sd),
                num(sm.p10),
                num(sm.p50),
                num(sm.p90),
                draws.clone(),
                seed.clone(),
                iv.and(calibration.clone()).unwrap_or_default(),
            ]);
            w.row(rec);
        }
    }
    w.finish()
}

/// Columns of `sensitivity --format csv`.
pub const SENSITIVITY_HEADER: [&str; 16] = [
    "scenario",
    "issue",
    "unit",
    "model",
    "base",
    "judgement_share",
    "unrated_share",
    "rank",
    "actor",
    "field",
    "low",
    "high",
    "forecast_low",
    "forecast_high",
    "swing",
    "evidence",
];

/// One row per input that moves a forecast (its bar of the tornado),
/// largest swing first; an issue and model that no input moves get one
/// row with the input columns empty.
pub fn sensitivity_csv(s: &Scenario, t: &[Tornado]) -> String {
    let mut w = Csv::new(&SENSITIVITY_HEADER);
    for t in t {
        let issue = &s.issues[t.issue];
        let lead = vec![
            s.id.clone(),
            issue.id.clone(),
            issue.unit.clone(),
            t.model.as_str().into(),
            num(t.base),
            num(t.judgement_share),
            num(t.unrated_share),
        ];
        if t.bars.is_empty() {
            let mut rec = lead.clone();
            rec.extend(std::iter::repeat_n(String::new(), 9));
            w.row(rec);
        }
        for (k, b) in t.bars.iter().enumerate() {
            let field = serde_json::to_value(b.field)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let mut rec = lead.clone();
            rec.extend([
                (k + 1).to_string(),
                b.actor.clone(),
                field,
                n(b.low),
                n(b.high),
                n(b.forecast_low),
                n(b.forecast_high),
                n(b.swing),
                b.strength.name().to_string(),
            ]);
            w.row(rec);
        }
    }
    w.finish()
}

/// Columns of `whatif --format csv`.
pub const WHATIF_HEADER: [&str; 8] = [
    "scenario", "whatif", "issue", "unit", "model", "before", "after", "change",
];

/// One row per issue and model; `whatif` is the what-if's description
/// (its parts joined with "; ").
pub fn whatif_csv(s: &Scenario, what: &[String], changes: &[IssueChange]) -> String {
    let mut w = Csv::new(&WHATIF_HEADER);
    let what = what.join("; ");
    for ic in changes {
        let unit = s
            .issues
            .iter()
            .find(|i| i.id == ic.issue)
            .map(|i| i.unit.clone())
            .unwrap_or_default();
        for c in &ic.changes {
            w.row(vec![
                s.id.clone(),
                what.clone(),
                ic.issue.clone(),
                unit.clone(),
                c.model.as_str().into(),
                num(c.before),
                num(c.after),
                num(c.change),
            ]);
        }
    }
    w.finish()
}

/// Columns of `best-response --format csv`.
pub const BEST_RESPONSE_HEADER: [&str; 14] = [
    "scenario",
    "actor",
    "issue",
    "unit",
    "model",
    "ideal",
    "baseline",
    "best_position",
    "current_salience",
    "best_salience",
    "best_forecast",
    "gain",
    "gain_share",
    "max_shift",
];

/// One row per issue and model searched.
pub fn best_response_csv(s: &Scenario, actor: &str, lim: &Limits, r: &[Response]) -> String {
    let mut w = Csv::new(&BEST_RESPONSE_HEADER);
    for x in r {
        let unit = s
            .issues
            .iter()
            .find(|i| i.id == x.issue)
            .map(|i| i.unit.clone())
            .unwrap_or_default();
        w.row(vec![
            s.id.clone(),
            actor.to_string(),
            x.issue.clone(),
            unit,
            x.model.as_str().into(),
            n(x.ideal),
            n(x.baseline),
            n(x.best_position),
            n(x.current_salience),
            n(x.best_salience),
            n(x.best_forecast),
            n(x.gain),
            n(x.gain_share),
            n(lim.max_shift),
        ]);
    }
    w.finish()
}

/// Columns of `backtest --format csv`.
pub const BACKTEST_HEADER: [&str; 16] = [
    "source",
    "model",
    "breakdown",
    "group",
    "n",
    "mae",
    "rmse",
    "median_ae",
    "coverage50",
    "coverage80",
    "coverage95",
    "width80",
    "interval_score80",
    "crps",
    "input_band_coverage",
    "input_band_width",
];

/// Per model one `all` row (every scored issue), then one row per
/// legislative procedure (`procedure`) and per Council voting rule
/// (`voting_rule`). Errors on the 0–100 scale; coverages as shares.
pub fn backtest_csv(source: &str, r: &BacktestReport) -> String {
    let mut w = Csv::new(&BACKTEST_HEADER);
    for m in &r.models {
        let mut put = |breakdown: &str, group: &str, x: &domei_sim::backtest::Metrics| {
            w.row(vec![
                source.to_string(),
                m.model.clone(),
                breakdown.into(),
                group.into(),
                x.n.to_string(),
                num(x.mae),
                num(x.rmse),
                num(x.median_ae),
                num(x.coverage50),
                num(x.coverage80),
                num(x.coverage95),
                num(x.width80),
                num(x.interval_score80),
                num(x.crps),
                num(x.input_band_coverage),
                num(x.input_band_width),
            ]);
        };
        put("all", "", &m.metrics);
        for (k, x) in &m.by_procedure {
            put("procedure", k, x);
        }
        for (k, x) in &m.by_voting_rule {
            put("voting_rule", k, x);
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_full_precision_and_empty_when_missing() {
        assert_eq!(num(Some(0.1)), "0.1");
        assert_eq!(num(Some(1.0 / 3.0)), (1.0f64 / 3.0).to_string());
        assert_eq!(num(None), "");
        assert_eq!(num(Some(f64::NAN)), "");
    }

    #[test]
    fn a_field_with_a_comma_is_quoted() {
        let mut w = Csv::new(&["a", "b"]);
        w.row(vec!["x, y".into(), "z".into()]);
        assert_eq!(w.finish(), "a,b\n\"x, y\",z\n");
    }
}
