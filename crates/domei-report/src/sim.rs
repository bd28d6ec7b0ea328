//! Presenters for Monte Carlo, sensitivity and backtest results.

use crate::fmt_on_scale;
use crate::forecast_table::render;
use domei_run::ScenarioForecast;
use domei_scenario::Scenario;
use domei_sim::{BacktestReport, SimResult, Tornado};
use serde_json::{json, Value};
use std::fmt::Write;

fn scenario_json(s: &Scenario) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "source": s.origin.as_ref().map(|o| o.path.display().to_string()),
        "format": s.origin.as_ref().map(|o| o.format.name()),
    })
}

/// A one-line histogram: one block character per bar, height by count.
pub fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[((c as f64 / max as f64) * 7.0).round() as usize]
            }
        })
        .collect()
}

pub fn simulate_table(s: &Scenario, r: &SimResult, point: &ScenarioForecast) -> String {
    let mut out = String::new();
    let o = &r.options;
    let _ = writeln!(
        out,
        "{} ({}): {} draws, seed {}, {:?} on ranges; point values ±{}% of scale (position), ±{} (salience), ±{}% (capability)\n",
        s.name,
        s.id,
        o.draws,
        o.seed,
        o.dist,
        o.perturbation.position * 100.0,
        o.perturbation.salience,
        o.perturbation.capability * 100.0
    );
    let mut rows = vec![[
        "issue",
        "model",
        "point",
        "80% range",
        "p10",
        "p50",
        "p90",
        "distribution over the scale",
    ]
    .map(String::from)
    .to_vec()];
    let mut calibration = None;
    for is in &r.issues {
        let issue = &s.issues[is.issue];
        let f =
            |x: Option<f64>| x.map_or("–".to_string(), |x| fmt_on_scale(x, issue.min, issue.max));
        let range = |iv: Option<&domei_run::Intervals>| {
            iv.map_or("–".to_string(), |iv| {
                format!("{}–{}", f(Some(iv.p80.0)), f(Some(iv.p80.1)))
            })
        };
        let ifc = &point.issues[is.issue];
        if let Some(h) = &ifc.headline {
            calibration = Some(h.calibration.clone());
            rows.push(vec![
                issue.id.clone(),
                "headline".into(),
                f(Some(h.value)),
                range(Some(&h.intervals)),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for (j, m) in is.models.iter().enumerate() {
            let sm = &m.summary;
            let counts: Vec<u64> = sm.histogram.iter().map(|b| b.count).collect();
            rows.push(vec![
                if j == 0 && ifc.headline.is_none() {
                    issue.id.clone()
                } else {
                    String::new()
                },
                m.model.as_str().to_string(),
                f(point.issues[is.issue]
                    .results
                    .get(j)
                    .and_then(|r| r.value())),
                f(sm.p10),
                f(sm.p50),
                f(sm.p90),
                format!(
                    "{} |{}| {}",
                    f(Some(issue.min)),
                    sparkline(&counts),
                    f(Some(issue.max))
                ),
            ]);
        }
    }
    out.push_str(&render(&rows, "llrrrrrl"));
    let _ = writeln!(
        out,
        "\n80% range: calibrated ({}): model error and input uncertainty. p10–p90: the input-uncertainty band (how the forecast moves when the inputs vary; not an 80% interval).",
        calibration.as_deref().unwrap_or("no calibration")
    );
    out
}

pub fn sensitivity_json(s: &Scenario, t: &[Tornado], pert: &domei_sim::Perturbation) -> Value {
    let issues: Vec<Value> = t
        .iter()
        .map(|t| {
            json!({
                "id": s.issues[t.issue].id,
                "unit": s.issues[t.issue].unit,
                "model": t.model,
                "base": t.base,
                "judgement_share": t.judgement_share,
                "unrated_share": t.unrated_share,
                "bars": t.bars,
            })
        })
        .collect();
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "scenario": scenario_json(s),
        "perturbation": pert,
        "issues": issues,
    })
}

pub fn sensitivity_table(s: &Scenario, t: &[Tornado], top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): one-at-a-time swings, largest first\n",
        s.name, s.id
    );
    for t in t {
        let issue = &s.issues[t.issue];
        let f = |x: f64| fmt_on_scale(x, issue.min, issue.max);
        let _ = writeln!(
            out,
            "{} [{}] — {} base {}",
            issue.id,
            issue.unit,
            t.model,
            t.base.map_or("n/a".into(), f)
        );
        if t.bars.is_empty() {
            let _ = writeln!(out, "  (no input moves this forecast)\n");
            continue;
        }
        if let Some(j) = t.judgement_share {
            let mut line = format!(
                "  {:.0}% of this forecast's variance rests on judgement",
                j * 100.0
            );
            if let Some(u) = t.unrated_share.filter(|u| *u > 0.0) {
                line.push_str(&format!(", {:.0}% on unrated evidence", u * 100.0));
            }
            let _ = writeln!(out, "{line}");
        }
        let widest = t.bars[0].swing.max(1e-12);
        let mut rows = vec![["input", "from", "to", "forecast", "swing", "evidence", ""]
            .map(String::from)
            .to_vec()];
        for b in t.bars.iter().take(top) {
            let field = serde_json::to_value(b.field)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let (lo, hi) = match b.field {
                domei_sim::sensitivity::Field::Position => (f(b.low), f(b.high)),
                _ => (format!("{:.2}", b.low), format!("{:.2}", b.high)),
            };
            rows.push(vec![
                format!("{}.{field}", b.actor),
                lo,
                hi,
                format!("{} → {}", f(b.forecast_low), f(b.forecast_high)),
                f(b.swing),
                b.strength.name().to_string(),
                "█".repeat(((b.swing / widest) * 20.0).round().max(1.0) as usize),
            ]);
        }
        out.push_str(
            &render(&rows, "lrrrrll")
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>(),
        );
        if t.bars.len() > top {
            let _ = writeln!(out, "  … {} more", t.bars.len() - top);
        }
        out.push('\n');
    }
    out
}

