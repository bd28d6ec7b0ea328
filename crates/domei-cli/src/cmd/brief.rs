//! `domei brief`: the cited briefing of a scenario, or of a stored run, as
//! HTML or PDF.
//!
//! Of a scenario: runs the forecast and Monte Carlo (unless `--draws 0`) as
//! a domei-runs job. Of a stored run (`--run ID`): loads the run and its
//! scenario version from the store and computes the run again
//! ([`domei_runs::recompute`]), noting when the numbers differ from those
//! stored. Either way it then adds sensitivity (unless `--no-sensitivity`)
//! and, when asked, an actor's best responses and what-ifs ([`compose`],
//! pure), and writes the briefing (domei-brief) atomically. The format
//! follows the output's extension.

use super::forecast::{parse_models, ModelArgs};
use super::uncertainty::{with_threads, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::store::{Db, DbArgs};
use crate::{input, output};
use domei_brief::{BestResponses, Brief, BriefInput, DocInfo, WhatIf};
use domei_engines::{ModelId, Options};
use domei_runs::{Job, McParams, Outcome, Reproduced};
use domei_scenario::Scenario;
use domei_sim::Perturbation;
use domei_store::{Run, RunId, StoreError};
use domei_strategy::Edit;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario (as for `forecast`) [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// A briefing of stored run ID (see `domei runs list`): its scenario
    /// version, computed again with the run's models and parameters (and,
    /// for a `simulate` run, its Monte Carlo settings).
    #[arg(long, value_name = "ID", conflicts_with_all = ["input", "draws", "seed", "models", "rounds"])]
    pub run: Option<RunId>,
    /// Where to write the briefing: FILE.html or FILE.pdf (the format
    /// follows the extension). An existing file is replaced.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Monte Carlo draws for the ranges; 0 skips Monte Carlo.
    #[arg(short = 'n', long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=domei_limits::DRAWS.max))]
    pub draws: u64,
    /// Seed of the Monte Carlo draws.
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Skip the sensitivity analysis (no key drivers, no tornado charts).
    #[arg(long)]
    pub no_sensitivity: bool,
    /// Models whose sensitivity is shown [default: the first model run].
    #[arg(long, value_name = "M", value_delimiter = ',')]
    pub sensitivity_model: Vec<String>,
    /// Strategic options: this actor's best responses (actor id).
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// A what-if to include, as for `whatif --set` (e.g.
    /// `japan-gov.defense-spending.salience=1`). Repeatable; each is
    /// compared with the scenario on its own.
    #[arg(long = "whatif", value_name = "EDIT")]
    pub whatifs: Vec<String>,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Rounds of the iterative models.
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    /// Perturbation of Monte Carlo and sensitivity (with `--run`: of
    /// sensitivity, for a forecast run; a simulate run's own is used).
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Evidence corpus to take document titles and authors from [env:
    /// DOMEI_CORPUS]; used only if it exists. Without one, the seed papers'
    /// built-in records are used.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The full briefing: after the two-page summary (bottom line,
    /// forecasts, evidence strength), the actors, one section per issue
    /// (charts, key drivers, inputs), the strategic options and the
    /// evidence of every value. Without it only the values the summary
    /// shows are cited.
    #[arg(long)]
    pub full: bool,
    /// Worker threads for Monte Carlo [default: all cores].
    #[arg(long, value_parser = crate::limits::threads_flag)]
    pub threads: Option<usize>,
    /// The store `--run` reads from.
    #[command(flatten)]
    pub db: DbArgs,
}

/// The output formats.
enum Kind {
    Html,
    Pdf,
}

/// The briefing's format, from the output file's extension.
fn kind(path: &Path) -> Result<Kind, CliError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(Kind::Html),
        Some("pdf") => Ok(Kind::Pdf),
        _ => Err(CliError::Usage(format!(
            "cannot tell the format of {}: name it FILE.html or FILE.pdf",
            path.display()
        ))),
    }
}

