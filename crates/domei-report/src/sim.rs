//! Presenters for Monte Carlo, sensitivity and backtest results.

use crate::fmt_on_scale;
use crate::forecast_table::render;
use domei_i18n::{tr, tr_args, Lang};
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

/// A table's header row: the catalogue's words for `keys` in `lang`.
fn header(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k)).collect()
}

/// `domei simulate` for people, in `lang`: per issue and model the point
/// forecast (`point`), its calibrated 80% range, the draws' p10/p50/p90 and a
/// sparkline of their distribution.
pub fn simulate_table(s: &Scenario, r: &SimResult, point: &ScenarioForecast, lang: Lang) -> String {
    let mut out = String::new();
    let o = &r.options;
    let _ = writeln!(
        out,
        "{}\n",
        tr_args(
            lang,
            "report-sim-title",
            &[
                ("name", s.name.clone()),
                ("id", s.id.clone()),
                ("draws", o.draws.to_string()),
                ("seed", o.seed.to_string()),
                (
                    "dist",
                    tr(
                        lang,
                        match o.dist {
                            domei_sim::Dist::Uniform => "report-dist-uniform",
                            domei_sim::Dist::Triangular => "report-dist-triangular",
                        }
                    )
                ),
                ("position", (o.perturbation.position * 100.0).to_string()),
                ("salience", o.perturbation.salience.to_string()),
                (
                    "capability",
                    (o.perturbation.capability * 100.0).to_string()
                ),
            ]
        )
    );
    let mut rows = vec![header(
        lang,
        &[
            "report-issue",
            "report-model",
            "report-point",
            "report-range80",
            "report-p10",
            "report-p50",
            "report-p90",
            "report-distribution",
        ],
    )];
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
                tr(lang, "report-headline"),
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
                crate::forecast_table::model_name(m.model, lang),
                f(point.issues[is.issue]
                    .results
                    .get(j)
                    .and_then(|r| r.value())),
                // The model's own calibrated 80% range (the header's
                // fourth column; rows used to leave it out and shift).
                range(ifc.intervals_of(j)),
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
    let calibration = calibration.unwrap_or_else(|| tr(lang, "report-no-calibration"));
    let _ = writeln!(
        out,
        "\n{}",
        tr_args(lang, "report-sim-note", &[("calibration", calibration)])
    );
    out
}

/// `domei sensitivity --format json`: each issue's tornado under the
/// perturbation `pert` (docs/cli.md).
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

/// `domei sensitivity` for people: the `top` inputs that move each issue's
/// forecast most, in `lang`.
pub fn sensitivity_table(s: &Scenario, t: &[Tornado], top: usize, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        tr_args(
            lang,
            "report-sens-title",
            &[("name", s.name.clone()), ("id", s.id.clone())]
        )
    );
    for t in t {
        let issue = &s.issues[t.issue];
        let f = |x: f64| fmt_on_scale(x, issue.min, issue.max);
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "report-sens-issue",
                &[
                    ("issue", issue.id.clone()),
                    ("unit", issue.unit.clone()),
                    ("model", crate::forecast_table::model_name(t.model, lang)),
                    ("base", t.base.map_or(tr(lang, "report-na"), f)),
                ]
            )
        );
        if t.bars.is_empty() {
            let _ = writeln!(out, "  {}\n", tr(lang, "report-sens-none"));
            continue;
        }
        if let Some(j) = t.judgement_share {
            let mut line = tr_args(
                lang,
                "report-sens-judgement",
                &[("share", format!("{:.0}", j * 100.0))],
            );
            if let Some(u) = t.unrated_share.filter(|u| *u > 0.0) {
                line.push_str(&tr_args(
                    lang,
                    "report-sens-unrated",
                    &[("share", format!("{:.0}", u * 100.0))],
                ));
            }
            let _ = writeln!(out, "  {line}");
        }
        let widest = t.bars[0].swing.max(1e-12);
        let mut rows = vec![header(
            lang,
            &[
                "report-input",
                "report-from",
                "report-to",
                "report-forecast",
                "report-swing",
                "report-evidence",
            ],
        )];
        rows[0].push(String::new());
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
            let _ = writeln!(
                out,
                "  {}",
                tr_args(
                    lang,
                    "report-more",
                    &[("count", (t.bars.len() - top).to_string())]
                )
            );
        }
        out.push('\n');
    }
    out
}

