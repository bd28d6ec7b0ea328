//! The table `domei plan` prints (the JSON is [`Ranking`] serialised; shapes
//! in docs/cli-seeds.md).

use crate::rank::{IssueMove, Ranking};
use domei_i18n::{pad_end, pad_start, tr, tr_args, Lang};
use std::fmt::Write;

fn moves(ms: &[IssueMove], lang: Lang) -> String {
    ms.iter()
        .filter(|m| (m.after - m.before).abs() > 1e-9)
        .map(|m| {
            tr_args(
                lang,
                "plan-move",
                &[
                    ("issue", m.issue.clone()),
                    ("before", format!("{:.4}", m.before)),
                    ("after", format!("{:.4}", m.after)),
                    ("goal", m.goal.to_string()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The human-readable report, its words in `lang` (ids and statuses are
/// given as written).
pub fn table(r: &Ranking, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "plan-title",
            &[
                ("plan", r.plan.clone()),
                ("name", r.name.clone()),
                ("scenario", r.scenario.clone())
            ]
        )
    );
    let model = if r.model.to_string() == "all" {
        tr(lang, "plan-median-of-models")
    } else {
        tr_args(lang, "plan-model", &[("model", r.model.to_string())])
    };
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "plan-objective",
            &[
                ("model", model),
                ("actor", r.for_actor.clone()),
                ("gap", format!("{:.4}", r.gap_before))
            ]
        )
    );
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "plan-gain-explained",
            &[
                ("actor", r.for_actor.clone()),
                ("draws", r.draws.to_string()),
                ("seed", r.seed.to_string())
            ]
        )
    );
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}  {} {} {} {} {} {} {}",
        pad_start(&tr(lang, "plan-rank"), 4),
        pad_end(&tr(lang, "plan-action"), 36),
        pad_end(&tr(lang, "plan-status"), 12),
        pad_end(&tr(lang, "plan-due"), 11),
        pad_start(&tr(lang, "plan-gain"), 9),
        pad_start(&tr(lang, "plan-pct-gap"), 7),
        pad_start("p10–p90", 21),
        pad_start(&tr(lang, "plan-marginal"), 10)
    );
    for a in &r.actions {
        let marg = a
            .marginal
            .map_or_else(|| "-".to_string(), |m| format!("{m:.4}"));
        let iv = format!("{:.4}–{:.4}", a.mc.p10, a.mc.p90);
        let _ = writeln!(
            o,
            "{:>4}  {} {:<12} {} {:>9.4} {:>6.1}% {:>21} {:>10}",
            a.rank,
            pad_end(&a.id, 36),
            a.status.as_str(),
            pad_end(&a.due, 11),
            a.gain,
            a.gain_pct,
            iv,
            marg
        );
    }
    let _ = writeln!(o);
    for a in &r.actions {
        let m = moves(&a.moves, lang);
        let _ = writeln!(
            o,
            "  {}",
            tr_args(
                lang,
                "plan-action-line",
                &[
                    ("id", a.id.clone()),
                    ("target", a.target.clone()),
                    ("owner", a.owner.clone()),
                    (
                        "moves",
                        if m.is_empty() {
                            tr(lang, "plan-no-effect")
                        } else {
                            m
                        }
                    )
                ]
            )
        );
    }
    if !r.dropped.is_empty() {
        let _ = writeln!(
            o,
            "\n{}",
            tr_args(lang, "plan-dropped", &[("ids", r.dropped.join(", "))])
        );
    }
    let c = &r.combined;
    let _ = writeln!(
        o,
        "\n{}",
        tr_args(
            lang,
            "plan-combined",
            &[
                ("n", c.actions.len().to_string()),
                (
                    "which",
                    tr(
                        lang,
                        if r.include_done {
                            "plan-which-with-done"
                        } else {
                            "plan-which-open"
                        }
                    )
                )
            ]
        )
    );
    let iv =
        c.mc.map_or_else(|| "-".into(), |iv| format!("{:.4}–{:.4}", iv.p10, iv.p90));
    let _ = writeln!(
        o,
        "  {}",
        tr_args(
            lang,
            "plan-combined-gain",
            &[
                ("gain", format!("{:.4}", c.gain)),
                ("pct", format!("{:.1}", c.gain_pct)),
                ("interval", iv)
            ]
        )
    );
    let _ = writeln!(
        o,
        "  {}",
        tr_args(
            lang,
            "plan-sum-interaction",
            &[
                ("sum", format!("{:.4}", c.sum_of_gains)),
                ("interaction", format!("{:+.4}", c.interaction))
            ]
        )
    );
    let m = moves(&c.moves, lang);
    if !m.is_empty() {
        let _ = writeln!(o, "  {} {m}", tr(lang, "plan-forecasts"));
    }
    o
}
