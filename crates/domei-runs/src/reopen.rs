//! Reading a stored run back: [`recompute`] computes it again from its
//! scenario version, [`open`] opens it for viewing (a simulation's
//! distributions from its stored document), and both say whether the point
//! forecasts are the stored ones ([`Reproduced`], through
//! [`point_values`]).

use crate::{compute, document, Document, Job, JobError, Kind, Outcome, Params};
use domei_engines::ModelId;
use domei_scenario::Scenario;
use domei_sim::SimResult;
use domei_store::RunInfo;

/// Computes a stored run again from its scenario version: the job it was
/// made with, on `s` (the stored version's text, parsed). Also says whether
/// the point forecasts equal the stored results (they do unless the run was
/// made by a domei whose models computed differently).
pub fn recompute(
    s: &Scenario,
    info: &RunInfo,
    stored: Option<&serde_json::Value>,
) -> Result<(Job, Outcome, Reproduced), JobError> {
    let job = Job::from_run(info)?;
    let out = compute(s, &job, &|_, _| {});
    let rep = reproduced(s, info, &job, &out, stored)?;
    Ok((job, out, rep))
}

/// Opens a stored run for viewing: its job, its point forecast computed
/// again from the scenario version `s` (checked against the stored
/// results, as [`recompute`]) and, for a simulation, its distributions as
/// the stored document has them — the draws are not run again (a
/// simulation without stored results is computed).
pub fn open(
    s: &Scenario,
    info: &RunInfo,
    stored: Option<&serde_json::Value>,
) -> Result<(Job, Outcome, Reproduced), JobError> {
    let job = Job::from_run(info)?;
    let doc = stored
        .map(|d| Document::read(job.kind, d))
        .transpose()
        .map_err(|e| JobError::Params {
            run: info.id,
            reason: e.to_string(),
        })?;
    let (Some(mc), Some(Document::Simulation(sim))) = (job.mc_options(), &doc) else {
        return recompute(s, info, stored);
    };
    let point = Job {
        kind: Kind::Forecast,
        models: job.models.clone(),
        params: Params {
            monte_carlo: None,
            seed: None,
            ..job.params.clone()
        },
    };
    let mut out = compute(s, &point, &|_, _| {});
    out.sim = Some(SimResult {
        options: mc,
        models: sim.models.clone(),
        issues: sim.sim_result(s),
    });
    let rep = reproduced(s, info, &job, &out, stored)?;
    Ok((job, out, rep))
}

/// Whether `out`'s point forecasts are those of the stored document.
fn reproduced(
    s: &Scenario,
    info: &RunInfo,
    job: &Job,
    out: &Outcome,
    stored: Option<&serde_json::Value>,
) -> Result<Reproduced, JobError> {
    let Some(stored) = stored else {
        return Ok(Reproduced::NotStored);
    };
    let then = Document::read(job.kind, stored).map_err(|e| JobError::Params {
        run: info.id,
        reason: e.to_string(),
    })?;
    let now = document(s, job, out);
    Ok(if point_values(&now) == point_values(&then) {
        Reproduced::Same
    } else {
        Reproduced::Differs {
            stored_by: info.domei_version.clone(),
        }
    })
}

/// Whether a recomputed run matched its stored results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reproduced {
    /// The recomputed results equal the stored ones.
    Same,
    /// The run has no stored results to compare with.
    NotStored,
    /// The recomputed results differ from the stored ones.
    Differs {
        /// Version of domei that stored the run.
        stored_by: String,
    },
}

/// `(issue id, model, point forecast)` of a results document of either
/// kind: a forecast's `value`, a simulation's `point`. Values are
/// compared at 9 significant decimals (JSON round trips are exact, but the
/// stored document may predate a harmless change in float printing).
pub fn point_values(doc: &Document) -> Vec<(String, ModelId, Option<String>)> {
    doc.points()
        .into_iter()
        .map(|p| (p.issue, p.model, p.value.map(|v| format!("{v:.9}"))))
        .collect()
}
