//! Builds the [`Brief`] from the scenario and its results: what to say, in
//! which order, with which citation markers. Renderers do layout only.

use crate::cite::{plain_number, Citer};
use crate::doc::{Block, Brief, Chart, Rich, Table};
use crate::{BestResponses, BriefInput};
use domei_charts::build;
use domei_report::fmt_on_scale;
use domei_run::{IssueForecast, ModelResult};
use domei_scenario::{Issue, ValuePath};
use domei_sim::montecarlo::IssueSim;
use domei_sim::sensitivity::Field;

fn heading(level: u8, text: impl Into<String>, anchor: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        anchor: anchor.into(),
    }
}

fn table(head: &[&str], rows: Vec<Vec<Rich>>, numeric: &[bool], widths: &[f32]) -> Block {
    Block::Table(Table {
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
        numeric: numeric.to_vec(),
        widths: widths.to_vec(),
    })
}

/// The median of models (domei-run's one definition).
use domei_run::median_of_models as median;

/// The labelled point nearest `x`, in words.
pub fn nearest_anchor(issue: &Issue, x: f64) -> Option<String> {
    issue.nearest_anchor(x).map(|a| {
        format!(
            "“{}” ({})",
            a.label,
            fmt_on_scale(a.value, issue.min, issue.max)
        )
    })
}

fn with_unit(x: f64, issue: &Issue) -> String {
    let v = fmt_on_scale(x, issue.min, issue.max);
    if issue.unit.is_empty() {
        v
    } else {
        format!("{v} {}", issue.unit)
    }
}

/// A change with its sign; "no change" when it rounds to zero.
fn signed_change(d: f64, issue: &Issue) -> String {
    let v = fmt_on_scale(d.abs(), issue.min, issue.max);
    if d.abs() < 1e-9 || v.chars().all(|c| c == '0' || c == '.') {
        return if d.abs() < 1e-9 {
            "no change".into()
        } else {
            format!("≈0 ({d:+.1e})")
        };
    }
    format!("{}{v}", if d > 0.0 { "+" } else { "−" })
}

fn sim_for<'a>(inp: &'a BriefInput, i: usize) -> Option<&'a IssueSim> {
    inp.sim.and_then(|r| r.issues.iter().find(|x| x.issue == i))
}

