//! Chart data from domei's results: a [`Scenario`] with its
//! [`IssueForecast`]s, Monte Carlo [`IssueSim`]s and sensitivity
//! [`Tornado`]s. Models keep the same colour and symbol in every chart
//! ([`model_style`]). Each builder has an `_in` form taking the language of
//! the chart's own words (titles, legends, descriptions); the plain form is
//! English.

use crate::distribution::{Bar, DistributionChart, Strip};
use crate::positions::{ActorPoint, Mark, PositionsChart, ScaleAnchor};
use crate::rounds::{Line, RoundsChart};
use crate::svg::{decimals, fixed};
use crate::tornado::{TornadoBar, TornadoChart};
use domei_engines::{Explanation, ModelId};
use domei_i18n::{tr_args, Lang};
use domei_run::{History, IssueForecast, ModelResult};
use domei_scenario::Scenario;
use domei_sim::montecarlo::IssueSim;
use domei_sim::sensitivity::Field;
use domei_sim::Tornado;

/// A model's series style: its place in [`ModelId::ALL`], so a model looks
/// the same in every chart whichever models were run.
pub fn model_style(m: ModelId) -> usize {
    ModelId::ALL.iter().position(|x| *x == m).unwrap_or(0)
}

/// Positions of every actor with a stance on issue `i`, lowest position
/// first, with the models' forecasts when given.
pub fn positions(s: &Scenario, i: usize, f: Option<&IssueForecast>) -> PositionsChart {
    positions_in(s, i, f, Lang::En)
}

