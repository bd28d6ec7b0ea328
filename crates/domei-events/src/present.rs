//! The table `domei events` prints (the JSON is [`Analysis`] serialised;
//! shapes in docs/cli-seeds.md).

use crate::analyse::Analysis;
use domei_i18n::{pad_end, pad_start, tr, tr_args, Lang};
use domei_parts::Interval;
use std::fmt::Write;

/// A probability as a percentage: one decimal from 10%, two below.
pub fn pct(p: f64) -> String {
    let x = 100.0 * p;
    if x.abs() >= 10.0 {
        format!("{x:.1}%")
    } else {
        format!("{x:.2}%")
    }
}

fn interval(iv: Option<Interval>) -> String {
    iv.map_or_else(
        || "-".into(),
        |iv| format!("{}–{}", pct(iv.p10), pct(iv.p90)),
    )
}

/// The human-readable report, its words in `lang` (ids, node and outcome
/// names are given as written).
pub fn table(a: &Analysis, edits: &[String], lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "events-title",
            &[
                ("id", a.id.clone()),
                ("name", a.name.clone()),
                ("scenario", a.scenario.clone())
            ]
        )
    );
    for e in edits {
        let _ = writeln!(o, "  {} {e}", tr(lang, "events-what-if"));
    }
    if !a.given.is_empty() {
        let _ = writeln!(
            o,
            "  {}",
            tr_args(
                lang,
                "events-given",
                &[("given", a.given.join(", ")), ("p", pct(a.p_given))]
            )
        );
        if a.impossible_draws > 0 {
            let _ = writeln!(
                o,
                "  {}",
                tr_args(
                    lang,
                    "events-impossible",
                    &[("n", a.impossible_draws.to_string())]
                )
            );
        }
    }
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "events-method",
            &[("draws", a.draws.to_string()), ("seed", a.seed.to_string())]
        )
    );

    if !a.links.is_empty() {
        let _ = writeln!(o, "\n{}", tr(lang, "events-linked"));
        let _ = writeln!(
            o,
            "  {} {} {} {}",
            pad_end(&tr(lang, "events-issue"), 30),
            pad_end(&tr(lang, "events-model"), 12),
            pad_start(&tr(lang, "events-forecast"), 9),
            pad_start("p10–p90", 17)
        );
        for l in &a.links {
            let iv =
                l.mc.map_or_else(|| "-".into(), |iv| format!("{:.1}–{:.1}", iv.p10, iv.p90));
            let _ = writeln!(
                o,
                "  {:<30} {:<12} {:>9.1} {:>17}",
                l.issue,
                l.model.to_string(),
                l.forecast,
                iv
            );
            if l.failed_draws > 0 {
                let _ = writeln!(
                    o,
                    "    {}",
                    tr_args(
                        lang,
                        "events-failed-draws",
                        &[("n", l.failed_draws.to_string())]
                    )
                );
            }
        }
    }

    for n in a.nodes.iter().filter(|n| n.result) {
        let _ = writeln!(
            o,
            "\n{}",
            tr_args(
                lang,
                "events-outcomes-of",
                &[("id", n.id.clone()), ("name", n.name.clone())]
            )
        );
        let _ = writeln!(
            o,
            "  {} {} {} {}",
            pad_end(&tr(lang, "events-outcome"), 34),
            pad_start("p", 8),
            pad_start(&tr(lang, "events-mean"), 8),
            pad_start("p10–p90", 17)
        );
        let mut total = 0.0;
        for x in &n.outcomes {
            total += x.p;
            let mean = x.mc.map_or_else(|| "-".into(), |iv| pct(iv.mean));
            let _ = writeln!(
                o,
                "  {} {:>8} {:>8} {:>17}",
                pad_end(&x.outcome, 34),
                pct(x.p),
                mean,
                interval(x.mc)
            );
        }
        let _ = writeln!(
            o,
            "  {} {:>8}",
            pad_end(&tr(lang, "events-total"), 34),
            pct(total)
        );
    }

    let others: Vec<_> = a.nodes.iter().filter(|n| !n.result).collect();
    if !others.is_empty() {
        let _ = writeln!(o, "\n{}", tr(lang, "events-other-nodes"));
        for n in others {
            let parts: Vec<String> = n
                .outcomes
                .iter()
                .map(|x| format!("{} {} ({})", x.outcome, pct(x.p), interval(x.mc)))
                .collect();
            let _ = writeln!(o, "  {} {}", pad_end(&n.id, 24), parts.join("  "));
        }
    }

    let _ = writeln!(o, "\n{}", tr(lang, "events-paths"));
    for (k, p) in a.paths.iter().enumerate() {
        let result_ids: Vec<&str> = a
            .nodes
            .iter()
            .filter(|n| n.result)
            .map(|n| n.id.as_str())
            .collect();
        let steps: Vec<String> = p
            .steps
            .iter()
            .filter(|s| s.uncertain || result_ids.contains(&s.node.as_str()))
            .map(|s| format!("{}={}", s.node, s.outcome))
            .collect();
        let _ = writeln!(o, "  {}. {:>8}  {}", k + 1, pct(p.p), steps.join(" → "));
    }

    if let Some(top) = a.swing.first() {
        let what = top.node.as_ref().map_or_else(
            || tr_args(lang, "events-input", &[("input", top.input.clone())]),
            |n| tr_args(lang, "events-node", &[("node", n.clone())]),
        );
        let _ = writeln!(
            o,
            "\n{}",
            tr_args(
                lang,
                "events-matters-most",
                &[("what", what), ("swing", pct(top.max_swing))]
            )
        );
        let _ = writeln!(o, "{}", tr(lang, "events-one-input"));
        let _ = writeln!(
            o,
            "  {} {}  {}",
            pad_end(&tr(lang, "events-input-header"), 48),
            pad_start(&tr(lang, "events-max-swing"), 9),
            tr(lang, "events-largest-change")
        );
        for s in &a.swing {
            let big = s
                .changes
                .iter()
                .max_by(|x, y| x.swing.abs().total_cmp(&y.swing.abs()));
            let change = big.map_or_else(String::new, |c| {
                format!("{}={}: {} → {}", c.node, c.outcome, pct(c.low), pct(c.high))
            });
            let _ = writeln!(
                o,
                "  {} {:>9}  {}",
                pad_end(&s.input, 48),
                pct(s.max_swing),
                change
            );
        }
    }
    o
}
