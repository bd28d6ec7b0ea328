//! One issue's section of the full briefing: its scale, status quo and
//! forecasts, the charts, why the actors moved, the key drivers and the
//! inputs with their citations.

use crate::cite::{plain_number, Citer};
use crate::compose::{heading, nearest_anchor_lang, table, with_unit_lang};
use crate::doc::{Block, Chart, Rich};
use crate::sections::judgement_share;
use crate::BriefInput;
use domei_charts::build;
use domei_i18n::{tr, tr_args};
use domei_report::fmt_on_scale;
use domei_run::{IssueForecast, ModelResult};
use domei_scenario::ValuePath;
use domei_sim::montecarlo::IssueSim;
use domei_sim::sensitivity::Field;

/// The median of models (domei-run's one definition).
use domei_run::median_of_models as median;

fn sim_for<'a>(inp: &'a BriefInput, i: usize) -> Option<&'a IssueSim> {
    inp.sim.and_then(|r| r.issues.iter().find(|x| x.issue == i))
}

/// Appends the section of the issue `ifc` forecasts to `b`.
pub(crate) fn issue_section(
    inp: &BriefInput,
    c: &mut Citer,
    ifc: &IssueForecast,
    b: &mut Vec<Block>,
) {
    let s = inp.scenario;
    let i = ifc.issue;
    let issue = &s.issues[i];
    b.push(heading(
        2,
        issue.name.clone(),
        format!("issue-{}", issue.id),
    ));
    if !issue.description.trim().is_empty() {
        b.push(Block::Para(Rich::text(issue.description.trim())));
    }
    let l = inp.lang;
    let mut p = Rich::default();
    p.push(tr_args(
        l,
        "brief-scale",
        &[
            ("min", domei_report::fmt_value(issue, issue.min, l)),
            ("max", domei_report::fmt_value(issue, issue.max, l)),
            ("unit", issue.unit.clone()),
        ],
    ));
    match &issue.status_quo {
        Some(v) => {
            p.strong(tr(l, "brief-status-quo-label"))
                .push(with_unit_lang(v.value, issue, l));
            p.cite(&c.cite(ValuePath::StatusQuo { issue: i }));
            p.push(tr(l, "brief-sentence-end"));
        }
        None => {
            p.push(tr(l, "brief-no-status-quo"));
        }
    }
    let vals: Vec<f64> = ifc.results.iter().filter_map(ModelResult::value).collect();
    if let Some(m) = median(vals.clone()) {
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let args = [
            ("low", with_unit_lang(lo, issue, l)),
            ("high", with_unit_lang(hi, issue, l)),
            ("median", with_unit_lang(m, issue, l)),
        ];
        match nearest_anchor_lang(issue, m, l) {
            Some(a) => {
                let mut args = args.to_vec();
                args.push(("anchor", a));
                p.push(tr_args(l, "brief-models-range-anchor", &args))
            }
            None => p.push(tr_args(l, "brief-models-range", &args)),
        };
    } else {
        p.push(tr(l, "brief-no-forecast"));
    }
    b.push(Block::Para(p));

    let sim = sim_for(inp, i);
    let f = |x: Option<f64>| x.map_or("–".to_string(), |x| domei_report::fmt_value(issue, x, l));
    let rows = ifc
        .results
        .iter()
        .map(|r| {
            let ms = sim
                .and_then(|si| si.models.iter().find(|m| m.model == r.model()))
                .map(|m| &m.summary);
            let mut row = vec![Rich::text(r.model().as_str()), Rich::text(f(r.value()))];
            if sim.is_some() {
                row.push(Rich::text(ms.map_or("–".into(), |m| {
                    match (m.p10, m.p90) {
                        (Some(a), Some(z)) => format!("{}–{}", f(Some(a)), f(Some(z))),
                        _ => "–".into(),
                    }
                })));
                row.push(Rich::text(f(ms.and_then(|m| m.p50))));
            }
            let note = match r {
                ModelResult::Skipped { error, .. } => error.clone(),
                ModelResult::Ok(_) => r
                    .value()
                    .and_then(|v| nearest_anchor_lang(issue, v, l))
                    .map_or(String::new(), |a| {
                        tr_args(l, "brief-nearest", &[("anchor", a)])
                    }),
            };
            row.push(Rich::text(note));
            row
        })
        .collect();
    let unit_head = tr_args(l, "brief-forecast-unit", &[("unit", issue.unit.clone())]);
    let (h_model, h_note) = (tr(l, "brief-model"), tr(l, "brief-note"));
    if sim.is_some() {
        b.push(table(
            &[
                &h_model,
                &unit_head,
                &tr(l, "brief-band"),
                &tr(l, "brief-mc-median"),
                &h_note,
            ],
            rows,
            &[false, true, true, true, false],
            &[1.3, 1.5, 1.8, 1.2, 3.6],
        ));
    } else {
        b.push(table(
            &[&h_model, &unit_head, &h_note],
            rows,
            &[false, true, false],
            &[1.3, 1.5, 5.0],
        ));
    }

    let pc = build::positions_in(s, i, Some(ifc), l);
    b.push(Block::Chart(Chart {
        svg: domei_charts::positions_svg(&pc),
        caption: tr_args(
            l,
            "brief-caption-positions",
            &[("issue", issue.name.clone())],
        ),
    }));
    if let Some(rc) = build::rounds_in(s, ifc, l) {
        b.push(Block::Chart(Chart {
            svg: domei_charts::rounds_svg(&rc),
            caption: tr(l, "brief-caption-rounds"),
        }));
    }
    if let Some(h) = inp.histories.iter().find(|h| h.issue == issue.id) {
        crate::sections::why_they_moved(inp, issue, h, b);
    }
    if let Some(si) = sim {
        let dc = build::distribution_in(s, si, Some(ifc), l);
        b.push(Block::Chart(Chart {
            svg: domei_charts::distribution_svg(&dc),
            caption: tr(l, "brief-caption-distribution"),
        }));
    }

    // Key drivers.
    if let Some(ts) = inp.sensitivity {
        for t in ts.iter().filter(|t| t.issue == i) {
            let Some(base) = t.base else { continue };
            b.push(heading(
                3,
                tr_args(
                    l,
                    "brief-drivers",
                    &[("model", t.model.as_str().to_string())],
                ),
                format!("drivers-{}-{}", issue.id, t.model.as_str()),
            ));
            if t.bars.is_empty() {
                b.push(Block::Para(
                    tr_args(
                        l,
                        "brief-drivers-none",
                        &[
                            ("model", t.model.as_str().to_string()),
                            ("base", with_unit_lang(base, issue, l)),
                        ],
                    )
                    .into(),
                ));
                continue;
            }
            let bullets = t
                .bars
                .iter()
                .take(inp.drivers_top)
                .map(|bar| {
                    let a = s.actor_index(&bar.actor);
                    let name = a.map_or(bar.actor.clone(), |a| s.actors[a].name.clone());
                    let (field, path) = match bar.field {
                        Field::Capability => {
                            ("capability", a.map(|a| ValuePath::Capability { actor: a }))
                        }
                        Field::Position => (
                            "position",
                            a.map(|a| ValuePath::Position { actor: a, issue: i }),
                        ),
                        Field::Salience => (
                            "salience",
                            a.map(|a| ValuePath::Salience { actor: a, issue: i }),
                        ),
                    };
                    let show = |x: f64| match bar.field {
                        Field::Position => fmt_on_scale(x, issue.min, issue.max),
                        Field::Salience => format!("{x:.2}"),
                        Field::Capability => plain_number((x * 10.0).round() / 10.0),
                    };
                    let mut r = Rich::default();
                    r.strong(format!("{}.{field}", bar.actor));
                    r.push(format!(" ({name})"));
                    if let Some(p) = path {
                        r.cite(&c.cite(p));
                    }
                    r.push(tr_args(
                        l,
                        "brief-driver",
                        &[
                            ("low", show(bar.low)),
                            ("high", show(bar.high)),
                            ("from", domei_report::fmt_value(issue, bar.forecast_low, l)),
                            ("to", with_unit_lang(bar.forecast_high, issue, l)),
                            ("swing", domei_report::fmt_value(issue, bar.swing, l)),
                        ],
                    ));
                    r
                })
                .collect();
            b.push(Block::Para(
                tr_args(
                    l,
                    "brief-drivers-intro",
                    &[
                        ("base", with_unit_lang(base, issue, l)),
                        ("share", judgement_share(t, l)),
                    ],
                )
                .into(),
            ));
            b.push(Block::Bullets(bullets));
            if let Some(tc) = build::tornado_in(s, t, 8, l) {
                b.push(Block::Chart(Chart {
                    svg: domei_charts::tornado_svg(&tc),
                    caption: tr_args(
                        l,
                        "brief-caption-tornado",
                        &[("model", t.model.as_str().to_string())],
                    ),
                }));
            }
        }
    }

    // The inputs, each with its citation.
    b.push(heading(
        3,
        tr(l, "brief-inputs"),
        format!("inputs-{}", issue.id),
    ));
    let rows = s
        .actors
        .iter()
        .enumerate()
        .filter(|(a, _)| s.stance(*a, i).is_some())
        .map(|(a, actor)| {
            let mut pos = Rich::text(c.show(ValuePath::Position { actor: a, issue: i }));
            pos.cite(&c.cite(ValuePath::Position { actor: a, issue: i }));
            let mut sal = Rich::text(c.show(ValuePath::Salience { actor: a, issue: i }));
            sal.cite(&c.cite(ValuePath::Salience { actor: a, issue: i }));
            vec![Rich::text(actor.name.clone()), pos, sal]
        })
        .collect();
    b.push(table(
        &[
            &tr(l, "brief-actor"),
            &tr(l, "brief-position"),
            &tr(l, "brief-salience"),
        ],
        rows,
        &[false, true, true],
        &[3.6, 2.6, 1.6],
    ));
}