/// [`positions`] with its words in `lang`.
pub fn positions_in(
    s: &Scenario,
    i: usize,
    f: Option<&IssueForecast>,
    lang: Lang,
) -> PositionsChart {
    let issue = &s.issues[i];
    let mut actors: Vec<ActorPoint> = s
        .actors
        .iter()
        .enumerate()
        .filter_map(|(a, actor)| {
            let st = s.stance(a, i)?;
            Some(ActorPoint {
                name: actor.name.clone(),
                position: st.position.value,
                range: st.position.range,
                weight: actor.capability.value * st.salience.value,
            })
        })
        .collect();
    actors.sort_by(|a, b| {
        a.position
            .total_cmp(&b.position)
            .then_with(|| a.name.cmp(&b.name))
    });
    let forecasts = f
        .map(|f| {
            f.results
                .iter()
                .filter_map(|r| {
                    r.value().map(|v| Mark {
                        label: r.model().as_str().to_string(),
                        value: v,
                        style: model_style(r.model()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    PositionsChart {
        id: format!("positions-{}", issue.id),
        title: tr_args(
            lang,
            "chart-positions-title",
            &[("issue", issue.name.clone())],
        ),
        unit: issue.unit.clone(),
        min: issue.min,
        max: issue.max,
        anchors: issue
            .anchors
            .iter()
            .map(|a| ScaleAnchor {
                value: a.value,
                label: a.label.clone(),
            })
            .collect(),
        status_quo: issue.status_quo.as_ref().map(|v| v.value),
        actors,
        forecasts,
        lang,
    }
}

/// The iterative models' rounds on one issue (median and mean per round;
/// BDM's initial state as round 0), or `None` when no model ran in rounds.
pub fn rounds(s: &Scenario, f: &IssueForecast) -> Option<RoundsChart> {
    rounds_in(s, f, Lang::En)
}

/// [`rounds`] with its words in `lang`.
pub fn rounds_in(s: &Scenario, f: &IssueForecast, lang: Lang) -> Option<RoundsChart> {
    let issue = &s.issues[f.issue];
    let mut lines = Vec::new();
    for r in &f.results {
        let ModelResult::Ok(fc) = r else { continue };
        if fc.rounds.is_empty() {
            continue;
        }
        let (m0, a0) = match &fc.explanation {
            Explanation::Bdm(b) => (Some((0, b.initial_median)), Some((0, b.initial_mean))),
            _ => (None, None),
        };
        let st = model_style(fc.model);
        let name = fc.model.as_str();
        lines.push(Line {
            label: tr_args(lang, "chart-line-median", &[("model", name.to_string())]),
            style: st,
            dashed: false,
            points: m0
                .into_iter()
                .chain(fc.rounds.iter().map(|x| (x.round, x.median)))
                .collect(),
        });
        lines.push(Line {
            label: tr_args(lang, "chart-line-mean", &[("model", name.to_string())]),
            style: st,
            dashed: true,
            points: a0
                .into_iter()
                .chain(fc.rounds.iter().map(|x| (x.round, x.mean)))
                .collect(),
        });
    }
    (!lines.is_empty()).then(|| RoundsChart {
        id: format!("rounds-{}", issue.id),
        title: tr_args(lang, "chart-rounds-title", &[("issue", issue.name.clone())]),
        unit: issue.unit.clone(),
        min: issue.min,
        max: issue.max,
        status_quo: issue.status_quo.as_ref().map(|v| v.value),
        lines,
        lang,
    })
}

/// One issue's history (domei-run's [`History`]): every actor's position
/// round by round, round 0 the start, and the model's median (dashed);
/// with `actor`, that actor's line alone beside the median.
pub fn history(s: &Scenario, h: &History, actor: Option<&str>) -> Option<RoundsChart> {
    history_in(s, h, actor, Lang::En)
}

/// [`history`] with its words in `lang`.
pub fn history_in(
    s: &Scenario,
    h: &History,
    actor: Option<&str>,
    lang: Lang,
) -> Option<RoundsChart> {
    let issue = s.issues.iter().find(|i| i.id == h.issue)?;
    let mut lines: Vec<Line> = h
        .initial
        .iter()
        .enumerate()
        .filter(|(_, a)| actor.is_none_or(|x| x == a.id))
        .map(|(k, a)| Line {
            label: a.id.clone(),
            style: k,
            dashed: false,
            points: std::iter::once((0, a.position))
                .chain(
                    h.rounds
                        .iter()
                        .filter_map(|r| Some((r.round, r.actors.get(k)?.position))),
                )
                .collect(),
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    // The style after the actors', so that the median never looks like one.
    lines.push(Line {
        label: tr_args(
            lang,
            "chart-line-median",
            &[("model", h.model.as_str().to_string())],
        ),
        style: h.initial.len(),
        dashed: true,
        points: h.rounds.iter().map(|r| (r.round, r.median)).collect(),
    });
    let who = actor.map_or(String::new(), |a| format!(" — {a}"));
    Some(RoundsChart {
        id: format!("history-{}-{}", h.model.as_str(), issue.id),
        title: tr_args(
            lang,
            "chart-history-title",
            &[
                ("issue", issue.name.clone()),
                ("model", h.model.as_str().to_string()),
                ("who", who),
            ],
        ),
        unit: issue.unit.clone(),
        min: issue.min,
        max: issue.max,
        status_quo: issue.status_quo.as_ref().map(|v| v.value),
        lines,
        lang,
    })
}

/// Monte Carlo distributions of every model on one issue, with the point
/// forecasts from `point` when given (same models, same order).
pub fn distribution(
    s: &Scenario,
    sim: &IssueSim,
    point: Option<&IssueForecast>,
) -> DistributionChart {
    distribution_in(s, sim, point, Lang::En)
}

/// [`distribution`] with its words in `lang`.
pub fn distribution_in(
    s: &Scenario,
    sim: &IssueSim,
    point: Option<&IssueForecast>,
    lang: Lang,
) -> DistributionChart {
    let issue = &s.issues[sim.issue];
    let strips = sim
        .models
        .iter()
        .map(|m| {
            let sm = &m.summary;
            Strip {
                label: m.model.as_str().to_string(),
                style: model_style(m.model),
                bars: sm
                    .histogram
                    .iter()
                    .map(|b| Bar {
                        lo: b.lo,
                        hi: b.hi,
                        count: b.count,
                    })
                    .collect(),
                p10: sm.p10,
                p50: sm.p50,
                p90: sm.p90,
                point: point
                    .and_then(|p| p.results.iter().find(|r| r.model() == m.model))
                    .and_then(ModelResult::value),
                n: sm.n,
                failed: sm.failed,
            }
        })
        .collect();
    DistributionChart {
        id: format!("distribution-{}", issue.id),
        title: tr_args(
            lang,
            "chart-distribution-title",
            &[("issue", issue.name.clone())],
        ),
        unit: issue.unit.clone(),
        min: issue.min,
        max: issue.max,
        status_quo: issue.status_quo.as_ref().map(|v| v.value),
        strips,
        lang,
    }
}

/// `actor.field` as the sensitivity tables print it.
pub fn field_name(f: Field) -> &'static str {
    match f {
        Field::Capability => "capability",
        Field::Position => "position",
        Field::Salience => "salience",
    }
}

/// The tornado of one model on one issue (at most `top` bars), or `None`
/// when the model could not run there.
pub fn tornado(s: &Scenario, t: &Tornado, top: usize) -> Option<TornadoChart> {
    tornado_in(s, t, top, Lang::En)
}

/// [`tornado`] with its words in `lang`.
pub fn tornado_in(s: &Scenario, t: &Tornado, top: usize, lang: Lang) -> Option<TornadoChart> {
    let issue = &s.issues[t.issue];
    let base = t.base?;
    let d = decimals(issue.min, issue.max);
    let bars = t
        .bars
        .iter()
        .map(|b| {
            let input = |x: f64| match b.field {
                Field::Position => format!("{} {}", fixed(x, d), issue.unit),
                Field::Salience => fixed(x, 2),
                Field::Capability => fixed(x, 1),
            };
            TornadoBar {
                label: format!("{}.{}", b.actor, field_name(b.field)),
                input_low: input(b.low),
                input_high: input(b.high),
                forecast_low: b.forecast_low,
                forecast_high: b.forecast_high,
            }
        })
        .collect();
    Some(TornadoChart {
        id: format!("tornado-{}-{}", issue.id, t.model.as_str()),
        title: tr_args(
            lang,
            "chart-tornado-title",
            &[
                ("model", t.model.as_str().to_string()),
                ("issue", issue.name.clone()),
            ],
        ),
        unit: issue.unit.clone(),
        min: issue.min,
        max: issue.max,
        base,
        bars,
        top,
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_engines::Options;
    use domei_scenario::{from_toml_str, Requirements};
    use std::path::Path;

    const S: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "a"
capability = 1
[[actors]]
id = "b"
capability = 1
[[actors]]
id = "c"
capability = 3
[[issues]]
id = "x"
name = "Issue x"
scale = { min = 0, max = 10 }
[[stances]]
actor = "a"
issue = "x"
position = 0
salience = 0.9
[[stances]]
actor = "b"
issue = "x"
position = 6
salience = 0.5
[[stances]]
actor = "c"
issue = "x"
position = 10
salience = 0.2
"#;

    #[test]
    fn history_draws_every_actor_or_the_one_asked_for() {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let h = domei_run::history(&s, 0, ModelId::Bdm, &Options::default()).unwrap();
        let all = history(&s, &h, None).unwrap();
        let labels: Vec<&str> = all.lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["a", "b", "c", "bdm median"]);
        // Round 0 and every round, from the history.
        assert_eq!(all.lines[1].points.len(), 1 + h.rounds.len());
        assert_eq!(all.lines[1].points[0], (0, 6.0));
        assert_eq!(all.lines[1].points[1], (1, h.rounds[0].actors[1].position));
        let one = history(&s, &h, Some("b")).unwrap();
        assert_eq!(one.lines.len(), 2);
        assert_eq!(one.lines[0].style, 1, "an actor keeps its style");
        assert!(one.title.ends_with("— b"));
        assert!(history(&s, &h, Some("nobody")).is_none());
        let svg = crate::history_svg(&all);
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