/// Turns the input into the briefing document.
pub fn compose(inp: &BriefInput) -> Brief {
    let s = inp.scenario;
    let f = inp.forecast;
    let mut c = Citer::new(s, inp.docs);
    let mut b: Vec<Block> = crate::bottom_line::bottom_line(inp);

    // Summary: the question, what was run and what is missing, the table.
    b.push(heading(1, "Summary", "summary"));
    let mut q = Rich::default();
    q.strong("Question. ");
    q.push(if s.question.trim().is_empty() {
        "The scenario states no question.".to_string()
    } else {
        s.question.trim().to_string()
    });
    b.push(Block::Para(q));
    if !s.description.trim().is_empty() {
        b.push(Block::Para(Rich::text(s.description.trim())));
    }
    let models: Vec<&str> = f.models.iter().map(|m| m.as_str()).collect();
    let mut how = format!(
        "Models run: {}. Iterative models ran {} rounds. Footnotes [n] cite the evidence behind each value; [Jn] mark values resting on analyst judgement.",
        models.join(", "),
        f.options.rounds
    );
    if let Some(r) = inp.sim {
        let o = &r.options;
        how.push_str(&format!(
            " Monte Carlo: {} draws, seed {}, {} distribution on each value's range; point values perturbed by ±{}% of the scale (positions), ±{} (saliences), ±{}% (capabilities).",
            o.draws,
            o.seed,
            format!("{:?}", o.dist).to_lowercase(),
            plain_number(o.perturbation.position * 100.0),
            plain_number(o.perturbation.salience),
            plain_number(o.perturbation.capability * 100.0)
        ));
    }
    b.push(Block::Para(Rich::text(how)));

    let mut missing: Vec<Rich> = Vec::new();
    if inp.sim.is_none() {
        missing.push("Monte Carlo not run: forecasts are point values without ranges.".into());
    }
    if inp.sensitivity.is_none() {
        missing.push("Sensitivity not run: no key drivers or tornado charts.".into());
    }
    if inp.best_response.is_none() && inp.whatifs.is_empty() {
        missing.push(
            "Strategic options not computed (no actor named for best responses and no what-ifs)."
                .into(),
        );
    }
    for ifc in &f.issues {
        for r in &ifc.results {
            if let ModelResult::Skipped { model, error, .. } = r {
                missing.push(
                    format!(
                        "{} was not forecast by {model}: {error}.",
                        s.issues[ifc.issue].name
                    )
                    .into(),
                );
            }
        }
    }
    missing.extend(inp.notes.iter().map(|n| Rich::text(n.clone())));

    b.push(heading(2, "Forecasts at a glance", "glance"));
    let mut head = vec!["Issue", "Status quo"];
    head.extend(models.iter().copied());
    head.push("Nearest labelled point to the models' median");
    let mut rows = Vec::new();
    for ifc in &f.issues {
        let issue = &s.issues[ifc.issue];
        let mut row = vec![Rich::text(format!("{} ({})", issue.name, issue.unit))];
        let mut sq = Rich::default();
        match &issue.status_quo {
            Some(v) => {
                sq.push(fmt_on_scale(v.value, issue.min, issue.max));
                sq.cite(&c.cite(ValuePath::StatusQuo { issue: ifc.issue }));
            }
            None => {
                sq.push("–");
            }
        }
        row.push(sq);
        for r in &ifc.results {
            row.push(Rich::text(
                r.value()
                    .map_or("n/a".into(), |v| fmt_on_scale(v, issue.min, issue.max)),
            ));
        }
        let m = ifc.median_of_models();
        row.push(Rich::text(
            m.and_then(|m| nearest_anchor(issue, m))
                .unwrap_or_else(|| "–".into()),
        ));
        rows.push(row);
    }
    let mut numeric = vec![false, true];
    numeric.extend(models.iter().map(|_| true));
    numeric.push(false);
    let mut widths = vec![3.0, 1.2];
    widths.extend(models.iter().map(|_| 1.45));
    widths.push(2.6);
    b.push(table(&head, rows, &numeric, &widths));

    // Actors and their capabilities.
    b.push(heading(1, "Actors", "actors"));
    b.push(Block::Para("Capability is each actor's overall bargaining weight in this negotiation; only ratios matter.".into()));
    let rows = s
        .actors
        .iter()
        .enumerate()
        .map(|(a, actor)| {
            let mut cap = Rich::text(c.show(ValuePath::Capability { actor: a }));
            cap.cite(&c.cite(ValuePath::Capability { actor: a }));
            vec![
                Rich::text(actor.name.clone()),
                Rich::text(actor.id.clone()),
                cap,
            ]
        })
        .collect();
    b.push(table(
        &["Actor", "Id", "Capability"],
        rows,
        &[false, false, true],
        &[4.0, 2.2, 1.6],
    ));

    // How strongly the inputs are grounded.
    b.extend(evidence_strength(s));

    // One section per issue.
    b.push(heading(1, "Issues", "issues"));
    for ifc in &f.issues {
        issue_section(inp, &mut c, ifc, &mut b);
    }

    // Strategic options.
    b.push(heading(1, "Strategic options", "options"));
    if let Some(br) = &inp.best_response {
        best_responses(inp, br, &mut b);
    }
    for (k, w) in inp.whatifs.iter().enumerate() {
        b.push(heading(
            2,
            format!("What if {}", w.label),
            format!("whatif-{}", k + 1),
        ));
        let mut rows = Vec::new();
        for ic in &w.changes {
            let Some(issue) = s.issues.iter().find(|i| i.id == ic.issue) else {
                continue;
            };
            let f = |x: Option<f64>| {
                x.map_or("n/a".to_string(), |x| fmt_on_scale(x, issue.min, issue.max))
            };
            for ch in &ic.changes {
                let change = ch
                    .change
                    .map_or("n/a".to_string(), |d| signed_change(d, issue));
                rows.push(vec![
                    Rich::text(issue.name.clone()),
                    Rich::text(ch.model.as_str()),
                    Rich::text(f(ch.before)),
                    Rich::text(f(ch.after)),
                    Rich::text(change),
                ]);
            }
        }
        b.push(table(
            &["Issue", "Model", "Before", "After", "Change"],
            rows,
            &[false, false, true, true, true],
            &[4.0, 1.4, 1.2, 1.2, 1.2],
        ));
    }
    if inp.best_response.is_none() && inp.whatifs.is_empty() {
        b.push(Block::Note(
            "Not computed: name an actor (domei brief --actor ACTOR) for its best responses."
                .into(),
        ));
    }

    c.cite_rest();
    if !c.unknown_docs.is_empty() {
        let ids: Vec<String> = c.unknown_docs.iter().cloned().collect();
        missing.push(
            format!(
                "No bibliographic record for {}: their citations give the document id only.",
                ids.join(", ")
            )
            .into(),
        );
    }
    if !c.unsourced.is_empty() {
        missing.push(
            format!(
                "{} values cite neither evidence nor judgement (listed at the end).",
                c.unsourced.len()
            )
            .into(),
        );
    }
    if missing.is_empty() {
        missing.push("Nothing: every part of the briefing was computed.".into());
    }
    // The gaps go right after the "how it was made" paragraph.
    let at = b
        .iter()
        .position(|x| matches!(x, Block::Heading { anchor, .. } if anchor == "glance"))
        .unwrap_or(b.len());
    b.insert(at, Block::Bullets(missing));
    b.insert(
        at,
        heading(2, "What this briefing does not contain", "gaps"),
    );

    let mut subtitle = format!("Scenario {}", s.id);
    if let Some(o) = &s.origin {
        subtitle.push_str(&format!(" · {}", o.path.display()));
    }
    if let Some(g) = &inp.generated {
        subtitle.push_str(&format!(" · {g}"));
    }
    Brief {
        title: s.name.clone(),
        subtitle,
        blocks: b,
        citations: c.citations,
        judgements: c.judgements,
        unsourced: c.unsourced,
    }
}

