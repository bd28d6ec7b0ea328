//! The workbench's operations, shared by the JSON API ([`crate::api`]) and
//! the pages ([`crate::pages`]): read and edit scenarios, start runs, view
//! a run (recomputed from its stored scenario version and parameters, and
//! checked against its stored results), compare two runs, search the
//! corpus, resolve a cited passage, and build a run's briefing.

use crate::edit::{EvidenceIn, Target, ValueEdit};
use crate::error::WebError;
use crate::state::AppState;
use domei_engines::{ModelId, Options};
use domei_jobs::{Job, Kind, McParams, Outcome, Reproduced};
use domei_scenario::Scenario;
use domei_sim::{Perturbation, Tornado};
use domei_store::{Run, RunId, SavedVersion, ScenarioRef, ScenarioVersion};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Most Monte Carlo draws a run from the workbench may ask for.
pub const MAX_DRAWS: u64 = 100_000;

/// Runs `f` on the blocking pool (CPU-bound or blocking I/O).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(format!("a background task failed: {e}")))?
}

/// A stored scenario version, parsed.
pub struct ScenarioView {
    pub version: ScenarioVersion,
    /// Parsed once per version text and shared (see [`AppState::parsed`]).
    pub scenario: Arc<Scenario>,
    /// The latest version of the scenario (to tell an old version apart).
    pub latest: i64,
}

fn parse(text: &str) -> Result<Scenario, WebError> {
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
) -> Result<SavedVersion, WebError> {
    let target = Target::parse(path)?;
    if edit.is_empty() {
        return Err(WebError::BadRequest(format!("nothing to change in {path}")));
    }
    let v = st.store.scenario_version(id, base).await?;
    let text = crate::edit::apply(&v.toml, &target, &edit)?;
    let message = message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| describe(&target, &edit));
    Ok(st
        .store
        .save_scenario_based_on(&text, Some(&message), Some(v.info.version))
        .await?)
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
    let quote = ev.quote.clone().filter(|q| !q.trim().is_empty());
    let passage = ev.passage.clone();
    let st2 = st.clone();
    blocking(move || {
        let c = domei_corpus::Citation::parse(&passage)?;
        st2.corpus.with(|corpus| {
            let check = corpus.check_reference(&c.doc, &c.locator.to_string(), quote.as_deref())?;
            if check.ok() {
                Ok(())
            } else {
                Err(WebError::Invalid(format!(
                    "{passage} cannot be cited as given: {}",
                    check
                        .problem
                        .clone()
                        .unwrap_or_else(|| "the quote is not in the passage".into())
                )))
            }
        })
    })
    .await?;
    let edit = ValueEdit {
        add_evidence: vec![ev],
        ..ValueEdit::default()
    };
    edit_value(st, id, base, path, edit, None).await
}

/// A run to start, as the API and the run form give it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub scenario: String,
    /// The scenario version [default: the latest].
    #[serde(default)]
    pub version: Option<i64>,
    /// `forecast` (default) or `simulate`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Model names or `all` [default: all].
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Simulations: draws [default 1000, at most 100000] and seed [default 1].
    #[serde(default)]
    pub draws: Option<u64>,
    #[serde(default)]
    pub seed: Option<u64>,
}

/// The job a request asks for.
pub fn job_of(r: &RunRequest) -> Result<Job, WebError> {
    let kind = match r.kind.as_deref().map(str::trim).unwrap_or("forecast") {
        "" | "forecast" => Kind::Forecast,
        "simulate" => Kind::Simulate,
        k => {
            return Err(WebError::BadRequest(format!(
                "unknown run kind {k:?}: forecast or simulate"
            )))
        }
    };
    let mut models = Vec::new();
    for m in &r.models {
        if m.trim().eq_ignore_ascii_case("all") {
            models.extend(ModelId::ALL);
        } else {
            models.push(
                m.trim()
                    .parse::<ModelId>()
                    .map_err(|e| WebError::BadRequest(e.to_string()))?,
            );
        }
    }
    if models.is_empty() {
        models.extend(ModelId::ALL);
    }
    let mut seen = std::collections::HashSet::new();
    models.retain(|m| seen.insert(*m));
    let rounds = r.rounds.unwrap_or(10);
    if !(1..=1000).contains(&rounds) {
        return Err(WebError::BadRequest(format!(
            "rounds must be 1 to 1000, got {rounds}"
        )));
    }
    let opts = Options {
        rounds,
        ..Options::default()
    };
    match kind {
        Kind::Forecast => {
            if r.draws.is_some() || r.seed.is_some() {
                return Err(WebError::BadRequest(
                    "draws and seed apply to simulate runs only".into(),
                ));
            }
            Ok(Job::forecast(models, opts, false))
        }
        Kind::Simulate => {
            let draws = r.draws.unwrap_or(1000);
            if !(1..=MAX_DRAWS).contains(&draws) {
                return Err(WebError::BadRequest(format!(
                    "draws must be 1 to {MAX_DRAWS}, got {draws}"
                )));
            }
            let mc = McParams {
                draws,
                seed: r.seed.unwrap_or(1),
                ..McParams::default()
            };
            Ok(Job::simulate(models, opts, mc))
        }
    }
}

