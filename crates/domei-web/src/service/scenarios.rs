//! Scenario versions: read (parsed once per text), edit one value, cite a
//! passage.

use super::blocking;
use crate::edit::{EvidenceIn, Target, ValueEdit};
use crate::error::WebError;
use crate::state::AppState;
use domei_scenario::Scenario;
use domei_store::{SavedVersion, ScenarioVersion};
use std::sync::Arc;

/// A stored scenario version, parsed.
pub struct ScenarioView {
    /// The stored version, with its text.
    pub version: ScenarioVersion,
    /// Parsed once per version text and shared (see [`AppState::parsed`]).
    pub scenario: Arc<Scenario>,
    /// The latest version of the scenario (to tell an old version apart).
    pub latest: i64,
}

pub(super) fn parse(text: &str) -> Result<Scenario, WebError> {
    domei_store::scenarios::parse_scenario(text).map_err(WebError::from)
}

/// Version `version` (the latest when `None`) of scenario `id`.
pub async fn scenario(
    st: &AppState,
    id: &str,
    version: Option<i64>,
) -> Result<ScenarioView, WebError> {
    let v = st.store.scenario_version(id, version).await?;
    let latest = match version {
        None => v.info.version,
        Some(_) => st.store.latest_version(id).await?,
    };
    let scenario = match st.parsed.get(&v.info.sha256) {
        Some(s) => s,
        None => {
            let text = v.toml.clone();
            let s = Arc::new(blocking(move || parse(&text)).await?);
            st.parsed.put(v.info.sha256.clone(), s.clone());
            s
        }
    };
    Ok(ScenarioView {
        version: v,
        scenario,
        latest,
    })
}

/// Saves `edit` of the value at `path` as the next version of scenario
/// `id`. `base` is the version the editor showed: the save is refused
/// (409) if another version was saved since. Without `base`, the edit
/// applies to the latest version.
pub async fn edit_value(
    st: &AppState,
    id: &str,
    base: Option<i64>,
    path: &str,
    edit: ValueEdit,
    message: Option<String>,
    who: Option<&str>,
) -> Result<SavedVersion, WebError> {
    let target = Target::parse(path)?;
    if edit.is_empty() {
        return Err(WebError::BadRequest(format!("nothing to change in {path}")));
    }
    let v = st.store.scenario_version(id, base).await?;
    let text = crate::edit::apply(&v.toml, &target, &edit)?;
    // Problems of the new text beside the value (the one validator).
    let t2 = text.clone();
    let problems = blocking(move || Ok(super::build::check_text(&t2, &[]))).await?;
    if !problems.is_empty() {
        return Err(WebError::Fields(problems));
    }
    let message = message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| describe(&target, &edit));
    let message = match review_note(&v.toml, &text, &target, &edit, who) {
        Some(note) => format!("{message}; {note}"),
        None => message,
    };
    Ok(st
        .store
        .save_scenario_based_on(&text, Some(&message), Some(v.info.version))
        .await?)
}

/// Who is editing: the label of the token the request carries, or, with
/// no token (a workbench bound to loopback needs none), "the local analyst".
pub async fn who(st: &AppState, headers: &axum::http::HeaderMap) -> String {
    match crate::access::token(headers) {
        Some(t) => match st.store.find_token(&t).await {
            Ok(Some(tok)) => tok.label,
            _ => "an unknown token".into(),
        },
        None => "the local analyst".into(),
    }
}