fn issue_section(inp: &BriefInput, c: &mut Citer, ifc: &IssueForecast, b: &mut Vec<Block>) {
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
    let mut p = Rich::default();
    p.push(format!(
        "Scale {}–{} {}. ",
        fmt_on_scale(issue.min, issue.min, issue.max),
        fmt_on_scale(issue.max, issue.min, issue.max),
        issue.unit
    ));
    match &issue.status_quo {
        Some(v) => {
            p.strong("Status quo ").push(with_unit(v.value, issue));
            p.cite(&c.cite(ValuePath::StatusQuo { issue: i }));
            p.push(". ");
        }
        None => {
            p.push("No status quo recorded. ");
        }
    }
    let vals: Vec<f64> = ifc.results.iter().filter_map(ModelResult::value).collect();
    if let Some(m) = median(vals.clone()) {
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        p.push(format!(
            "The models forecast between {} and {}; their median is {}",
            with_unit(lo, issue),
            with_unit(hi, issue),
            with_unit(m, issue)
        ));
        match nearest_anchor(issue, m) {
            Some(a) => p.push(format!(", nearest the labelled point {a}.")),
            None => p.push(" (the scale has no labelled points)."),
        };
    } else {
        p.push("No model produced a forecast.");
    }
    b.push(Block::Para(p));

    let sim = sim_for(inp, i);
    let f = |x: Option<f64>| x.map_or("–".to_string(), |x| fmt_on_scale(x, issue.min, issue.max));
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
                    .and_then(|v| nearest_anchor(issue, v))
                    .map_or(String::new(), |a| format!("nearest {a}")),
            };
            row.push(Rich::text(note));
            row
        })
        .collect();
    let unit_head = format!("Forecast ({})", issue.unit);
    if sim.is_some() {
        b.push(table(
            &[
                "Model",
                &unit_head,
                "input-uncertainty band (p10–p90)",
                "MC median",
                "Note",
            ],
            rows,
            &[false, true, true, true, false],
            &[1.3, 1.5, 1.8, 1.2, 3.6],
        ));
    } else {
        b.push(table(
            &["Model", &unit_head, "Note"],
            rows,
            &[false, true, false],
            &[1.3, 1.5, 5.0],
        ));
    }

    let pc = build::positions(s, i, Some(ifc));
    b.push(Block::Chart(Chart {
        svg: domei_charts::positions_svg(&pc),
        caption: format!("Positions on {} and the models' forecasts.", issue.name),
    }));
    if let Some(rc) = build::rounds(s, ifc) {
        b.push(Block::Chart(Chart {
            svg: domei_charts::rounds_svg(&rc),
            caption: "The iterative models round by round.".into(),
        }));
    }
    if let Some(si) = sim {
        let dc = build::distribution(s, si, Some(ifc));
        b.push(Block::Chart(Chart {
            svg: domei_charts::distribution_svg(&dc),
            caption: "Monte Carlo distribution of each model's forecast.".into(),
        }));
    }

    // Key drivers.
    if let Some(ts) = inp.sensitivity {
        for t in ts.iter().filter(|t| t.issue == i) {
            let Some(base) = t.base else { continue };
            b.push(heading(
                3,
                format!("Key drivers ({})", t.model.as_str()),
                format!("drivers-{}-{}", issue.id, t.model.as_str()),
            ));
            if t.bars.is_empty() {
                b.push(Block::Para(
                    format!(
                        "No input moves the {} forecast ({}).",
                        t.model.as_str(),
                        with_unit(base, issue)
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
                    r.push(format!(
                        ": from {} to {} moves the forecast from {} to {} (swing {}).",
                        show(bar.low),
                        show(bar.high),
                        fmt_on_scale(bar.forecast_low, issue.min, issue.max),
                        with_unit(bar.forecast_high, issue),
                        fmt_on_scale(bar.swing, issue.min, issue.max)
                    ));
                    r
                })
                .collect();
            b.push(Block::Para(
                format!(
                    "Base forecast {}{}; the inputs that move it most, one at a time:",
                    with_unit(base, issue),
                    judgement_share(t)
                )
                .into(),
            ));
            b.push(Block::Bullets(bullets));
            if let Some(tc) = build::tornado(s, t, 8) {
                b.push(Block::Chart(Chart {
                    svg: domei_charts::tornado_svg(&tc),
                    caption: format!("Sensitivity of the {} forecast.", t.model.as_str()),
                }));
            }
        }
    }

    // The inputs, each with its citation.
    b.push(heading(3, "Inputs", format!("inputs-{}", issue.id)));
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
        &["Actor", "Position", "Salience"],
        rows,
        &[false, true, true],
        &[3.6, 2.6, 1.6],
    ));
}