/// `domei backtest --format json` on the data set `source` (docs/cli.md).
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

/// `domei backtest` for people, in `lang`: per model on `source` the errors
/// (MAE, RMSE, median), range coverage and width, interval score and CRPS,
/// then the headline ensemble and its weights.
pub fn backtest_table(source: &str, r: &BacktestReport, lang: Lang) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.2}"));
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{:.1}%", x * 100.0));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        tr_args(
            lang,
            "report-bt-title",
            &[
                ("source", source.to_string()),
                ("scored", r.scored.to_string()),
                ("issues", r.issues.to_string()),
                ("draws", r.draws.to_string()),
            ]
        )
    );
    let mut rows = vec![header(
        lang,
        &[
            "report-model",
            "report-n",
            "report-mae",
            "report-rmse",
            "report-median-ae",
            "report-cov50",
            "report-cov80",
            "report-cov95",
            "report-width80",
            "report-int-score80",
            "report-crps",
            "report-input-band-cov",
        ],
    )];
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
    let _ = writeln!(out, "\n{}", tr(lang, "report-bt-note"));
    if let Some(h) = &r.headline {
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "report-bt-headline",
                &[
                    ("method", h.method.to_string()),
                    (
                        "outer",
                        h.outer_folds.map_or(String::new(), |k| {
                            tr_args(lang, "report-bt-outer-folds", &[("folds", k.to_string())])
                        })
                    ),
                    ("inner", h.inner_folds.to_string()),
                    ("chosen", h.chosen.join(", ")),
                ]
            )
        );
        if let (Some(ms), Some(ws)) = (&h.members, &h.weights) {
            let w: Vec<String> = ms
                .iter()
                .zip(ws)
                .filter(|(_, w)| **w > 0.0)
                .map(|(m, w)| format!("{} {w:.1}", m.as_str()))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                tr_args(lang, "report-bt-weights", &[("weights", w.join(", "))])
            );
        }
    }
    if let Some(hm) = r.models.iter().find(|m| m.model == "headline") {
        if let (Some(pit), Some(rel)) = (&hm.pit_histogram, &hm.reliability) {
            let _ = writeln!(
                out,
                "{}",
                tr_args(
                    lang,
                    "report-bt-pit",
                    &[("bars", sparkline(pit)), ("counts", format!("{pit:?}"))]
                )
            );
            let cells: Vec<String> = rel
                .iter()
                .map(|x| format!("{:.0}%→{:.0}%", x.level * 100.0, x.coverage * 100.0))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                tr_args(
                    lang,
                    "report-bt-reliability",
                    &[("cells", cells.join("  "))]
                )
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
        let folds = e.folds.map_or(String::new(), |k| {
            tr_args(
                lang,
                "report-bt-ensemble-folds",
                &[("folds", k.to_string())],
            )
        });
        let excluded = if e.excluded.is_empty() {
            String::new()
        } else {
            let ms: Vec<&str> = e.excluded.iter().map(|m| m.as_str()).collect();
            tr_args(
                lang,
                "report-bt-ensemble-excluded",
                &[("models", ms.join(", "))],
            )
        };
        let _ = writeln!(
            out,
            "\n{}",
            tr_args(
                lang,
                "report-bt-ensemble",
                &[
                    ("weights", w.join(", ")),
                    ("method", e.method.to_string()),
                    ("folds", folds),
                    ("excluded", excluded),
                ]
            )
        );
    }
    for (title, pick) in [
        ("report-bt-by-procedure", 0),
        ("report-bt-by-voting-rule", 1),
    ] {
        let _ = writeln!(out, "\n{}", tr(lang, title));
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
        let mut rows = vec![std::iter::once(tr(lang, "report-model"))
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