/// Starts the run `r` asks for.
pub async fn start_run(
    st: &AppState,
    r: &RunRequest,
) -> Result<(u64, tokio::sync::watch::Receiver<crate::jobs::JobInfo>), WebError> {
    let job = job_of(r)?;
    let view = scenario(st, &r.scenario, r.version).await?;
    let at = ScenarioRef {
        id: view.version.scenario_id.clone(),
        version: view.version.info.version,
    };
    st.jobs
        .start(st.store.clone(), (*view.scenario).clone(), at, job)
}

/// A stored run, recomputed for display.
pub struct RunView {
    pub run: Run,
    pub scenario: Scenario,
    pub job: Job,
    pub outcome: Outcome,
    pub reproduced: Reproduced,
    /// Sensitivity of the first model run (the tornado charts).
    pub tornado: Vec<Tornado>,
    /// Every chart, rendered once (SVG; ~600 KB for the bundled scenario).
    pub charts: Vec<Chart>,
}

/// Run `id`, recomputed (cached; concurrent requests share one
/// recomputation).
pub async fn run_view(st: &AppState, id: RunId) -> Result<Arc<RunView>, WebError> {
    if let Some(v) = st.runs.get(id) {
        return Ok(v);
    }
    let cell = st.runs.loading(id);
    let got = cell
        .get_or_try_init(|| async {
            let v = Arc::new(load_run_view(st, id).await?);
            st.runs.put(id, v.clone());
            Ok::<_, WebError>(v)
        })
        .await
        .cloned();
    st.runs.loaded(id);
    got
}

async fn load_run_view(st: &AppState, id: RunId) -> Result<RunView, WebError> {
    let run = st.store.get_run(id).await?;
    let v = st
        .store
        .scenario_version(&run.info.scenario.id, Some(run.info.scenario.version))
        .await?;
    blocking(move || {
        let s = parse(&v.toml)?;
        let (job, outcome, reproduced) =
            domei_jobs::recompute(&s, &run.info, run.results.as_ref())?;
        let first: Vec<ModelId> = job.models.iter().copied().take(1).collect();
        let tornado =
            domei_sim::sensitivity(&s, &first, &job.params.options, &Perturbation::default());
        let mut view = RunView {
            run,
            scenario: s,
            job,
            outcome,
            reproduced,
            tornado,
            charts: Vec::new(),
        };
        view.charts = render_charts(&view);
        Ok(view)
    })
    .await
}

/// One SVG chart of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on the page, e.g. `positions-defense-spending`.
    pub id: String,
    /// `positions`, `rounds`, `distribution` or `tornado`.
    pub kind: &'static str,
    pub issue: String,
    pub svg: String,
}

/// Every chart of a run, issue by issue (rendered when the run was loaded).
pub fn charts(v: &RunView) -> &[Chart] {
    &v.charts
}