fn best_responses(inp: &BriefInput, br: &BestResponses, b: &mut Vec<Block>) {
    let s = inp.scenario;
    let name = s
        .actor_index(&br.actor)
        .map_or(br.actor.clone(), |a| s.actors[a].name.clone());
    b.push(heading(
        2,
        format!("Best responses of {name}"),
        "best-responses",
    ));
    let l = &br.limits;
    b.push(Block::Para(
        format!(
            "For each issue and model: the position {name} could state (within ±{}% of the scale of its ideal) and the salience it could give the issue ({}–{}) that bring the forecast closest to its ideal, its current position. Gains are in the issue's units and as a share of the scale.",
            plain_number(l.max_shift * 100.0),
            plain_number(l.min_salience),
            plain_number(l.max_salience)
        )
        .into(),
    ));
    let mut ranked: Vec<_> = br.responses.iter().filter(|r| r.gain > 1e-9).collect();
    ranked.sort_by(|a, b| {
        b.gain_share
            .total_cmp(&a.gain_share)
            .then_with(|| a.issue.cmp(&b.issue))
    });
    if ranked.is_empty() {
        b.push(Block::Para(format!("No change of stated position or salience within these limits brings any forecast closer to {name}'s ideal.").into()));
    } else {
        let bullets = ranked
            .iter()
            .take(5)
            .filter_map(|r| {
                let issue = s.issues.iter().find(|i| i.id == r.issue)?;
                let mut x = Rich::default();
                x.strong(format!("{} ({})", issue.name, r.model.as_str()));
                x.push(format!(
                    ": state {} with salience {:.2} (now {} and {:.2}); the forecast moves from {} to {}, a gain of {} ({:.1}% of the scale).",
                    with_unit(r.best_position, issue),
                    r.best_salience,
                    with_unit(r.ideal, issue),
                    r.current_salience,
                    with_unit(r.baseline, issue),
                    with_unit(r.best_forecast, issue),
                    fmt_on_scale(r.gain, issue.min, issue.max),
                    r.gain_share * 100.0
                ));
                Some(x)
            })
            .collect();
        b.push(Block::Bullets(bullets));
    }
    let rows = br
        .responses
        .iter()
        .filter_map(|r| {
            let issue = s.issues.iter().find(|i| i.id == r.issue)?;
            let f = |x: f64| fmt_on_scale(x, issue.min, issue.max);
            Some(vec![
                Rich::text(issue.name.clone()),
                Rich::text(r.model.as_str()),
                Rich::text(f(r.ideal)),
                Rich::text(f(r.baseline)),
                Rich::text(f(r.best_position)),
                Rich::text(format!(
                    "{:.2} (now {:.2})",
                    r.best_salience, r.current_salience
                )),
                Rich::text(f(r.best_forecast)),
                Rich::text(if r.gain > 1e-9 {
                    format!("{} ({:.1}%)", f(r.gain), r.gain_share * 100.0)
                } else {
                    "none".into()
                }),
            ])
        })
        .collect();
    b.push(table(
        &[
            "Issue",
            "Model",
            "Ideal",
            "Forecast now",
            "State",
            "Salience",
            "Forecast then",
            "Gain",
        ],
        rows,
        &[false, false, true, true, true, true, true, true],
        &[2.6, 1.3, 0.9, 1.1, 0.9, 1.7, 1.1, 1.4],
    ));
}

