//! Reads and validates a framing lexicon (`framing.toml`). Every rule of
//! docs/seeds-analyses.md ("framing.toml", "Rules checked on load") lives
//! here; all problems are reported at once with file, line, column and a hint.

use crate::text::{normalise, phrase};
use crate::{Audience, Lang, Lexicon, Pattern, Term};
use domei_i18n::is_cjk;
use domei_parts::{parse, suggest, RawRef, Reader};
use domei_scenario::{Diagnostics, Loc, Scenario};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    framing: Option<Spanned<HeaderT>>,
    #[serde(default)]
    audiences: Vec<Spanned<AudienceT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderT {
    id: Option<Spanned<String>>,
    name: Option<String>,
    description: Option<String>,
    scenario: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceT {
    actor: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    name: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<TermT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermT {
    term: Spanned<String>,
    lang: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    prefer: Vec<Spanned<String>>,
    why: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<RawRef>>,
    judgement: Option<String>,
}

/// Parses and validates `text` (the contents of `path`). With a scenario,
/// every audience must be one of its actors.
pub fn read(path: &Path, text: &str, s: Option<&Scenario>) -> Result<Lexicon, Diagnostics> {
    // Japanese forms (`name_ja`, ...) are read in the English view, which
    // keeps every line (domei_scenario::lang); locations index this text.
    let viewed = domei_scenario::lang::view(text, domei_scenario::lang::Lang::En);
    let text = viewed.as_str();
    let file: FileT = parse(path, text)?;
    let (mut r, hloc, h) = Reader::new(path, text).header("framing", file.framing)?;
    let id = r.header_id("framing", hloc, h.id.as_ref());
    if let Some(s) = s {
        r.scenario_id("framing.toml", h.scenario.as_ref(), &s.id);
    }
    if file.audiences.is_empty() {
        r.err(
            hloc,
            "the lexicon has no audiences",
            "add [[audiences]] with an actor and its [[audiences.terms]]",
        );
    }

    // Every name --audience accepts, and where it was first given.
    let mut names: HashMap<String, Loc> = HashMap::new();
    let mut audiences = Vec::new();
    for at in &file.audiences {
        let a = at.get_ref();
        let loc = r.at(&a.actor);
        let actor = a.actor.get_ref().clone();
        r.check_id("audience actor", &actor, loc);
        if let Some(s) = s {
            if s.actor_index(&actor).is_none() {
                let hint = suggest(&actor, s.actors.iter().map(|a| a.id.as_str())).map_or(
                    format!("audiences are actors of the scenario ({})", s.id),
                    |c| format!("did you mean {c:?}?"),
                );
                r.err(loc, format!("unknown audience actor {actor:?}"), hint);
            }
        }
        let all: Vec<(&String, Loc)> = std::iter::once((&actor, loc))
            .chain(a.aliases.iter().map(|x| (x.get_ref(), r.at(x))))
            .collect();
        for (name, at) in all {
            if name != &actor {
                r.check_id("alias", name, at);
            }
            if let Some(first) = names.insert(name.to_ascii_lowercase(), at) {
                r.err(
                    at,
                    format!(
                        "audience name {name:?} is already used (line {})",
                        first.line
                    ),
                    "every actor and alias names one audience",
                );
            }
        }
        if a.terms.is_empty() {
            r.err(
                loc,
                format!("audience {actor} has no terms"),
                "add [[audiences.terms]] entries",
            );
        }
        let mut terms: Vec<Term> = Vec::new();
        for t in &a.terms {
            if let Some(term) = term(&mut r, &actor, t) {
                if let Some(prev) = terms.iter().find(|x| x.pattern == term.pattern) {
                    r.err(
                        term.loc,
                        format!(
                            "audience {actor}: term {:?} matches the same text as {:?} (line {})",
                            term.term, prev.term, prev.loc.line
                        ),
                        "merge the two entries",
                    );
                } else {
                    terms.push(term);
                }
            }
        }
        audiences.push(Audience {
            actor: actor.clone(),
            aliases: a.aliases.iter().map(|x| x.get_ref().clone()).collect(),
            name: a.name.clone().unwrap_or(actor),
            terms,
            loc,
        });
    }
    r.finish()?;
    Ok(Lexicon {
        path: path.to_path_buf(),
        id,
        name: h.name.unwrap_or_default(),
        description: h.description.unwrap_or_default(),
        audiences,
    })
}

fn term(r: &mut Reader, actor: &str, t: &Spanned<TermT>) -> Option<Term> {
    let t = t.get_ref();
    let loc = r.at(&t.term);
    let text = t.term.get_ref().trim().to_string();
    let name = format!("audience {actor}, term {text:?}");
    let cjk = text.chars().any(is_cjk);
    let lang = match t.lang.as_ref().map(|l| (l.get_ref().as_str(), r.at(l))) {
        None => {
            if cjk {
                Lang::Ja
            } else {
                Lang::En
            }
        }
        Some(("en", at)) => {
            if cjk {
                r.err(
                    at,
                    format!("{name}: lang is \"en\" but the term has Japanese characters"),
                    "use lang = \"ja\", or leave `lang` out",
                );
            }
            Lang::En
        }
        Some(("ja", _)) => Lang::Ja,
        Some((other, at)) => {
            r.err(
                at,
                format!("{name}: unknown lang {other:?}"),
                "use \"en\" or \"ja\", or leave `lang` out (it follows the script)",
            );
            Lang::En
        }
    };
    let pattern = if lang == Lang::Ja || cjk {
        let chars: Vec<char> = normalise(&text)
            .chars
            .into_iter()
            .filter(|&c| !crate::text::skipped_in_japanese(c))
            .collect();
        (!chars.is_empty()).then_some(Pattern::Chars(chars))
    } else {
        phrase(&text).map(Pattern::Stems)
    };
    if pattern.is_none() {
        r.err(
            loc,
            format!(
                "audience {actor}: term {:?} has no letters to match",
                t.term.get_ref()
            ),
            "write a word or phrase",
        );
    }
    let weight = match &t.weight {
        None => 1.0,
        Some(w) => {
            let x = *w.get_ref();
            if !(x.is_finite() && x > 0.0 && x <= 10.0) {
                r.err(r.at(w), format!("{name}: weight {x} is not in (0, 10]"), "weights say how strongly a term triggers rejection; use a number above 0, at most 10 (default 1)");
            }
            x
        }
    };
    if t.prefer.is_empty() {
        r.err(
            loc,
            format!("{name} has no preferred alternative"),
            "add `prefer = [\"...\"]`: what to say instead",
        );
    }
    for p in &t.prefer {
        if p.get_ref().trim().is_empty() {
            r.err(
                r.at(p),
                format!("{name}: an empty preferred alternative"),
                "write the alternative wording",
            );
        }
    }
    let evidence = r.refs(&name, &t.evidence);
    let judgement = t.judgement.clone().filter(|j| !j.trim().is_empty());
    r.require_source(&name, &evidence, judgement.as_deref(), loc);
    Some(Term {
        term: text,
        lang,
        pattern: pattern?,
        weight,
        prefer: t
            .prefer
            .iter()
            .map(|p| p.get_ref().trim().to_string())
            .collect(),
        why: t.why.clone().unwrap_or_default(),
        evidence,
        judgement,
        loc,
    })
}