fn render_charts(v: &RunView) -> Vec<Chart> {
    use domei_charts::build;
    let s = &v.scenario;
    let mut out = Vec::new();
    for f in &v.outcome.forecast.issues {
        let issue = s.issues[f.issue].id.clone();
        let pc = build::positions(s, f.issue, Some(f));
        out.push(Chart {
            id: pc.id.clone(),
            kind: "positions",
            issue: issue.clone(),
            svg: domei_charts::positions_svg(&pc),
        });
        if let Some(rc) = build::rounds(s, f) {
            out.push(Chart {
                id: rc.id.clone(),
                kind: "rounds",
                issue: issue.clone(),
                svg: domei_charts::rounds_svg(&rc),
            });
        }
        if let Some(sim) = v
            .outcome
            .sim
            .as_ref()
            .and_then(|r| r.issues.iter().find(|x| x.issue == f.issue))
        {
            let dc = build::distribution(s, sim, Some(f));
            out.push(Chart {
                id: dc.id.clone(),
                kind: "distribution",
                issue: issue.clone(),
                svg: domei_charts::distribution_svg(&dc),
            });
        }
        if let Some(tc) = v
            .tornado
            .iter()
            .find(|t| t.issue == f.issue)
            .and_then(|t| build::tornado(s, t, 8))
        {
            out.push(Chart {
                id: tc.id.clone(),
                kind: "tornado",
                issue,
                svg: domei_charts::tornado_svg(&tc),
            });
        }
    }
    out
}

/// One issue × model line of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub issue: String,
    /// The issue's name (in run B's scenario when both have it).
    pub issue_name: String,
    pub model: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// `b − a` when both exist.
    pub delta: Option<f64>,
}

/// Two runs side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: domei_store::RunInfo,
    pub b: domei_store::RunInfo,
    pub rows: Vec<CompareRow>,
    /// What changed in the scenario between the two runs' versions (same
    /// scenario only).
    pub scenario_changes: Vec<String>,
}