/// Bibliographic records from the evidence corpus, when one exists.
fn corpus_docs(a: &Args, notes: &mut Vec<String>) -> Vec<DocInfo> {
    let dir = a.corpus.clone().or_else(|| {
        std::env::var_os("DOMEI_CORPUS")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        return Vec::new();
    };
    let docs = domei_corpus::Corpus::open(&dir).and_then(|c| c.documents());
    // The seed papers keep their curated built-in records; the corpus
    // supplies the records of every other document (the workbench's rule).
    match docs {
        Ok(docs) => domei_web::service::doc_records(docs),
        Err(e) => {
            notes.push(format!("The evidence corpus at {} could not be read ({e}); the seed papers' records were used.", dir.display()));
            Vec::new()
        }
    }
}

/// What a briefing adds to the forecast (and Monte Carlo) it is made from.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Sensitivity, best responses and what-ifs (computed by
    /// `domei_runs::briefing`, as the workbench's briefing is).
    pub computed: domei_runs::briefing::Extras,
    /// Bibliographic records of the cited documents.
    pub docs: Vec<DocInfo>,
    /// How the briefing was made ("domei 0.1.0 · …").
    pub generated: Option<String>,
    /// More entries for "what this briefing does not contain".
    pub notes: Vec<String>,
    /// The briefing's language.
    pub lang: domei_i18n::Lang,
    /// The scenario with its texts in `lang` (same values and ids); the
    /// briefing shows its names and judgements. `None`: the scenario's own.
    pub view: Option<Scenario>,
    /// The full briefing (`--full`) rather than the short one.
    pub full: bool,
}

/// The briefing of `out` — a forecast of `s` and, when it has one, its
/// Monte Carlo — with the sensitivity, best responses and what-ifs `x`
/// asks for, computed with the forecast's models and options. Pure: no
/// I/O. Fails (usage) on an unknown actor or an edit that does not apply.
pub fn compose(s: &Scenario, out: &Outcome, x: Extras) -> Result<Brief, CliError> {
    let got = domei_runs::briefing::inputs(s, out, &x.computed).map_err(CliError::Usage)?;
    let whatifs: Vec<WhatIf> = got
        .whatifs
        .into_iter()
        .map(|(label, changes)| WhatIf { label, changes })
        .collect();
    let mut notes = x.notes;
    notes.extend(got.notes);
    let shown = x.view.as_ref().unwrap_or(s);
    let mut inp = BriefInput::new(shown, &out.forecast);
    inp.lang = x.lang;
    inp.sim = out.sim.as_ref();
    inp.sensitivity = got.sensitivity.as_deref();
    inp.best_response = x.computed.actor.map(|actor| BestResponses {
        actor,
        limits: got.limits,
        responses: &got.responses,
    });
    inp.whatifs = &whatifs;
    inp.docs = &x.docs;
    inp.generated = x.generated;
    inp.notes = notes;
    inp.headlines = domei_runs::headlines(s, out);
    let histories = domei_runs::briefing::histories(s, out);
    inp.histories = &histories;
    inp.full = x.full;
    Ok(domei_brief::compose(&inp))
}

/// The file contents of `brief` in `kind`.
fn bytes(brief: &Brief, kind: &Kind) -> Result<Vec<u8>, CliError> {
    match kind {
        Kind::Html => Ok(domei_brief::html(brief).into_bytes()),
        Kind::Pdf => domei_brief::pdf(brief).map_err(|e| CliError::Internal(e.to_string())),
    }
}

/// What a briefing is made from: the scenario, what was computed on it, the
/// perturbation sensitivity uses, and notes and provenance to show.
struct Basis {
    scenario: Scenario,
    outcome: Outcome,
    perturbation: Perturbation,
    generated: String,
    notes: Vec<String>,
    /// A stored run's scenario version as text (for its texts in another
    /// language).
    text: Option<String>,
}