/// The review part of a version message, so the history shows who
/// confirmed which citation and which citations an edit put under review:
/// `confirmed 004_…#p12 (by alice)`, `2 citation(s) marked for review`.
fn review_note(
    old: &str,
    new: &str,
    t: &Target,
    e: &ValueEdit,
    who: Option<&str>,
) -> Option<String> {
    let refs = |text: &str| -> Vec<(String, bool)> {
        parse(text)
            .ok()
            .and_then(|s| {
                s.values()
                    .into_iter()
                    .find(|(p, _)| s.value_name(*p) == t.path())
                    .map(|(_, v)| {
                        v.evidence
                            .iter()
                            .map(|r| (r.passage(), r.needs_review))
                            .collect()
                    })
            })
            .unwrap_or_default()
    };
    let before = refs(old);
    let after = refs(new);
    let mut parts = Vec::new();
    let confirmed: Vec<&str> = e
        .confirm_evidence
        .iter()
        .filter_map(|i| before.get(*i))
        .filter(|(_, needed)| *needed)
        .map(|(p, _)| p.as_str())
        .collect();
    if !confirmed.is_empty() {
        parts.push(format!(
            "confirmed {} (by {})",
            confirmed.join(", "),
            who.unwrap_or("the local analyst")
        ));
    }
    let newly = after.iter().filter(|(_, n)| *n).count()
        - after
            .iter()
            .filter(|(p, n)| *n && before.iter().any(|(q, m)| q == p && *m))
            .count();
    if newly > 0 {
        parts.push(format!("{newly} citation(s) marked for review"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The default version message of an edit, e.g. `japan-gov.tariffs.salience = 0.8`.
fn describe(t: &Target, e: &ValueEdit) -> String {
    let mut parts = Vec::new();
    if let Some(v) = e.value {
        parts.push(format!("{} = {v}", t.path()));
    }
    if let (Some(l), Some(h)) = (e.low, e.high) {
        parts.push(format!("range {l}–{h}"));
    }
    if e.clear_range {
        parts.push("range removed".into());
    }
    if e.judgement.is_some() {
        parts.push("judgement edited".into());
    }
    for ev in &e.add_evidence {
        parts.push(format!("cites {}", ev.passage));
    }
    if !e.remove_evidence.is_empty() {
        parts.push(format!("{} citation(s) removed", e.remove_evidence.len()));
    }
    let what = parts.join("; ");
    if what.starts_with(&t.path()) {
        what
    } else {
        format!("{}: {what}", t.path())
    }
}

/// Cites `passage` (with `quote`, which must be verbatim in it) as
/// evidence for the value at `path`.
pub async fn attach(
    st: &Arc<AppState>,
    id: &str,
    base: Option<i64>,
    path: &str,
    ev: EvidenceIn,
) -> Result<SavedVersion, WebError> {
    // Checked as `domei evidence check` does; a quote not in the passage
    // gets the closest passage as a hint.
    let problems = super::build::check_citations(st, vec![(path.to_string(), ev.clone())]).await?;
    if !problems.is_empty() {
        return Err(WebError::Fields(problems));
    }
    let edit = ValueEdit {
        add_evidence: vec![ev],
        ..ValueEdit::default()
    };
    edit_value(st, id, base, path, edit, None, None).await
}

/// A new stance: actor `actor`'s position and salience on issue `issue`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStance {
    /// The actor's id.
    pub actor: String,
    /// The issue's id.
    pub issue: String,
    /// The position, on the issue's scale.
    pub position: f64,
    /// The salience, on 0–1.
    pub salience: f64,
    /// Why these values (required; cite passages afterwards).
    pub judgement: String,
    /// The version the edit is based on (a newer latest version is a conflict; `None`: the latest).
    #[serde(default)]
    pub base_version: Option<i64>,
    /// The version's message (`None`: a default one).
    #[serde(default)]
    pub message: Option<String>,
}

/// Adds a stance and saves the next version (refused with 409 if the
/// scenario changed since `base_version`).
pub async fn add_stance(st: &AppState, id: &str, n: NewStance) -> Result<SavedVersion, WebError> {
    let v = st.store.scenario_version(id, n.base_version).await?;
    let text = crate::edit::add_stance(
        &v.toml,
        &n.actor,
        &n.issue,
        n.position,
        n.salience,
        &n.judgement,
    )?;
    let message = n
        .message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("{} takes a stance on {}", n.actor, n.issue));
    Ok(st
        .store
        .save_scenario_based_on(&text, Some(&message), Some(v.info.version))
        .await?)
}
