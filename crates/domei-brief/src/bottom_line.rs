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

/// An actor's name without its gloss in brackets ("US administration"
/// for "US administration (President Trump, White House, cabinet)"), for
/// the short briefing's one-line cells.
fn short_name(name: &str) -> &str {
    let cut = if name.ends_with(')') {
        name.rfind(" (")
    } else if name.ends_with('）') {
        name.rfind('（')
    } else {
        None
    };
    match cut.map(|k| name[..k].trim()) {
        Some(n) if !n.is_empty() => n,
        _ => name,
    }
}

/// The short briefing's driver cell: `US administration's position (2.34–2.73)`
/// with the marker of its evidence.
fn driver_cell_short(inp: &BriefInput, c: &mut Citer, i: usize, issue: &Issue) -> Rich {
    let l = inp.lang;
    let Some(ts) = inp.sensitivity else {
        return Rich::text(tr(l, "brief-bl-no-sensitivity"));
    };
    let s = inp.scenario;
    let Some((_, bar)) = ts
        .iter()
        .filter(|t| t.issue == i)
        .find_map(|t| t.bars.first().map(|b| (t, b)))
    else {
        return Rich::text(tr(l, "brief-bl-no-driver"));
    };
    let a = s.actor_index(&bar.actor);
    let name = a.map_or(bar.actor.clone(), |a| {
        short_name(&s.actors[a].name).to_string()
    });
    let (field, path) = match bar.field {
        Field::Capability => (
            tr(l, "brief-field-capability"),
            a.map(|a| ValuePath::Capability { actor: a }),
        ),
        Field::Position => (
            tr(l, "brief-field-position"),
            a.map(|a| ValuePath::Position { actor: a, issue: i }),
        ),
        Field::Salience => (
            tr(l, "brief-field-salience"),
            a.map(|a| ValuePath::Salience { actor: a, issue: i }),
        ),
    };
    let mut r = Rich::text(tr_args(
        l,
        "brief-bl-driver-short",
        &[
            ("name", name),
            ("field", field),
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
/// are numbered by `c`. The short briefing ([`BriefInput::full`] false)
/// gets [`bottom_line_short`].
pub fn bottom_line(inp: &BriefInput, c: &mut Citer) -> Vec<Block> {
    if !inp.full {
        return bottom_line_short(inp, c);
    }
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
    b.push(calibration_note(inp, "brief-bl-note"));
    b.push(Block::PageBreak);
    b
}

/// The calibration note under the headline table (`key` ends it).
fn calibration_note(inp: &BriefInput, key: &str) -> Block {
    let l = inp.lang;
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
            key,
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
    Block::Note(Rich::text(note))
}

/// The short briefing's bottom line: one compact row per issue (headline
/// with its 80% range, the main driver in a few words), then only the
/// issues where the models disagree beyond the 80% range, each in one
/// sentence. No page break: the summary follows on the same page.
pub fn bottom_line_short(inp: &BriefInput, c: &mut Citer) -> Vec<Block> {
    let s = inp.scenario;
    let l = inp.lang;
    let mut b = vec![Block::Heading {
        level: 1,
        text: tr(l, "brief-bottom-line"),
        anchor: "bottom-line".into(),
    }];
    let headline = |id: &str| inp.headlines.iter().find(|(i, _)| i == id).map(|(_, h)| h);
    let mut split = Vec::new();
    let rows =
        inp.forecast
            .issues
            .iter()
            .map(|ifc| {
                let issue = &s.issues[ifc.issue];
                let h = headline(&issue.id);
                if let Some(d) = h.and_then(|h| h.disagreement.as_ref()) {
                    let mut r = Rich::default();
                    r.strong(format!("{}{}", issue.name, tr(l, "brief-colon")));
                    r.push(match l {
                        Lang::En => d.clone(),
                        Lang::Ja => domei_report::disagreement_lang(issue, ifc, l)
                            .unwrap_or_else(|| d.clone()),
                    });
                    split.push(r);
                }
                vec![
                    Rich::text(issue.name.clone()),
                    headline_cell(h, issue, l),
                    driver_cell_short(inp, c, ifc.issue, issue),
                ]
            })
            .collect();
    b.push(Block::Table(Table {
        head: vec![
            tr(l, "brief-issue"),
            tr(l, "brief-bl-headline"),
            tr(l, "brief-bl-main-driver"),
        ],
        rows,
        numeric: vec![false; 3],
        widths: vec![3.2, 3.0, 3.2],
    }));
    b.push(calibration_note(inp, "brief-bl-note-short"));
    if !inp.headlines.is_empty() {
        if split.is_empty() {
            b.push(Block::Para(tr(l, "brief-bl-agree").into()));
        } else {
            b.push(Block::Para(tr(l, "brief-bl-split").into()));
            b.push(Block::Bullets(split));
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn short_names_drop_only_a_closing_gloss() {
        assert_eq!(
            short_name("US administration (President Trump, White House, cabinet)"),
            "US administration"
        );
        assert_eq!(short_name("日本政府（石破内閣）"), "日本政府");
        assert_eq!(short_name("US (a) team"), "US (a) team");
        assert_eq!(short_name("(gloss only)"), "(gloss only)");
        assert_eq!(short_name("Congress"), "Congress");
    }
}
