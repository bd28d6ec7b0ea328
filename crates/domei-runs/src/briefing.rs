//! What a briefing adds to the run it is made from — sensitivity, best
//! responses, what-ifs — computed once here for every front end (`domei
//! brief` and the workbench's briefing), with the run's models and options.
//! Pure: no I/O. The briefing itself is domei-brief's, which only lays
//! these out.

use crate::Outcome;
use domei_engines::ModelId;
use domei_scenario::Scenario;
use domei_sim::{Perturbation, Tornado};
use domei_strategy::{Edit, IssueChange, Limits, Response};

/// What to compute beside a run's forecast.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Sensitivity of these models with this perturbation; `None`: not run.
    pub sensitivity: Option<(Vec<ModelId>, Perturbation)>,
    /// Best responses of this actor (per-issue models only).
    pub actor: Option<String>,
    /// What-ifs: the text as given, and the edit.
    pub whatifs: Vec<(String, Edit)>,
}

/// What [`inputs`] computed.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// One-at-a-time sensitivity (tornado data), when asked for.
    pub sensitivity: Option<Vec<Tornado>>,
    /// The grid limits of the best responses.
    pub limits: Limits,
    /// Best responses of [`Extras::actor`] (empty without one).
    pub responses: Vec<Response>,
    /// Each what-if (its text) and how it changes the forecasts.
    pub whatifs: Vec<(String, Vec<IssueChange>)>,
    /// Sentences for "what this briefing does not contain".
    pub notes: Vec<String>,
}

/// The sensitivity, best responses and what-ifs `x` asks for on `s`, with
/// the models and options of `out`'s forecast. Fails on an unknown actor
/// or an edit that does not apply (the message says which).
pub fn inputs(s: &Scenario, out: &Outcome, x: &Extras) -> Result<Inputs, String> {
    let f = &out.forecast;
    let (models, opts) = (&f.models, &f.options);
    let mut notes = Vec::new();
    let sensitivity = x
        .sensitivity
        .as_ref()
        .map(|(m, pert)| domei_sim::sensitivity(s, m, opts, pert));
    // Best responses search per-issue models only.
    let per_issue: Vec<ModelId> = models.iter().copied().filter(|m| !m.joint()).collect();
    let limits = Limits::default();
    let responses = match &x.actor {
        Some(actor) => domei_strategy::best_response(s, actor, &[], &per_issue, opts, &limits)
            .map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    if x.actor.is_some() && per_issue.len() < models.len() {
        notes.push("Best responses leave out the multi-issue models (smp, exchange), which negotiate issues jointly.".to_string());
    }
    let mut whatifs = Vec::new();
    for (text, e) in &x.whatifs {
        let after =
            domei_strategy::edit::apply(s, std::slice::from_ref(e)).map_err(|e| e.to_string())?;
        let (_, _, changes) = domei_strategy::compare(s, &after, models, opts);
        whatifs.push((text.clone(), changes));
    }
    Ok(Inputs {
        sensitivity,
        limits,
        responses,
        whatifs,
        notes,
    })
}

/// Why the actors moved, for the briefing's per-issue detail: every issue's
/// history (domei-run's) under the forecast's model with rounds — BDM when
/// it was run, else the first of SMP and exchange that was — with the
/// forecast's options. Empty when no model with rounds was run; an issue
/// the model could not run on is left out.
pub fn histories(s: &Scenario, out: &Outcome) -> Vec<domei_run::History> {
    let f = &out.forecast;
    let model = if f.models.contains(&ModelId::Bdm) {
        Some(ModelId::Bdm)
    } else {
        f.models
            .iter()
            .copied()
            .find(|m| domei_run::history::has_rounds(*m))
    };
    let Some(model) = model else {
        return Vec::new();
    };
    domei_run::history::histories(s, model, &f.options)
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}