pub fn run(a: Args) -> CliResult {
    let kind = kind(&a.output)?;
    let pert = a.perturb.get()?;
    let edits: Vec<(String, Edit)> = a
        .whatifs
        .iter()
        .map(|e| e.parse::<Edit>().map(|x| (e.clone(), x)))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let bar = crate::progress::Progress::spinner("brief: forecasts, ranges, sensitivity, layout");
    let basis = match a.run {
        Some(id) => of_stored_run(&a, id, pert)?,
        None => of_scenario(&a, pert)?,
    };
    let Basis {
        scenario,
        outcome,
        perturbation,
        generated,
        mut notes,
        text,
    } = basis;
    let s = &scenario;
    let docs = corpus_docs(&a, &mut notes);
    let lang = crate::lang::get();
    // The scenario's texts in the briefing's language (a stored run's
    // version is shown as stored).
    let view = match (lang, a.run, text) {
        (domei_i18n::Lang::En, ..) => None,
        (_, None, _) => Some(
            input::load_lang(
                a.input.as_deref(),
                domei_scenario::Requirements::default(),
                lang,
            )?
            .scenario,
        ),
        // The stored version's text in the language (it validated as
        // stored, so it validates in every view).
        (_, Some(_), Some(t)) => domei_scenario::from_toml_str_lang(
            std::path::Path::new(&scenario.id),
            &t,
            domei_scenario::Requirements::default(),
            lang,
        )
        .ok()
        .map(|mut v| {
            v.origin = None;
            v
        }),
        _ => None,
    };
    let generated = match lang {
        domei_i18n::Lang::En => generated,
        l => {
            let d = time::OffsetDateTime::now_utc().date();
            domei_i18n::tr_args(
                l,
                "brief-generated-on",
                &[
                    ("generated", generated),
                    (
                        "date",
                        domei_i18n::ja::ymd(d.year(), d.month() as u8, d.day()),
                    ),
                ],
            )
        }
    };
    let extras = Extras {
        computed: domei_runs::briefing::Extras {
            sensitivity: sensitivity(&a, &outcome, perturbation)?,
            actor: a.actor.clone(),
            whatifs: edits,
        },
        docs,
        generated: Some(generated),
        notes,
        lang,
        view,
        full: a.full,
    };
    let brief = compose(s, &outcome, extras)?;
    let bytes = bytes(&brief, &kind)?;
    output::write_atomic(&a.output, &bytes)
        .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", a.output.display())))?;
    drop(bar); // erased before the summary is printed
    output::print(&format!(
        "wrote {} ({}, {}, {}, {} bytes)",
        a.output.display(),
        output::count(s.issues.len(), "issue", "issues"),
        output::count(brief.citations.len(), "citation", "citations"),
        output::count(
            brief.judgements.len(),
            "analyst judgement",
            "analyst judgements"
        ),
        bytes.len()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The models and perturbation of the sensitivity analysis (`None` with
/// `--no-sensitivity`): `--sensitivity-model`, else the first model run.
fn sensitivity(
    a: &Args,
    out: &Outcome,
    pert: Perturbation,
) -> Result<Option<(Vec<ModelId>, Perturbation)>, CliError> {
    if a.no_sensitivity {
        return Ok(None);
    }
    let models = if a.sensitivity_model.is_empty() {
        out.forecast.models.iter().copied().take(1).collect()
    } else {
        parse_models(&a.sensitivity_model)?
    };
    Ok(Some((models, pert)))
}

/// Fails (usage) when `actor` is given and is not an actor of `s`: checked
/// before anything is computed.
fn check_actor(s: &Scenario, actor: Option<&str>) -> Result<(), CliError> {
    match actor {
        Some(actor) if s.actor_index(actor).is_none() => {
            let ids: Vec<&str> = s.actors.iter().map(|x| x.id.as_str()).collect();
            Err(CliError::Usage(crate::lang::ta(
                "cli-err-no-actor",
                &[
                    ("actor", actor.to_string()),
                    ("scenario", s.id.clone()),
                    ("actors", ids.join(", ")),
                ],
            )))
        }
        _ => Ok(()),
    }
}

/// A fresh computation on the scenario `INPUT` names: the forecast, and
/// Monte Carlo unless `--draws 0`.
fn of_scenario(a: &Args, pert: Perturbation) -> Result<Basis, CliError> {
    let models = parse_models(&a.models)?;
    if !a.sensitivity_model.is_empty() {
        parse_models(&a.sensitivity_model)?;
    }
    let req = domei_runs::requirements(&a.models);
    let loaded = input::load(a.input.as_deref(), req)?;
    let s = loaded.scenario;
    check_actor(&s, a.actor.as_deref())?;
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    let job = if a.draws == 0 {
        Job::forecast(models, opts, false)
    } else {
        let mc = McParams {
            draws: a.draws,
            seed: a.seed,
            perturbation: pert,
            ..McParams::default()
        };
        Job::simulate(models, opts, mc)
    };
    let threads = crate::limits::threads(a.threads)?;
    let budget = domei_limits::Budget::from_env(None).map_err(CliError::Usage)?;
    crate::limits::check_job(&job, &s, threads, false, &budget)?;
    let outcome = with_threads(a.threads, || domei_runs::compute(&s, &job, &|_, _| {}))?;
    Ok(Basis {
        scenario: s,
        outcome,
        perturbation: pert,
        generated: format!("domei {}", env!("CARGO_PKG_VERSION")),
        notes: Vec::new(),
        text: None,
    })
}

/// Stored run `id` computed again on its scenario version (as stored),
/// with a note when the point forecasts differ from the stored results.
fn of_stored_run(a: &Args, id: RunId, pert: Perturbation) -> Result<Basis, CliError> {
    if !a.sensitivity_model.is_empty() {
        parse_models(&a.sensitivity_model)?;
    }
    let db = Db::open(&a.db)?;
    let run = db.run(db.store.get_run(id)).map_err(|e| match e {
        CliError::Usage(m) => {
            CliError::Usage(format!("{m}; {}", crate::lang::t("cli-hint-runs-list")))
        }
        other => other,
    })?;
    let at = &run.info.scenario;
    let version = db.run(db.store.scenario_version(&at.id, Some(at.version)))?;
    db.close();
    let mut s = domei_store::scenarios::parse_scenario(&version.toml).map_err(|e| match e {
        StoreError::InvalidScenario(d) => CliError::Usage(format!(
            "run {id}: its scenario {at} no longer validates:\n{d}"
        )),
        other => crate::store::store_error(other),
    })?;
    // Not a file on this machine: the briefing names the stored version.
    s.origin = None;
    check_actor(&s, a.actor.as_deref())?;
    let mut basis = recomputed(run, s, a.threads, pert)?;
    basis.text = Some(version.toml);
    Ok(basis)
}

/// The pure part of [`of_stored_run`]: `run` computed again on `s`, its
/// scenario version.
fn recomputed(
    run: Run,
    s: Scenario,
    threads: Option<usize>,
    pert: Perturbation,
) -> Result<Basis, CliError> {
    let info = &run.info;
    let (job, outcome, rep) = with_threads(threads, || {
        domei_runs::recompute(&s, info, run.results.as_ref())
    })?
    .map_err(|e| match e {
        domei_runs::JobError::Encode(m) => CliError::Internal(m),
        other => CliError::Usage(format!("cannot brief {other}")),
    })?;
    let mut notes = Vec::new();
    if let Reproduced::Differs { stored_by } = &rep {
        let note = format!(
            "The forecasts computed again for this briefing differ from those stored with run {} (made by domei {stored_by}); the briefing shows the values computed now, by domei {}.",
            info.id,
            env!("CARGO_PKG_VERSION")
        );
        output::eprint(&format!("warning: {note}"));
        notes.push(note);
    }
    let perturbation = job.params.monte_carlo.map_or(pert, |m| m.perturbation);
    Ok(Basis {
        generated: format!(
            "domei {} · stored run {} ({}, version {})",
            env!("CARGO_PKG_VERSION"),
            info.id,
            info.kind,
            info.scenario.version
        ),
        scenario: s,
        outcome,
        perturbation,
        notes,
        text: None,
    })
}
