//! The briefing's first page, "Bottom line": per issue the headline
//! forecast with its 80% range, the input that moves the forecast most
//! (from the sensitivity analysis, when it was run), and where the models
//! disagree — before anything else. Everything here is read from the
//! inputs: the headline and its disagreement sentence come from the
//! forecast's results (calibrated by domei's calibration), the driver from
//! the tornado data; nothing is computed.

use crate::doc::{Block, Rich, Table};
use crate::BriefInput;
use domei_report::fmt_on_scale;
use domei_run::IssueForecast;
use domei_scenario::Issue;
use domei_sim::sensitivity::Field;

fn on(x: f64, issue: &Issue) -> String {
    fmt_on_scale(x, issue.min, issue.max)
}

/// The headline cell: `2.61 % of GDP (80%: 2.20–3.00)`.
fn headline_cell(h: Option<&domei_ledger::Headline>, issue: &Issue) -> Rich {
    let Some(h) = h else {
        return Rich::text("none (no calibrated headline in these results)");
    };
    let mut r = Rich::default();
    let unit = if issue.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", issue.unit)
    };
    r.strong(format!("{}{unit}", on(h.value, issue)));
    match h.ranges.p80 {
        Some((lo, hi)) => r.push(format!(" (80%: {}–{})", on(lo, issue), on(hi, issue))),
        None => r.push(" (no 80% range)"),
    };
    r
}

/// The input with the largest swing on this issue, in the first model's
/// tornado that has one.
fn driver_cell(inp: &BriefInput, i: usize, issue: &Issue) -> Rich {
    let Some(ts) = inp.sensitivity else {
        return Rich::text("– (sensitivity not run)");
    };
    let s = inp.scenario;
    let Some((t, bar)) = ts
        .iter()
        .filter(|t| t.issue == i)
        .find_map(|t| t.bars.first().map(|b| (t, b)))
    else {
        return Rich::text("no single input moves the forecast");
    };
    let name = s
        .actor_index(&bar.actor)
        .map_or(bar.actor.clone(), |a| s.actors[a].name.clone());
    let field = match bar.field {
        Field::Capability => "capability",
        Field::Position => "position",
        Field::Salience => "salience",
    };
    Rich::text(format!(
        "{name}'s {field}: moves the {} forecast {}–{}",
        t.model.as_str(),
        on(bar.forecast_low.min(bar.forecast_high), issue),
        on(bar.forecast_low.max(bar.forecast_high), issue)
    ))
}

/// The disagreement cell: the results' own sentence when the headline has
/// one; otherwise the models' lowest and highest forecasts.
fn disagreement_cell(
    h: Option<&domei_ledger::Headline>,
    ifc: &IssueForecast,
    issue: &Issue,
) -> Rich {
    if let Some(d) = h.and_then(|h| h.disagreement.as_deref()) {
        return Rich::text(d);
    }
    let ran: Vec<(&str, f64)> = ifc
        .results
        .iter()
        .filter_map(|r| Some((r.model().as_str(), r.value()?)))
        .collect();
    let lo = ran.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let hi = ran.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let span = match (lo, hi) {
        (Some(lo), Some(hi)) if ran.len() > 1 => format!(
            "models range from {} ({}) to {} ({})",
            on(lo.1, issue),
            lo.0,
            on(hi.1, issue),
            hi.0
        ),
        _ => "only one model forecast this issue".to_string(),
    };
    match h {
        Some(_) => Rich::text(format!("none beyond the 80% range; {span}")),
        None => Rich::text(span),
    }
}

/// The "Bottom line" blocks, ending with a page break.
pub fn bottom_line(inp: &BriefInput) -> Vec<Block> {
    let s = inp.scenario;
    let mut b = vec![Block::Heading {
        level: 1,
        text: "Bottom line".into(),
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
                headline_cell(h, issue),
                driver_cell(inp, ifc.issue, issue),
                disagreement_cell(h, ifc, issue),
            ]
        })
        .collect();
    b.push(Block::Table(Table {
        head: [
            "Issue",
            "Headline forecast (80% range)",
            "Main driver",
            "Where the models disagree",
        ]
        .map(String::from)
        .to_vec(),
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
        "No headline forecast: these results carry no calibrated headline (they were made before calibration, or the scenario is not on a calibrated scale). Quote the models' forecasts below with their caveats.".to_string()
    } else {
        format!(
            "The headline is domei's calibrated forecast ({}); its 80% range held the recorded outcome about 8 times in 10 in cross-validation. The models' own forecasts and why they differ follow.",
            if names.is_empty() {
                "calibration not named".to_string()
            } else {
                format!("calibration {}", names.join(", "))
            }
        )
    };
    b.push(Block::Note(Rich::text(note)));
    b.push(Block::PageBreak);
    b
}
