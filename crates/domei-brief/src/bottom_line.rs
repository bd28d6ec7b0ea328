//! The briefing's first page, "Bottom line": per issue the headline
//! forecast with its 80% range, the input that moves the forecast most
//! (from the sensitivity analysis, when it was run), and where the models
//! disagree — before anything else. Everything here is read from the
//! inputs: the headline and its disagreement sentence come from the
//! forecast's results (calibrated by domei's calibration), the driver from
//! the tornado data; nothing is computed.

use crate::cite::Citer;
use crate::doc::{Block, Rich, Table};
use crate::BriefInput;
use domei_i18n::{tr, tr_args, Lang};
use domei_run::IssueForecast;
use domei_scenario::{Issue, ValuePath};
use domei_sim::sensitivity::Field;

fn on(x: f64, issue: &Issue, l: Lang) -> String {
    domei_report::fmt_value(issue, x, l)
}

/// The headline cell: `2.61 % of GDP (80%: 2.20–3.00)`.
fn headline_cell(h: Option<&domei_ledger::Headline>, issue: &Issue, l: Lang) -> Rich {
    let Some(h) = h else {
        return Rich::text(tr(l, "brief-bl-no-headline"));
    };
    let mut r = Rich::default();
    // A yen amount in Japanese carries its unit (8,000億円).
    let yen = l == Lang::Ja && domei_i18n::ja::yen_factor(&issue.unit).is_some();
    let unit = if issue.unit.is_empty() || yen {
        String::new()
    } else {
        format!(" {}", issue.unit)
    };
    r.strong(format!("{}{unit}", on(h.value, issue, l)));
    match h.ranges.p80 {
        Some((lo, hi)) => r.push(tr_args(
            l,
            "brief-bl-range80",
            &[("low", on(lo, issue, l)), ("high", on(hi, issue, l))],
        )),
        None => r.push(tr(l, "brief-bl-no-range")),
    };
    r
}

/// The input with the largest swing on this issue, in the first model's
/// tornado that has one, with the marker of its evidence.
fn driver_cell(inp: &BriefInput, c: &mut Citer, i: usize, issue: &Issue) -> Rich {
    let l = inp.lang;
    let Some(ts) = inp.sensitivity else {
        return Rich::text(tr(l, "brief-bl-no-sensitivity"));
    };
    let s = inp.scenario;
    let Some((t, bar)) = ts
        .iter()
        .filter(|t| t.issue == i)
        .find_map(|t| t.bars.first().map(|b| (t, b)))
    else {
        return Rich::text(tr(l, "brief-bl-no-driver"));
    };
    let name = s
        .actor_index(&bar.actor)
        .map_or(bar.actor.clone(), |a| s.actors[a].name.clone());
    let field = match bar.field {
        Field::Capability => tr(l, "brief-field-capability"),
        Field::Position => tr(l, "brief-field-position"),
        Field::Salience => tr(l, "brief-field-salience"),
    };
    let path = s.actor_index(&bar.actor).map(|a| match bar.field {
        Field::Capability => ValuePath::Capability { actor: a },
        Field::Position => ValuePath::Position { actor: a, issue: i },
        Field::Salience => ValuePath::Salience { actor: a, issue: i },
    });
    let mut r = Rich::text(tr_args(
        l,
        "brief-bl-driver",
        &[
            ("name", name),
            ("field", field),
            ("model", t.model.as_str().to_string()),
            ("low", on(bar.forecast_low.min(bar.forecast_high), issue, l)),
            (
                "high",
                on(bar.forecast_low.max(bar.forecast_high), issue, l),
            ),
        ],
    ));
    if let Some(p) = path {
        r.cite(&c.cite(p));
    }
    r
}

/// The disagreement cell: the results' own sentence when the headline has
/// one (in Japanese, the same sentence made again from the forecast);
/// otherwise the models' lowest and highest forecasts.
fn disagreement_cell(
    h: Option<&domei_ledger::Headline>,
    ifc: &IssueForecast,
    issue: &Issue,
    l: Lang,
) -> Rich {
    if let Some(d) = h.and_then(|h| h.disagreement.as_deref()) {
        if l == Lang::En {
            return Rich::text(d);
        }
        if let Some(d) = domei_report::disagreement_lang(issue, ifc, l) {
            return Rich::text(d);
        }
    }
    let ran: Vec<(&str, f64)> = ifc
        .results
        .iter()
        .filter_map(|r| Some((r.model().as_str(), r.value()?)))
        .collect();
    let lo = ran.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let hi = ran.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let span = match (lo, hi) {
        (Some(lo), Some(hi)) if ran.len() > 1 => tr_args(
            l,
            "brief-bl-models-range",
            &[
                ("low", on(lo.1, issue, l)),
                ("low-model", lo.0.to_string()),
                ("high", on(hi.1, issue, l)),
                ("high-model", hi.0.to_string()),
            ],
        ),
        _ => tr(l, "brief-bl-one-model"),
    };
    match h {
        Some(_) => Rich::text(tr_args(l, "brief-bl-no-disagreement", &[("span", span)])),
        None => Rich::text(span),
    }
}

/// The "Bottom line" blocks, ending with a page break; the drivers' values
/// are numbered by `c`.
pub fn bottom_line(inp: &BriefInput, c: &mut Citer) -> Vec<Block> {
    let s = inp.scenario;
    let l = inp.lang;
    let mut b = vec![Block::Heading {
        level: 1,
        text: tr(l, "brief-bottom-line"),
        anchor: "bottom-line".into(),
    }];
    let headline = |id: &str| inp.headlines.iter().find(|(i, _)| i == id).map(|(_, h)| h);
    let rows = inp
        .forecast
        .issues
        .iter()
        .map(|ifc| {
            let issue = &s.issues[ifc.issue];
            let h = headline(&issue.id);
            vec![
                Rich::text(issue.name.clone()),
                headline_cell(h, issue, l),
                driver_cell(inp, c, ifc.issue, issue),
                disagreement_cell(h, ifc, issue, l),
            ]
        })
        .collect();
    b.push(Block::Table(Table {
        head: vec![
            tr(l, "brief-issue"),
            tr(l, "brief-bl-headline"),
            tr(l, "brief-bl-main-driver"),
            tr(l, "brief-bl-disagree"),
        ],
        rows,
        numeric: vec![false; 4],
        widths: vec![2.2, 2.4, 3.0, 3.0],
    }));
    let mut names: Vec<&str> = inp
        .headlines
        .iter()
        .filter_map(|(_, h)| h.calibration.as_deref())
        .collect();
    names.dedup();
    let note = if inp.headlines.is_empty() {
        tr(l, "brief-bl-note-none")
    } else {
        tr_args(
            l,
            "brief-bl-note",
            &[(
                "calibration",
                if names.is_empty() {
                    tr(l, "brief-bl-calibration-unnamed")
                } else {
                    tr_args(l, "brief-bl-calibration", &[("names", names.join(", "))])
                },
            )],
        )
    };
    b.push(Block::Note(Rich::text(note)));
    b.push(Block::PageBreak);
    b
}
