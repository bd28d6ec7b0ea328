//! The changes of a scenario's structure that the build page and the API
//! make ([`Change`]): what each writes (the values, with what they rest on),
//! its default version message, and the scenario text after it, through
//! the one TOML editor (domei-scenario's `edit`). [`super::change`] checks
//! and stores the result.

use super::SourcedIn;
use crate::edit::{self, ActorIn, AnchorIn, IssueIn, Target, ValueEdit};
use serde::Deserialize;

/// One change of a scenario's structure (`op` names it in the API).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// A new scenario with nothing but its header.
    Create {
        /// The scenario's name.
        name: String,
        /// The question it answers.
        #[serde(default)]
        question: String,
    },
    /// Replaces the scenario's header.
    Header {
        /// The scenario's name.
        name: String,
        /// The question it answers.
        #[serde(default)]
        question: String,
    },
    /// Adds an actor (with no stances yet).
    AddActor {
        /// The new actor's id.
        id: String,
        /// Its display name.
        #[serde(default)]
        name: String,
        /// What the actor is.
        #[serde(default)]
        description: String,
        /// Its capability, with what it rests on.
        capability: SourcedIn,
    },
    /// Changes actor `actor`'s id (its stances follow) and texts.
    EditActor {
        /// The actor's current id.
        actor: String,
        /// Its new id (the same to keep it).
        id: String,
        /// Its display name.
        #[serde(default)]
        name: String,
        /// What the actor is.
        #[serde(default)]
        description: String,
    },
    /// Removes an actor and its stances.
    RemoveActor {
        /// The actor's id.
        actor: String,
    },
    /// Adds an issue (with no stances yet).
    AddIssue {
        /// The new issue's id.
        id: String,
        /// Its display name.
        #[serde(default)]
        name: String,
        /// The unit of its scale.
        #[serde(default)]
        unit: String,
        /// Low end of its scale.
        min: f64,
        /// High end of its scale.
        max: f64,
        /// Labelled points on the scale.
        #[serde(default)]
        anchors: Vec<AnchorIn>,
        /// What the issue is.
        #[serde(default)]
        description: String,
        /// Its status quo (`None`: none).
        #[serde(default)]
        status_quo: Option<SourcedIn>,
    },
    /// Changes issue `issue`'s id (its stances follow), texts, scale and
    /// anchors; its status quo is a value, edited on its own.
    EditIssue {
        /// The issue's current id.
        issue: String,
        /// Its new id (the same to keep it).
        id: String,
        /// Its display name.
        #[serde(default)]
        name: String,
        /// The unit of its scale.
        #[serde(default)]
        unit: String,
        /// Low end of its scale.
        min: f64,
        /// High end of its scale.
        max: f64,
        /// Labelled points on the scale.
        #[serde(default)]
        anchors: Vec<AnchorIn>,
        /// What the issue is.
        #[serde(default)]
        description: String,
    },
    /// Removes an issue and its stances.
    RemoveIssue {
        /// The issue's id.
        issue: String,
    },
    /// Adds a stance: an actor's position and salience on an issue.
    AddStance {
        /// The actor's id.
        actor: String,
        /// The issue's id.
        issue: String,
        /// The position, on the issue's scale.
        position: SourcedIn,
        /// The salience, on 0–1.
        salience: SourcedIn,
    },
}

impl Change {
    /// The values this change writes, by path, with what they rest on.
    pub(super) fn values(&self) -> Vec<(String, &SourcedIn)> {
        match self {
            Change::AddActor { id, capability, .. } => {
                vec![(format!("{}.capability", id.trim()), capability)]
            }
            Change::AddIssue { id, status_quo, .. } => status_quo
                .iter()
                .map(|v| (format!("{}.status_quo", id.trim()), v))
                .collect(),
            Change::AddStance {
                actor,
                issue,
                position,
                salience,
            } => vec![
                (format!("{actor}.{issue}.position"), position),
                (format!("{actor}.{issue}.salience"), salience),
            ],
            _ => Vec::new(),
        }
    }

    /// The version message when none is given.
    pub(super) fn describe(&self) -> String {
        match self {
            Change::Create { name, .. } => format!("created: {name}"),
            Change::Header { .. } => "name and question edited".into(),
            Change::AddActor { id, .. } => format!("actor {id} added"),
            Change::EditActor { actor, id, .. } if actor != id => {
                format!("actor {actor} renamed {id}")
            }
            Change::EditActor { actor, .. } => format!("actor {actor} edited"),
            Change::RemoveActor { actor } => format!("actor {actor} removed, with its stances"),
            Change::AddIssue { id, .. } => format!("issue {id} added"),
            Change::EditIssue { issue, id, .. } if issue != id => {
                format!("issue {issue} renamed {id}")
            }
            Change::EditIssue { issue, .. } => format!("issue {issue} edited"),
            Change::RemoveIssue { issue } => format!("issue {issue} removed, with its stances"),
            Change::AddStance { actor, issue, .. } => format!("{actor} takes a stance on {issue}"),
        }
    }

    /// The scenario text after the change.
    pub(super) fn apply(&self, id: &str, text: &str) -> Result<String, edit::EditError> {
        let t = match self {
            Change::Create { name, question } => edit::new_scenario(id, name, question)?,
            Change::Header { name, question } => edit::set_header(text, name, question)?,
            Change::AddActor {
                id,
                name,
                description,
                capability,
            } => {
                let a = ActorIn {
                    id: id.clone(),
                    name: name.clone(),
                    description: description.clone(),
                };
                edit::add_actor(text, &a, capability.value)?
            }
            Change::EditActor {
                actor,
                id,
                name,
                description,
            } => {
                let a = ActorIn {
                    id: id.clone(),
                    name: name.clone(),
                    description: description.clone(),
                };
                edit::edit_actor(text, actor, &a)?
            }
            Change::RemoveActor { actor } => edit::remove_actor(text, actor)?,
            Change::AddIssue {
                id,
                name,
                unit,
                min,
                max,
                anchors,
                description,
                ..
            }
            | Change::EditIssue {
                id,
                name,
                unit,
                min,
                max,
                anchors,
                description,
                ..
            } => {
                let i = IssueIn {
                    id: id.clone(),
                    name: name.clone(),
                    unit: unit.clone(),
                    min: *min,
                    max: *max,
                    anchors: anchors.clone(),
                    description: description.clone(),
                };
                match self {
                    Change::EditIssue { issue, .. } => edit::edit_issue(text, issue, &i)?,
                    _ => edit::add_issue(text, &i)?,
                }
            }
            Change::RemoveIssue { issue } => edit::remove_issue(text, issue)?,
            Change::AddStance {
                actor,
                issue,
                position,
                salience,
            } => edit::insert_stance(text, actor, issue, position.value, salience.value)?,
        };
        // The values' sources, through the one value editor.
        let mut t = t;
        for (path, v) in self.values() {
            let e = ValueEdit {
                value: Some(v.value),
                judgement: v.judgement.clone().filter(|j| !j.trim().is_empty()),
                add_evidence: v.evidence.clone(),
                ..ValueEdit::default()
            };
            t = edit::apply(&t, &Target::parse(&path)?, &e)?;
        }
        Ok(t)
    }
}