/// Compares the point forecasts of runs `a` and `b`.
pub async fn compare(st: &AppState, a: RunId, b: RunId) -> Result<Comparison, WebError> {
    let ra = st.store.get_run(a).await?;
    let rb = st.store.get_run(b).await?;
    let pa = ra
        .results
        .as_ref()
        .map(domei_jobs::point_values)
        .unwrap_or_default();
    let pb = rb
        .results
        .as_ref()
        .map(domei_jobs::point_values)
        .unwrap_or_default();
    let num = |v: &Option<String>| v.as_deref().and_then(|x| x.parse::<f64>().ok());
    let mut names = std::collections::HashMap::new();
    for doc in [&ra.results, &rb.results].into_iter().flatten() {
        for i in doc["issues"].as_array().into_iter().flatten() {
            if let (Some(id), Some(name)) = (i["id"].as_str(), i["name"].as_str()) {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut rows: Vec<CompareRow> = pa
        .iter()
        .map(|(i, m, v)| {
            let other = pb
                .iter()
                .find(|(j, n, _)| j == i && n == m)
                .and_then(|x| num(&x.2));
            let a = num(v);
            CompareRow {
                issue: i.clone(),
                issue_name: name_of(i),
                model: m.clone(),
                a,
                b: other,
                delta: a.zip(other).map(|(x, y)| y - x),
            }
        })
        .collect();
    for (i, m, v) in &pb {
        if !pa.iter().any(|(j, n, _)| j == i && n == m) {
            rows.push(CompareRow {
                issue: i.clone(),
                issue_name: name_of(i),
                model: m.clone(),
                a: None,
                b: num(v),
                delta: None,
            });
        }
    }
    let (sa, sb) = (&ra.info.scenario, &rb.info.scenario);
    let scenario_changes = if sa.id == sb.id && sa.version != sb.version {
        let d = st
            .store
            .diff_scenario(&sa.id, sa.version, sb.version)
            .await?;
        d.changes
            .unwrap_or_default()
            .iter()
            .map(|c| c.to_string())
            .collect()
    } else {
        Vec::new()
    };
    Ok(Comparison {
        a: ra.info,
        b: rb.info,
        rows,
        scenario_changes,
    })
}

/// A cited passage with its neighbours and its document's record.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    pub citation: String,
    pub doc: String,
    pub title: Option<String>,
    pub reference: String,
    pub text: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Resolves `citation` (`DOC#pN`) in the corpus.
pub async fn passage(st: &Arc<AppState>, citation: &str) -> Result<PassageView, WebError> {
    let st = st.clone();
    let citation = citation.to_string();
    blocking(move || {
        let c = domei_corpus::Citation::parse(&citation)?;
        st.corpus.with(|corpus| {
            let r = corpus
                .resolve(&c)?
                .map_err(|u| WebError::NotFound(u.to_string()))?;
            let (before, after) = corpus.neighbours(&r)?;
            let info = corpus.document(&r.doc, Some(r.version))?;
            let title = info.as_ref().and_then(|d| d.meta.title.clone());
            let reference = domei_brief::seed_docs()
                .into_iter()
                .find(|d| d.id == r.doc)
                .map(|d| d.reference())
                .or_else(|| {
                    info.as_ref().map(|d| {
                        let mut r = d.meta.authors.join(", ");
                        for part in [&d.meta.title, &d.meta.publisher, &d.meta.date]
                            .into_iter()
                            .flatten()
                        {
                            if !r.is_empty() {
                                r.push_str(". ");
                            }
                            r.push_str(part);
                        }
                        if r.is_empty() {
                            d.id.clone()
                        } else {
                            r
                        }
                    })
                })
                .unwrap_or_else(|| r.doc.clone());
            Ok(PassageView {
                citation: r.citation(),
                doc: r.doc.clone(),
                title,
                reference,
                text: r.passage.text.clone(),
                before: before.map(|p| p.text),
                after: after.map(|p| p.text),
            })
        })
    })
    .await
}

/// Searches the corpus.
pub async fn search(
    st: &Arc<AppState>,
    q: &str,
    limit: usize,
) -> Result<domei_corpus::SearchResults, WebError> {
    let st = st.clone();
    let q = q.to_string();
    blocking(move || {
        st.corpus.with(|c| {
            let opts = domei_corpus::SearchOptions {
                limit: limit.clamp(1, 50),
                ..Default::default()
            };
            Ok(c.search(&q, &opts)?)
        })
    })
    .await
}

/// The briefing of run `id`, as HTML or PDF.
pub async fn brief(st: &Arc<AppState>, id: RunId, pdf: bool) -> Result<Vec<u8>, WebError> {
    let v = run_view(st, id).await?;
    let st2 = st.clone();
    blocking(move || {
        // Titles and authors of non-seed documents from the corpus, when
        // it opens; the seeds' curated records otherwise.
        let seeds = domei_brief::seed_docs();
        let docs: Vec<domei_brief::DocInfo> = st2
            .corpus
            .with(|c| Ok(c.documents()?))
            .map(|ds| {
                ds.into_iter()
                    .filter(|d| !seeds.iter().any(|s| s.id == d.id))
                    .map(|d| domei_brief::DocInfo {
                        id: d.id,
                        title: d.meta.title.unwrap_or_default(),
                        authors: d.meta.authors.join(", "),
                        publisher: d.meta.publisher.unwrap_or_default(),
                        date: d.meta.date.unwrap_or_default(),
                        url: d.meta.url,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut inp = domei_brief::BriefInput::new(&v.scenario, &v.outcome.forecast);
        inp.sim = v.outcome.sim.as_ref();
        inp.sensitivity = Some(&v.tornado);
        inp.docs = &docs;
        inp.generated = Some(format!(
            "domei {} — run {} (scenario {} v{})",
            env!("CARGO_PKG_VERSION"),
            v.run.info.id,
            v.run.info.scenario.id,
            v.run.info.scenario.version
        ));
        if let Reproduced::Differs { stored_by } = &v.reproduced {
            inp.notes.push(format!(
                "This run was stored by domei {stored_by}; recomputed now, its point forecasts differ from the stored ones. The briefing shows the recomputed values."
            ));
        }
        let b = domei_brief::compose(&inp);
        if pdf {
            domei_brief::pdf(&b).map_err(|e| WebError::Internal(e.to_string()))
        } else {
            Ok(domei_brief::html(&b).into_bytes())
        }
    })
    .await
}

/// Records the corpus's document versions (id, title, hash) in the store,
/// so a shared server's store lists what its scenarios may cite. Opens (and
/// on first use seeds) the corpus. Returns how many versions were new.
pub async fn sync_corpus(st: &Arc<AppState>) -> Result<usize, WebError> {
    let st2 = st.clone();
    let docs = blocking(move || st2.corpus.with(|c| Ok(c.documents()?))).await?;
    let rfc = time::format_description::well_known::Rfc3339;
    let recs: Vec<domei_store::CorpusDocument> = docs
        .into_iter()
        .map(|d| domei_store::CorpusDocument {
            title: d.meta.title.clone().unwrap_or_else(|| d.id.clone()),
            version: i64::from(d.version),
            sha256: d.content_hash,
            added_at: time::OffsetDateTime::parse(&d.added_at, &rfc)
                .unwrap_or_else(|_| time::OffsetDateTime::now_utc()),
            id: d.id,
        })
        .collect();
    Ok(st.store.record_corpus_documents(&recs).await?)
}
