//! The table `domei frame` prints (the JSON is [`Report`] serialised; shapes
//! in docs/cli-seeds.md).

use crate::check::Report;
use domei_i18n::{tr, tr_args, Lang};
use std::fmt::Write;

/// The human-readable report, its words in `lang` (the draft's text, terms,
/// alternatives and the lexicon's reasons are given as written).
pub fn table(r: &Report, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "frame-title",
            &[
                ("file", r.file.clone()),
                ("audience", r.audience.clone()),
                ("name", r.audience_name.clone()),
                ("lexicon", r.lexicon.clone()),
            ]
        )
    );
    let _ = writeln!(
        o,
        "{}",
        tr_args(
            lang,
            "frame-score",
            &[
                ("score", format!("{:.1}", r.score)),
                ("flags", r.flags.len().to_string()),
                ("weight", format!("{:.1}", r.weighted_flags)),
                ("words", r.words.to_string()),
                ("per100", format!("{:.2}", r.per_100_words)),
            ]
        )
    );
    if r.flags.is_empty() {
        let _ = writeln!(o, "\n{}", tr(lang, "frame-nothing"));
        return o;
    }
    for f in &r.flags {
        let _ = writeln!(
            o,
            "\n{}:{}:{}: {:?} ({})",
            r.file,
            f.line,
            f.col,
            f.text,
            tr_args(
                lang,
                "frame-term",
                &[
                    ("term", format!("{:?}", f.term)),
                    ("weight", f.weight.to_string())
                ]
            )
        );
        let _ = writeln!(
            o,
            "  {} {}",
            tr(lang, "frame-instead"),
            f.prefer.join(" / ")
        );
        if !f.why.is_empty() {
            let _ = writeln!(o, "  {} {}", tr(lang, "frame-why"), f.why);
        }
        let evidence = tr(lang, "frame-evidence");
        for e in &f.evidence {
            match &e.quote {
                Some(q) => {
                    let _ = writeln!(o, "  {evidence} {} “{}”", e.passage, q);
                }
                None => {
                    let _ = writeln!(o, "  {evidence} {}", e.passage);
                }
            }
        }
        if let Some(j) = &f.judgement {
            let _ = writeln!(o, "  {} {j}", tr(lang, "frame-judgement"));
        }
    }
    o
}
