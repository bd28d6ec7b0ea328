//! Building a scenario in the workbench: create one from nothing, change
//! its structure (header, actors, issues, stances with sourced values), or
//! import a file through the CLI's loader. Every change is an edit of the
//! TOML text (domei-scenario's `edit`), validated by the one validator
//! (domei-scenario's `validate`, in its work-in-progress mode) and stored
//! as the next version; every problem comes back as a [`FieldError`] naming
//! the field it concerns (domei-scenario's `fields`), never a file location.

use super::blocking;
use super::field_error::on_fields;
pub use super::field_error::FieldError;
use crate::edit::{self, EvidenceIn};
use crate::error::WebError;
use crate::state::AppState;
use domei_i18n::Lang;
use domei_scenario::{Msg, Requirements};
use domei_store::SavedVersion;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

mod changes;
pub use changes::Change;

/// A value as entered: the number and what it rests on (a judgement, and/or
/// cited passages whose quotes are checked in the corpus).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedIn {
    /// The number, in the field's units.
    pub value: f64,
    /// Why this value (`None`: the evidence alone).
    #[serde(default)]
    pub judgement: Option<String>,
    /// Cited passages, each with its quote.
    #[serde(default)]
    pub evidence: Vec<EvidenceIn>,
}

/// The page's name of the file every stored version is read as.
const FILE: &str = "scenario.toml";

/// The validator's diagnostics of `text` (work-in-progress mode), each
/// beside its field; plus, for the values in `touched`, the format's rule
/// that a value cites evidence or records judgement
/// (domei-scenario's `strict_check`).
pub fn check_text(text: &str, touched: &[String]) -> Vec<FieldError> {
    let path = Path::new(FILE);
    let req = Requirements {
        draft: true,
        ..Requirements::default()
    };
    let draft = match domei_scenario::format::toml::read(path, text) {
        Ok(d) => d,
        Err(d) => return on_fields(None, &d),
    };
    match domei_scenario::validate(&draft, req) {
        Err(d) => on_fields(Some(&draft), &d),
        Ok(s) => {
            let strict = domei_scenario::strict_check(&s);
            on_fields(Some(&draft), &strict)
                .into_iter()
                .filter(|e| touched.contains(&e.field))
                .collect()
        }
    }
}

/// Checks every cited passage of `cites` (value path, reference) in the
/// corpus, as `domei evidence check` does: the passage must exist and the
/// quote be in it; a quote that is not gets the closest passage as a hint.
pub async fn check_citations(
    st: &Arc<AppState>,
    cites: Vec<(String, EvidenceIn)>,
) -> Result<Vec<FieldError>, WebError> {
    if cites.is_empty() {
        return Ok(Vec::new());
    }
    let st = st.clone();
    blocking(move || {
        st.corpus.with(|corpus| {
            let mut out = Vec::new();
            for (field, ev) in cites {
                let passage = ev.passage.trim();
                let c = match domei_corpus::Citation::parse(passage) {
                    Ok(c) => c,
                    Err(e) => {
                        let mut e = FieldError::new(field, e.to_string()).help(
                            "cite a passage as DOC#pN, e.g. 004_b3e4016961f00b53#p12 (search the corpus below)",
                        );
                        e.part = Some("evidence".into());
                        out.push(e);
                        continue;
                    }
                };
                let quote = ev.quote.as_deref().filter(|q| !q.trim().is_empty());
                let check = corpus.check_reference(&c.doc, &c.locator.to_string(), quote)?;
                if !check.ok() {
                    let problem = check
                        .problem
                        .clone()
                        .unwrap_or_else(|| "the quote is not in the passage".into());
                    let help = match &check.closest {
                        Some(cl) => format!(
                            "the closest passage is {} ({:.0}% alike): copy the quote from it verbatim",
                            cl.passage,
                            cl.similarity * 100.0
                        ),
                        None => "copy the quote verbatim from the passage".into(),
                    };
                    out.push(FieldError {
                        help: Some(help),
                        closest: check.closest,
                        part: Some("evidence".into()),
                        ..FieldError::new(
                            field,
                            format!("{passage} cannot be cited as given: {problem}"),
                        )
                    });
                }
            }
            Ok(out)
        })
    })
    .await
}

/// Applies `change` to scenario `id` (version `base`, else the latest; for
/// `create`, the scenario must not exist) and stores the next version; all
/// problems at once as [`WebError::Fields`].
pub async fn change(
    st: &Arc<AppState>,
    id: &str,
    base: Option<i64>,
    change: Change,
    message: Option<String>,
) -> Result<SavedVersion, WebError> {
    let id = id.trim();
    let (text, base) = match &change {
        Change::Create { .. } => match st.store.scenario_version(id, None).await {
            Ok(v) => {
                return Err(WebError::Fields(vec![FieldError::new(
                    "scenario",
                    format!(
                        "a scenario {id:?} exists already (version {})",
                        v.info.version
                    ),
                )
                .help("choose another id, or open it from the scenario list")]))
            }
            Err(domei_store::StoreError::NotFound(_)) => (String::new(), Some(0)),
            Err(e) => return Err(e.into()),
        },
        _ => {
            let v = st.store.scenario_version(id, base).await?;
            (v.toml, Some(v.info.version))
        }
    };
    let mut errors = Vec::new();
    let cites: Vec<(String, EvidenceIn)> = change
        .values()
        .into_iter()
        .flat_map(|(p, v)| v.evidence.iter().map(move |e| (p.clone(), e.clone())))
        .collect();
    errors.extend(check_citations(st, cites).await?);
    let new = match change.apply(id, &text) {
        Ok(t) => Some(t),
        Err(edit::EditError::NotFound(m)) => return Err(WebError::NotFound(m)),
        Err(e) => {
            let field = change
                .values()
                .first()
                .map_or_else(|| "scenario".to_string(), |(p, _)| p.clone());
            errors.push(FieldError::new(field, e.to_string()));
            None
        }
    };
    if let Some(t) = &new {
        let touched: Vec<String> = change.values().into_iter().map(|(p, _)| p).collect();
        let t2 = t.clone();
        errors.extend(blocking(move || Ok(check_text(&t2, &touched))).await?);
    }
    let text = match new {
        Some(t) if errors.is_empty() => t,
        _ => return Err(WebError::Fields(errors)),
    };
    let message = message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| change.describe());
    Ok(st
        .store
        .save_scenario_based_on(&text, Some(&message), base)
        .await?)
}