pub fn backtest_json(source: &str, r: &BacktestReport) -> Value {
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "source": source,
        "issues": r.issues,
        "scored": r.scored,
        "draws": r.draws,
        "models": r.models,
        "headline": r.headline,
        "ensemble": r.ensemble,
    })
}

pub fn backtest_table(source: &str, r: &BacktestReport) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.2}"));
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{:.1}%", x * 100.0));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Backtest on {source}: {} issues with a recorded outcome (of {}); errors on the 0–100 scale; {} Monte Carlo draws\n",
        r.scored, r.issues, r.draws
    );
    let mut rows = vec![[
        "model",
        "n",
        "MAE",
        "RMSE",
        "median AE",
        "cov 50%",
        "cov 80%",
        "cov 95%",
        "80% width",
        "80% int. score",
        "CRPS",
        "input band cov",
    ]
    .map(String::from)
    .to_vec()];
    for m in &r.models {
        let x = &m.metrics;
        rows.push(vec![
            m.model.clone(),
            x.n.to_string(),
            f(x.mae),
            f(x.rmse),
            f(x.median_ae),
            pct(x.coverage50),
            pct(x.coverage80),
            pct(x.coverage95),
            f(x.width80),
            f(x.interval_score80),
            f(x.crps),
            pct(x.input_band_coverage),
        ]);
    }
    out.push_str(&render(&rows, "l"));
    let _ = writeln!(
        out,
        "\ncov: share of outcomes inside the calibrated ranges; input band: p10–p90 of the forecast over the Monte Carlo draws (input uncertainty only, not an interval); plain_conformal: one quantile of |outcome − compromise| around every compromise forecast."
    );
    if let Some(h) = &r.headline {
        let _ = writeln!(
            out,
            "headline: {} ({}{} inner folds); specification chosen: {}",
            h.method,
            h.outer_folds
                .map_or(String::new(), |k| format!("{k} outer folds by dossier, ")),
            h.inner_folds,
            h.chosen.join(", ")
        );
        if let (Some(ms), Some(ws)) = (&h.members, &h.weights) {
            let w: Vec<String> = ms
                .iter()
                .zip(ws)
                .filter(|(_, w)| **w > 0.0)
                .map(|(m, w)| format!("{} {w:.1}", m.as_str()))
                .collect();
            let _ = writeln!(out, "headline weights: {}", w.join(", "));
        }
    }
    if let Some(hm) = r.models.iter().find(|m| m.model == "headline") {
        if let (Some(pit), Some(rel)) = (&hm.pit_histogram, &hm.reliability) {
            let _ = writeln!(
                out,
                "headline PIT histogram (10 bins, flat when calibrated): |{}| {:?}",
                sparkline(pit),
                pit
            );
            let cells: Vec<String> = rel
                .iter()
                .map(|x| format!("{:.0}%→{:.0}%", x.level * 100.0, x.coverage * 100.0))
                .collect();
            let _ = writeln!(
                out,
                "headline reliability (nominal→observed): {}",
                cells.join("  ")
            );
        }
    }
    if let Some(e) = &r.ensemble {
        let w: Vec<String> = e
            .models
            .iter()
            .zip(&e.weights)
            .map(|(m, w)| format!("{m} {w:.2}"))
            .collect();
        let _ = writeln!(
            out,
            "\nensemble: {} ({}{}){}",
            w.join(", "),
            e.method,
            e.folds.map_or(String::new(), |k| format!(
                ", {k} folds by dossier; weights averaged over folds"
            )),
            if e.excluded.is_empty() {
                String::new()
            } else {
                format!(
                    "; left out (cannot run on every issue): {}",
                    e.excluded
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
    }
    for (title, pick) in [("procedure", 0), ("Council voting rule", 1)] {
        let _ = writeln!(out, "\nMAE (80% coverage) by {title}:");
        let keys: Vec<&String> = r
            .models
            .first()
            .map(|m| {
                if pick == 0 {
                    m.by_procedure.keys().collect()
                } else {
                    m.by_voting_rule.keys().collect()
                }
            })
            .unwrap_or_default();
        let mut rows = vec![std::iter::once("model".to_string())
            .chain(keys.iter().map(|k| k.to_string()))
            .collect::<Vec<_>>()];
        for m in &r.models {
            let map = if pick == 0 {
                &m.by_procedure
            } else {
                &m.by_voting_rule
            };
            let mut row = vec![m.model.clone()];
            row.extend(keys.iter().map(|k| {
                map.get(*k).map_or("–".to_string(), |x| {
                    format!("{} ({}; n={})", f(x.mae), pct(x.coverage80), x.n)
                })
            }));
            rows.push(row);
        }
        out.push_str(
            &render(&rows, "l")
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>(),
        );
    }
    out
}
