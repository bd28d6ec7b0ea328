//! `domei history` for people (a table of positions by round and the moves
//! with their causes) and for programs (CSV). The history itself is
//! domei-run's ([`History`]); this only prints it.

use crate::fmt_value;
use crate::forecast_table::{model_name, render};
use domei_i18n::{tr, tr_args, Lang};
use domei_run::history::{Cause, History, ScaleOf};
use domei_scenario::Issue;
use std::fmt::Write;

/// Most round columns the positions table shows (the first ones and the
/// last); JSON and CSV have every round.
const MAX_COLUMNS: usize = 10;

/// The CSV columns (docs/cli.md, "history CSV").
pub const HISTORY_CSV_HEADER: [&str; 11] = [
    "issue", "model", "round", "actor", "position", "moved", "from", "to", "cause", "partner",
    "because",
];

/// The history as a table in `lang`: every actor's position before round 1
/// and after each round (at most ten rounds: the first ones
/// and the last), the model's median, then each round's moves with why.
pub fn history_table(issue: &Issue, h: &History, lang: Lang) -> String {
    let f = |x: f64| fmt_value(issue, x, lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr_args(
            lang,
            "history-title",
            &[
                ("issue", issue.name.clone()),
                ("id", issue.id.clone()),
                ("model", model_name(h.model, lang)),
                ("rounds", h.rounds.len().to_string()),
            ],
        )
    );
    if h.rounds.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, "history-no-rounds"));
        return out;
    }
    // Which rounds get a column.
    let n = h.rounds.len();
    let shown: Vec<usize> = if n <= MAX_COLUMNS {
        (0..n).collect()
    } else {
        (0..MAX_COLUMNS - 1).chain([n - 1]).collect()
    };
    let mut head = vec![tr(lang, "history-actor"), tr(lang, "history-start")];
    head.extend(shown.iter().map(|&k| format!("r{}", h.rounds[k].round)));
    let mut rows = vec![head];
    for (a, start) in h.initial.iter().enumerate() {
        let mut row = vec![start.id.clone(), f(start.position)];
        row.extend(shown.iter().map(|&k| {
            h.rounds[k]
                .actors
                .get(a)
                .map_or(String::new(), |x| f(x.position))
        }));
        rows.push(row);
    }
    let mut median = vec![tr(lang, "history-median"), String::new()];
    median.extend(shown.iter().map(|&k| f(h.rounds[k].median)));
    rows.push(median);
    let _ = writeln!(out, "\n{}", tr(lang, "history-positions"));
    out.push_str(&render(&rows, "l"));
    if n > MAX_COLUMNS {
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "history-more-rounds",
                &[("hidden", (n - MAX_COLUMNS).to_string())]
            )
        );
    }
    let _ = writeln!(out, "\n{}", tr(lang, "history-moves"));
    let scale = ScaleOf::of(issue);
    for r in &h.rounds {
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "history-round",
                &[
                    ("round", r.round.to_string()),
                    ("moves", r.moves.len().to_string()),
                    ("median", f(r.median)),
                ],
            )
        );
        for m in &r.moves {
            let _ = writeln!(out, "  - {}", m.because_in(lang, scale));
        }
    }
    out
}

/// The history as CSV ([`HISTORY_CSV_HEADER`]): one row per actor per
/// round, round 0 the positions before round 1; `moved` is `true` when the
/// actor moved in the round, and then `from`, `to`, `cause` (the cause's
/// kind), `partner` and `because` (English) say how and why.
pub fn history_csv(h: &History) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let model = h.model.as_str();
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(HISTORY_CSV_HEADER);
    for a in &h.initial {
        let _ = w.write_record([
            h.issue.as_str(),
            model,
            "0",
            &a.id,
            &a.position.to_string(),
            "false",
            "",
            "",
            "",
            "",
            "",
        ]);
    }
    for r in &h.rounds {
        let round = r.round.to_string();
        for a in &r.actors {
            let pos = a.position.to_string();
            match r.moves.iter().find(|m| m.actor == a.id) {
                Some(m) => {
                    let (kind, partner) = cause_columns(&m.actor, &m.cause);
                    let _ = w.write_record([
                        h.issue.as_str(),
                        model,
                        &round,
                        &a.id,
                        &pos,
                        "true",
                        &m.from.to_string(),
                        &m.to.to_string(),
                        kind,
                        partner,
                        &m.because,
                    ]);
                }
                None => {
                    let _ = w.write_record([
                        h.issue.as_str(),
                        model,
                        &round,
                        &a.id,
                        &pos,
                        "false",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]);
                }
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cause's kind (as in JSON) and the other actor involved in `actor`'s
/// move.
pub fn cause_columns<'a>(actor: &str, c: &'a Cause) -> (&'static str, &'a str) {
    match c {
        Cause::Offer { challenger, .. } => ("offer", challenger),
        Cause::Bargain {
            initiator,
            receiver,
            ..
        } => (
            "bargain",
            if initiator == actor {
                receiver
            } else {
                initiator
            },
        ),
        Cause::Exchange { partner, .. } => ("exchange", partner),
        Cause::BetweenRounds => ("between_rounds", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_engines::{ModelId, Options};
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

    fn hist() -> (domei_scenario::Scenario, History) {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let h = domei_run::history(&s, 0, ModelId::Bdm, &Options::default()).unwrap();
        (s, h)
    }

    #[test]
    fn csv_has_a_row_per_actor_and_round_and_the_moves() {
        let (_, h) = hist();
        let csv = history_csv(&h);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], HISTORY_CSV_HEADER.join(","));
        assert_eq!(lines.len(), 1 + 3 * (1 + h.rounds.len()));
        let moves: usize = h.rounds.iter().map(|r| r.moves.len()).sum();
        assert!(moves > 0, "the case should move someone");
        assert_eq!(csv.matches(",true,").count(), moves);
        assert!(lines[1].starts_with("x,bdm,0,a,0,false"));
    }

    #[test]
    fn table_lists_positions_and_every_move_in_both_languages() {
        let (s, h) = hist();
        for lang in [Lang::En, Lang::Ja] {
            let t = history_table(&s.issues[0], &h, lang);
            for r in &h.rounds {
                for m in &r.moves {
                    assert!(t.contains(&m.because_in(lang, ScaleOf::of(&s.issues[0]))));
                }
            }
            assert!(t.contains("r1"), "{t}");
        }
        let en = history_table(&s.issues[0], &h, Lang::En);
        assert!(en.contains("Issue x"), "{en}");
    }

    #[test]
    fn long_runs_show_the_first_rounds_and_the_last() {
        let (s, mut h) = hist();
        let last = h.rounds[0].clone();
        while h.rounds.len() < 14 {
            let mut r = last.clone();
            r.round = h.rounds.len() as u32 + 1;
            h.rounds.push(r);
        }
        let t = history_table(&s.issues[0], &h, Lang::En);
        assert!(t.contains("r9 ") && t.contains("r14"), "{t}");
        assert!(!t.contains("r10"), "{t}");
    }
}
