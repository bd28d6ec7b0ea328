//! `domei calibrate`: fit the headline forecast and its calibrated ranges
//! on a DEU III table (`--deu3`) or on the team's own resolved forecasts in
//! the store (`--ledger`) and write the calibration file; and reading a
//! calibration file for `--calibration` (forecast, simulate).

use super::uncertainty::{with_threads, DistArg, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::output;
use crate::store::{Db, DbArgs};
use domei_calib::cv::MIN_ISSUES;
use domei_calib::Calibration;
use domei_engines::Options;
use domei_scenario::{Requirements, Scenario};
use domei_sim::calibrate::{self, CalibrateOptions, Resolved, WHY};
use domei_sim::progress::Ticker;
use domei_sim::McOptions;
use domei_store::{Backend, OutcomeFilter, RunFilter, RunStatus};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// DEU III's attribution, written into every calibration fitted on it.
pub const DEU3_ATTRIBUTION: &str = "DEU III (Decision-making in the European Union): Arregui, J. & Perarnaud, C. (2022), doi:10.34810/data53";

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["deu3", "ledger"])))]
pub struct Args {
    /// DEU III table to fit on (issues with a recorded outcome).
    #[arg(long, value_name = "FILE")]
    pub deu3: Option<PathBuf>,
    /// Fit on the team's own resolved forecasts in the store: every issue
    /// with a recorded outcome (`domei outcome record`) and a forecast made
    /// before it (at least 30; see docs/cli.md).
    #[arg(long)]
    pub ledger: bool,
    /// With --ledger: only this scenario's resolved issues.
    #[arg(long, value_name = "ID", requires = "ledger")]
    pub scenario: Option<String>,
    /// Where to write the calibration (TOML).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The calibration's name [default: the output file's stem].
    #[arg(long)]
    pub name: Option<String>,
    /// The calibration's version (`NAME@VERSION` names it wherever used).
    #[arg(long = "cal-version", default_value_t = 1)]
    pub cal_version: u32,
    /// Monte Carlo draws per issue for the input-uncertainty bands. The
    /// default matches what a forecast of a DEU III-sized table can afford
    /// (see docs/cli.md), so the band is measured the same way where the
    /// calibration is fitted and where it is applied.
    #[arg(short = 'n', long, default_value_t = domei_sim::calibrate::DEFAULT_DRAWS, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub draws: u64,
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = DistArg::Triangular)]
    pub dist: DistArg,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Outer folds of the nested cross-validation (by dossier).
    #[arg(long, default_value_t = 10)]
    pub folds: usize,
    /// Inner folds (choice of specification, out-of-fold residuals).
    #[arg(long, default_value_t = 5)]
    pub inner_folds: usize,
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub rounds: u32,
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(a: Args) -> CliResult {
    if a.folds < 2 || a.inner_folds < 2 {
        return Err(CliError::Usage(
            "--folds and --inner-folds must be at least 2".into(),
        ));
    }
    let name = match &a.name {
        Some(n) => n.clone(),
        None => a
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "calibration".into()),
    };
    let mut co = CalibrateOptions {
        opts: Options {
            rounds: a.rounds,
            explain: false,
            ..Options::default()
        },
        mc: McOptions {
            draws: a.draws,
            seed: a.seed,
            dist: a.dist.into(),
            perturbation: a.perturb.get()?,
            bins: 20,
            keep_draws: false,
        },
        outer_folds: a.folds,
        inner_folds: a.inner_folds,
        name,
        version: a.cal_version,
        file: String::new(),
        sha256: String::new(),
        attribution: String::new(),
    };
    let cal = match &a.deu3 {
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            let s = domei_scenario::load_with(path, Requirements::default())?.scenario;
            co.file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            co.sha256 = hex(&bytes);
            co.attribution = DEU3_ATTRIBUTION.into();
            let total = calibrate::calibrate_units(&s, &co);
            let bar = crate::progress::Progress::counted("calibrate: model runs", total);
            let report = |d, t| bar.report_then(d, t, "calibrate: cross-validation");
            let ticker = Ticker::new(total, &report);
            with_threads(a.threads, || calibrate::calibrate_ticking(&s, &co, &ticker))?
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
        }
        None => {
            let db = Db::open(&a.db)?;
            let backend = match db.store.backend() {
                Backend::Sqlite => "sqlite",
                Backend::Postgres => "postgresql",
            };
            let found = gather(&db, a.scenario.as_deref());
            db.close();
            let (versions, items) = found?;
            let resolved: Vec<Resolved> = items
                .iter()
                .map(|it| Resolved {
                    scenario: &versions[it.version].2,
                    version: versions[it.version].1,
                    issue: it.issue,
                    outcome: it.outcome,
                    date: it.date.clone(),
                })
                .collect();
            if resolved.len() < MIN_ISSUES {
                return Err(CliError::Usage(format!(
                    "the ledger{} has {} resolved issue{} (an outcome recorded with `domei outcome record` and a forecast stored before its date): too few to recalibrate on; at least {MIN_ISSUES} are needed ({WHY})",
                    a.scenario
                        .as_deref()
                        .map(|s| format!(" of scenario {s:?}"))
                        .unwrap_or_default(),
                    resolved.len(),
                    if resolved.len() == 1 { "" } else { "s" },
                )));
            }
            co.file = "ledger".into();
            co.sha256 = hex(domei_sim::calibrate::ledger_listing(&resolved).as_bytes());
            co.attribution = format!(
                "the team's own resolved forecasts in the domei store ({backend}): {} issues",
                resolved.len()
            );
            let total = calibrate::ledger_units(&resolved, &co);
            let bar = crate::progress::Progress::counted("calibrate: model runs", total);
            let report = |d, t| bar.report_then(d, t, "calibrate: cross-validation");
            let ticker = Ticker::new(total, &report);
            with_threads(a.threads, || {
                calibrate::calibrate_ledger_ticking(&resolved, backend, &co, &ticker)
            })?
            .map_err(|e| CliError::Usage(format!("the ledger: {e}")))?
        }
    };
    let text = cal
        .to_toml()
        .map_err(|e| CliError::Internal(format!("cannot encode the calibration: {e}")))?;
    output::write_atomic(&a.output, text.as_bytes())
        .map_err(|e| CliError::Internal(format!("cannot write {}: {e}", a.output.display())))?;
    let cv = &cal.cv;
    output::eprint(&format!(
        "wrote {} ({}, fitted on {} issues): headline {} — cross-validated MAE {:.2} (compromise {:.2}), 80% coverage {:.3}, 80% interval score {:.2} (plain conformal {:.2})",
        a.output.display(),
        cal.id(),
        cal.data.issues,
        cal.headline.spec,
        cv.headline.mae,
        cv.models.get("compromise").map_or(f64::NAN, |m| m.mae),
        cv.headline.coverage80,
        cv.headline.interval_score80,
        cv.plain_conformal.interval_score80,
    ));
    Ok(ExitCode::SUCCESS)
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One resolved issue found in the store: an index into the scenario
/// versions, the issue's index there, the outcome and its date.
struct Item {
    version: usize,
    issue: usize,
    outcome: f64,
    date: String,
}