/// ", x% of its variance rests on judgement" for a tornado, when known.
fn judgement_share(t: &domei_sim::sensitivity::Tornado) -> String {
    match (t.judgement_share, t.unrated_share) {
        (Some(j), Some(u)) if u > 0.0 => format!(
            " ({:.0}% of its variance rests on judgement, {:.0}% on unrated evidence)",
            j * 100.0,
            u * 100.0
        ),
        (Some(j), _) => format!(" ({:.0}% of its variance rests on judgement)", j * 100.0),
        _ => String::new(),
    }
}

/// The "Evidence strength" section: values per strength class, per actor
/// and in all (docs/scenario-format.md, "Support and voice"; the same counts
/// as `domei evidence audit`).
fn evidence_strength(s: &domei_scenario::Scenario) -> Vec<Block> {
    use domei_scenario::Strength;
    let au = domei_scenario::audit::audit(s);
    let mut b = vec![heading(1, "Evidence strength", "evidence-strength")];
    b.push(Block::Para(
        "How strongly each input is grounded: a cited passage that states the value, one that implies it (with the reasoning given), evidence not yet rated for support, analyst judgement only (including evidence that is only background or an author's recommendation), or nothing. Monte Carlo widens the weaker inputs' ranges (1.5× implied, 2× judgement, unrated or uncited)."
            .into(),
    ));
    let classes = [
        (Strength::CitedStates, "States"),
        (Strength::CitedImplies, "Implies"),
        (Strength::CitedUnrated, "Unrated"),
        (Strength::Judgement, "Judgement"),
        (Strength::Uncited, "Uncited"),
    ];
    let row = |name: String, c: &domei_scenario::audit::ClassCounts| {
        let mut r = vec![Rich::text(name)];
        r.extend(
            classes
                .iter()
                .map(|(k, _)| Rich::text(c.get(k).copied().unwrap_or(0).to_string())),
        );
        r
    };
    let mut rows: Vec<Vec<Rich>> = au
        .by_actor
        .iter()
        .zip(&s.actors)
        .map(|(g, a)| row(a.name.clone(), &g.counts))
        .collect();
    rows.push(row("All values".into(), &au.by_class));
    let mut head = vec!["Actor"];
    head.extend(classes.iter().map(|(_, h)| *h));
    b.push(table(
        &head,
        rows,
        &[false, true, true, true, true, true],
        &[4.0, 1.0, 1.0, 1.0, 1.1, 1.0],
    ));
    let mut weak = Vec::new();
    if !au.recommendation_only.is_empty() {
        weak.push(Rich::text(format!(
            "Supported only by an author's recommendation: {}.",
            au.recommendation_only.join(", ")
        )));
    }
    if !au.one_short_quote.is_empty() {
        weak.push(Rich::text(format!(
            "Resting on one short quote: {}.",
            au.one_short_quote.join(", ")
        )));
    }
    for x in &au.single_document_actors {
        weak.push(Rich::text(format!(
            "All of {}'s evidence comes from one document ({}).",
            x.actor, x.document
        )));
    }
    if !weak.is_empty() {
        b.push(Block::Bullets(weak));
    }
    b
}
