//! The briefing's sections on strategy and evidence: best responses, the
//! share of a forecast resting on judgement, and the evidence-strength
//! table (called by [`crate::compose`]).

use crate::cite::plain_number;
use crate::compose::{heading, table, with_unit_lang};
use crate::doc::{Block, Rich};
use crate::{BestResponses, BriefInput};
use domei_i18n::{tr, tr_args, Lang};

pub(crate) fn best_responses(inp: &BriefInput, br: &BestResponses, b: &mut Vec<Block>) {
    let s = inp.scenario;
    let lang = inp.lang;
    let name = s
        .actor_index(&br.actor)
        .map_or(br.actor.clone(), |a| s.actors[a].name.clone());
    b.push(heading(
        2,
        tr_args(lang, "brief-br-title", &[("name", name.clone())]),
        "best-responses",
    ));
    let l = &br.limits;
    b.push(Block::Para(
        tr_args(
            lang,
            "brief-br-intro",
            &[
                ("name", name.clone()),
                ("shift", plain_number(l.max_shift * 100.0)),
                ("min", plain_number(l.min_salience)),
                ("max", plain_number(l.max_salience)),
            ],
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
        b.push(Block::Para(
            tr_args(lang, "brief-br-none", &[("name", name.clone())]).into(),
        ));
    } else {
        let bullets = ranked
            .iter()
            .take(5)
            .filter_map(|r| {
                let issue = s.issues.iter().find(|i| i.id == r.issue)?;
                let mut x = Rich::default();
                x.strong(format!("{} ({})", issue.name, r.model.as_str()));
                x.push(tr_args(
                    lang,
                    "brief-br-bullet",
                    &[
                        ("position", with_unit_lang(r.best_position, issue, lang)),
                        ("salience", format!("{:.2}", r.best_salience)),
                        ("ideal", with_unit_lang(r.ideal, issue, lang)),
                        ("now", format!("{:.2}", r.current_salience)),
                        ("from", with_unit_lang(r.baseline, issue, lang)),
                        ("to", with_unit_lang(r.best_forecast, issue, lang)),
                        ("gain", domei_report::fmt_value(issue, r.gain, lang)),
                        ("share", format!("{:.1}", r.gain_share * 100.0)),
                    ],
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
            let f = |x: f64| domei_report::fmt_value(issue, x, lang);
            Some(vec![
                Rich::text(issue.name.clone()),
                Rich::text(r.model.as_str()),
                Rich::text(f(r.ideal)),
                Rich::text(f(r.baseline)),
                Rich::text(f(r.best_position)),
                Rich::text(tr_args(
                    lang,
                    "brief-br-salience-now",
                    &[
                        ("salience", format!("{:.2}", r.best_salience)),
                        ("now", format!("{:.2}", r.current_salience)),
                    ],
                )),
                Rich::text(f(r.best_forecast)),
                Rich::text(if r.gain > 1e-9 {
                    format!("{} ({:.1}%)", f(r.gain), r.gain_share * 100.0)
                } else {
                    tr(lang, "brief-br-no-gain")
                }),
            ])
        })
        .collect();
    b.push(table(
        &[
            &tr(lang, "brief-issue"),
            &tr(lang, "brief-model"),
            &tr(lang, "brief-br-ideal"),
            &tr(lang, "brief-br-forecast-now"),
            &tr(lang, "brief-br-state"),
            &tr(lang, "brief-salience"),
            &tr(lang, "brief-br-forecast-then"),
            &tr(lang, "brief-br-gain"),
        ],
        rows,
        &[false, false, true, true, true, true, true, true],
        &[2.6, 1.3, 0.9, 1.1, 0.9, 1.7, 1.1, 1.4],
    ));
}

/// ", x% of its variance rests on judgement" for a tornado, when known.
pub(crate) fn judgement_share(t: &domei_sim::sensitivity::Tornado, l: Lang) -> String {
    match (t.judgement_share, t.unrated_share) {
        (Some(j), Some(u)) if u > 0.0 => tr_args(
            l,
            "brief-share-judgement-unrated",
            &[
                ("judgement", format!("{:.0}", j * 100.0)),
                ("unrated", format!("{:.0}", u * 100.0)),
            ],
        ),
        (Some(j), _) => tr_args(
            l,
            "brief-share-judgement",
            &[("judgement", format!("{:.0}", j * 100.0))],
        ),
        _ => String::new(),
    }
}

/// The "Evidence strength" section: values per strength class, per actor
/// and in all (docs/scenario-format.md, "Support and voice"; the same counts
/// as `domei evidence audit`).
pub(crate) fn evidence_strength(s: &domei_scenario::Scenario, l: Lang) -> Vec<Block> {
    use domei_scenario::Strength;
    let au = domei_scenario::audit::audit(s);
    let mut b = vec![heading(
        1,
        tr(l, "brief-evidence-strength"),
        "evidence-strength",
    )];
    b.push(Block::Para(tr(l, "brief-evidence-strength-intro").into()));
    let classes = [
        (Strength::CitedStates, tr(l, "brief-class-states")),
        (Strength::CitedImplies, tr(l, "brief-class-implies")),
        (Strength::CitedUnrated, tr(l, "brief-class-unrated")),
        (Strength::Judgement, tr(l, "brief-class-judgement")),
        (Strength::Uncited, tr(l, "brief-class-uncited")),
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
    rows.push(row(tr(l, "brief-all-values"), &au.by_class));
    let actor_head = tr(l, "brief-actor");
    let mut head = vec![actor_head.as_str()];
    head.extend(classes.iter().map(|(_, h)| h.as_str()));
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

/// Actors the short briefing's evidence-strength table lists besides all
/// values: those resting most on judgement or on nothing.
const WEAKEST_SHOWN: usize = 3;

/// The short briefing's evidence strength: one row for all values, then
/// the [`WEAKEST_SHOWN`] actors with the largest share of values resting on
/// judgement or on nothing (every actor is in the full briefing).
pub(crate) fn evidence_strength_short(s: &domei_scenario::Scenario, l: Lang) -> Vec<Block> {
    use domei_scenario::Strength;
    let au = domei_scenario::audit::audit(s);
    let mut b = vec![heading(
        1,
        tr(l, "brief-evidence-strength"),
        "evidence-strength",
    )];
    b.push(Block::Para(
        tr_args(
            l,
            "brief-evidence-strength-intro-short",
            &[("n", WEAKEST_SHOWN.to_string())],
        )
        .into(),
    ));
    let classes = [
        (Strength::CitedStates, tr(l, "brief-class-states")),
        (Strength::CitedImplies, tr(l, "brief-class-implies")),
        (Strength::CitedUnrated, tr(l, "brief-class-unrated")),
        (Strength::Judgement, tr(l, "brief-class-judgement")),
        (Strength::Uncited, tr(l, "brief-class-uncited")),
    ];
    let get = |c: &domei_scenario::audit::ClassCounts, k: &Strength| c.get(k).copied().unwrap_or(0);
    let row = |name: String, c: &domei_scenario::audit::ClassCounts| {
        let mut r = vec![Rich::text(name)];
        r.extend(
            classes
                .iter()
                .map(|(k, _)| Rich::text(get(c, k).to_string())),
        );
        r
    };
    let mut rows = vec![row(tr(l, "brief-all-values"), &au.by_class)];
    // Weakest first: share of judgement and uncited values, then the
    // scenario's order.
    let mut weak: Vec<(f64, usize)> = au
        .by_actor
        .iter()
        .enumerate()
        .filter_map(|(a, g)| {
            let total: usize = g.counts.values().sum();
            let soft = get(&g.counts, &Strength::Judgement) + get(&g.counts, &Strength::Uncited);
            (total > 0 && soft > 0).then(|| (soft as f64 / total as f64, a))
        })
        .collect();
    weak.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    for (_, a) in weak.into_iter().take(WEAKEST_SHOWN) {
        if let (Some(g), Some(actor)) = (au.by_actor.get(a), s.actors.get(a)) {
            rows.push(row(actor.name.clone(), &g.counts));
        }
    }
    let actor_head = tr(l, "brief-actor");
    let mut head = vec![actor_head.as_str()];
    head.extend(classes.iter().map(|(_, h)| h.as_str()));
    b.push(table(
        &head,
        rows,
        &[false, true, true, true, true, true],
        &[4.0, 1.0, 1.0, 1.0, 1.1, 1.0],
    ));
    b
}

/// Most moves the "why they moved" table of an issue lists.
const MOVES_SHOWN: usize = 5;

/// Why the actors moved on `issue` (its history `h`): one sentence on how
/// many moved over how many rounds, then the largest moves with their
/// causes (at most [`MOVES_SHOWN`]).
pub(crate) fn why_they_moved(
    inp: &BriefInput,
    issue: &domei_scenario::Issue,
    h: &domei_run::History,
    b: &mut Vec<Block>,
) {
    let l = inp.lang;
    let model = h.model.as_str().to_string();
    b.push(heading(
        3,
        tr_args(l, "brief-why-moved", &[("model", model.clone())]),
        format!("why-{}-{}", issue.id, model),
    ));
    let mut moves: Vec<(u32, &domei_run::history::HistoryMove)> = h
        .rounds
        .iter()
        .flat_map(|r| r.moves.iter().map(move |m| (r.round, m)))
        .collect();
    let movers = {
        let mut ids: Vec<&str> = moves.iter().map(|(_, m)| m.actor.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    if moves.is_empty() {
        b.push(Block::Para(
            tr_args(
                l,
                "brief-why-moved-none",
                &[("model", model), ("rounds", h.rounds.len().to_string())],
            )
            .into(),
        ));
        return;
    }
    b.push(Block::Para(
        tr_args(
            l,
            "brief-why-moved-summary",
            &[
                ("model", model),
                ("rounds", h.rounds.len().to_string()),
                ("moves", moves.len().to_string()),
                ("actors", movers.to_string()),
                ("shown", moves.len().min(MOVES_SHOWN).to_string()),
            ],
        )
        .into(),
    ));
    // The largest moves first; equal ones in round order.
    moves.sort_by(|(ra, a), (rb, b)| {
        (b.to - b.from)
            .abs()
            .total_cmp(&(a.to - a.from).abs())
            .then(ra.cmp(rb))
    });
    let scale = domei_run::history::ScaleOf::of(issue);
    let rows = moves
        .iter()
        .take(MOVES_SHOWN)
        .map(|(round, m)| {
            vec![
                Rich::text(round.to_string()),
                Rich::text(format!(
                    "{} → {}",
                    with_unit_lang(m.from, issue, l),
                    with_unit_lang(m.to, issue, l)
                )),
                Rich::text(m.because_in(l, scale)),
            ]
        })
        .collect();
    b.push(table(
        &[
            &tr(l, "brief-why-round"),
            &tr(l, "brief-why-move"),
            &tr(l, "brief-why-because"),
        ],
        rows,
        &[true, false, false],
        &[0.6, 1.8, 5.4],
    ));
}