/// Scenario versions (id, version, scenario) and the resolved issues of the
/// store: for each latest outcome, the scenario version of the newest
/// completed forecast or simulation run started before the outcome's date
/// whose version has the issue with the outcome on its scale. Outcomes
/// without such a run are left out.
#[allow(clippy::type_complexity)]
fn gather(
    db: &Db,
    scenario: Option<&str>,
) -> Result<(Vec<(String, i64, Scenario)>, Vec<Item>), CliError> {
    if let Some(id) = scenario {
        // An unknown scenario is a typo (exit 2), not an empty ledger.
        db.run(db.store.latest_version(id))?;
    }
    let outcomes = db.run(db.store.list_outcomes(&OutcomeFilter {
        scenario: scenario.map(str::to_string),
        history: false,
    }))?;
    let mut versions: Vec<(String, i64, Scenario)> = Vec::new();
    let mut items = Vec::new();
    let mut runs_of: std::collections::BTreeMap<String, Vec<domei_store::RunInfo>> =
        std::collections::BTreeMap::new();
    for o in &outcomes {
        let runs = match runs_of.entry(o.scenario.clone()) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let mut runs = db.run(db.store.list_runs(&RunFilter {
                    scenario: Some(o.scenario.clone()),
                    kind: None,
                    limit: None,
                }))?;
                runs.retain(|r| {
                    r.status == RunStatus::Completed && domei_runs::Kind::parse(&r.kind).is_some()
                });
                // Newest first.
                runs.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
                e.insert(runs)
            }
        };
        for r in runs
            .iter()
            .filter(|r| domei_ledger::made_before(r.started_at, o.date))
        {
            let v = r.scenario.version;
            let k = match versions
                .iter()
                .position(|(id, ver, _)| *id == o.scenario && *ver == v)
            {
                Some(k) => k,
                None => {
                    let text = db.run(db.store.scenario_version(&o.scenario, Some(v)))?;
                    let s = domei_store::scenarios::parse_scenario(&text.toml)
                        .map_err(crate::store::store_error)?;
                    versions.push((o.scenario.clone(), v, s));
                    versions.len() - 1
                }
            };
            // The issue, in that version, with the outcome on its scale (an
            // older version may lack the issue or have another scale).
            let on =
                |i: &domei_scenario::Issue| i.id == o.issue && i.min <= o.value && o.value <= i.max;
            if let Some(i) = versions[k].2.issues.iter().position(on) {
                items.push(Item {
                    version: k,
                    issue: i,
                    outcome: o.value,
                    date: format!(
                        "{:04}-{:02}-{:02}",
                        o.date.year(),
                        u8::from(o.date.month()),
                        o.date.day()
                    ),
                });
                break;
            }
        }
    }
    Ok((versions, items))
}

/// The calibration of `--calibration FILE`, or the bundled one.
pub fn load(path: Option<&Path>) -> Result<Cow<'static, Calibration>, CliError> {
    let Some(p) = path else {
        return Ok(Cow::Borrowed(Calibration::bundled()));
    };
    let text = std::fs::read_to_string(p)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", p.display())))?;
    Calibration::from_toml(&text).map(Cow::Owned).map_err(|e| {
        CliError::Usage(format!(
            "{}: not a usable calibration file: {e}",
            p.display()
        ))
    })
}