/// Imports `text`, the content of a file named `filename`, through the
/// CLI's loader (`domei_scenario::load_with`: the format detected from the
/// name and content, read and validated as `domei import` does), and stores
/// it: a `.toml` as written, any other format as the TOML `domei import`
/// writes. A scenario whose id is stored already gets its next version.
pub async fn import(
    st: &Arc<AppState>,
    filename: &str,
    text: String,
    message: Option<String>,
) -> Result<SavedVersion, WebError> {
    // The name only, never a path the client chose.
    let name = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let file_err =
        |m: String, help: &str| WebError::Fields(vec![FieldError::new("file", m).help(help)]);
    if name.is_empty() || name.starts_with('.') || !name.contains('.') {
        return Err(file_err(
            format!("{name:?}: the file's name must end in its format"),
            "choose a .csv (simple or KTAB), .tsv (DEU III) or .toml file",
        ));
    }
    if text.trim().is_empty() {
        return Err(file_err(
            format!("{name} is empty"),
            "choose the file again",
        ));
    }
    let shown = name.clone();
    let toml = blocking(move || {
        let dir = tempfile::tempdir()
            .map_err(|e| WebError::Internal(format!("a temporary folder: {e}")))?;
        let path = dir.path().join(&name);
        std::fs::write(&path, text.as_bytes())
            .map_err(|e| WebError::Internal(format!("a temporary file: {e}")))?;
        match domei_scenario::load_with(&path, Requirements::default()) {
            Ok(l) => Ok(
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                {
                    text
                } else {
                    domei_scenario::format::write::to_toml(&l.scenario)
                },
            ),
            Err(d) => Err(WebError::Fields(
                d.iter()
                    .filter(|d| !d.warning)
                    .map(|d| {
                        // The file's name and place, then the diagnostic's
                        // words (in the page's language when they are a
                        // catalogue message).
                        let said: domei_scenario::Arg = match &d.msg {
                            Some(m) => m.clone().into(),
                            None => d.message.as_str().into(),
                        };
                        let at = if d.loc.line == 0 {
                            Msg::new("web-build-import-in").arg("file", shown.as_str())
                        } else {
                            Msg::new("web-build-import-at")
                                .arg("file", shown.as_str())
                                .arg("line", d.loc.line.to_string())
                                .arg("col", d.loc.col.to_string())
                        };
                        let msg = at.arg("message", said);
                        FieldError {
                            message: msg.render(Lang::En),
                            msg: Some(msg),
                            ..FieldError::of_diagnostic("file", d)
                        }
                    })
                    .collect(),
            )),
        }
    })
    .await?;
    let message = message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("imported from {filename}"));
    Ok(st.store.save_scenario(&toml, Some(&message)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[scenario]\nid = \"s\"\nname = \"S\"\n";

    fn sourced(value: f64, why: &str) -> SourcedIn {
        SourcedIn {
            value,
            judgement: (!why.is_empty()).then(|| why.to_string()),
            evidence: Vec::new(),
        }
    }

    /// Each problem is named by its field: the validator's diagnostics
    /// through their location, the judgement-or-evidence rule for the
    /// values the change wrote only.
    #[test]
    fn problems_are_named_by_field() {
        let c = Change::AddActor {
            id: "us".into(),
            name: "US".into(),
            description: String::new(),
            capability: sourced(-2.0, "big"),
        };
        let t = c.apply("s", BASE).unwrap();
        let e = check_text(&t, &["us.capability".into()]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].field, "us.capability");
        assert!(e[0].message.contains("must be > 0"), "{e:?}");
        assert!(e[0].help.as_deref().unwrap().contains("positive"), "{e:?}");

        let c = Change::AddActor {
            id: "us".into(),
            name: "US".into(),
            description: String::new(),
            capability: sourced(2.0, ""),
        };
        let t = c.apply("s", BASE).unwrap();
        let e = check_text(&t, &["us.capability".into()]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("has no evidence reference"), "{e:?}");
        // A value not touched by the change is not held to it.
        assert!(check_text(&t, &[]).is_empty());

        let c = Change::AddIssue {
            id: "tariff".into(),
            name: "Tariff".into(),
            unit: "%".into(),
            min: 25.0,
            max: 0.0,
            anchors: vec![],
            description: String::new(),
            status_quo: None,
        };
        let t = c.apply("s", &t).unwrap();
        let e = check_text(&t, &[]);
        assert_eq!(e[0].field, "tariff.scale", "{e:?}");
    }
}
