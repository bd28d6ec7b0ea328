//! Fitting a calibration file on recorded decisions: the nested
//! cross-validation's figures (what the calibration achieves on groups it
//! was not fitted on) and the fit on every issue (what ships).
//!
//! Two sources: a table with outcomes (DEU III: [`calibrate`], grouped by
//! dossier), and a team's own resolved forecasts ([`calibrate_ledger`]:
//! each resolved issue with the scenario version it was forecast with,
//! the models re-run on it exactly as `forecast` runs them).

use crate::montecarlo::McOptions;
use crate::prepare::{prepare_ticking, rows, units};
use crate::progress::Ticker;
use crate::sample::Dist;
use domei_calib::calibration::{Cv, Data, LedgerSource, MonteCarlo};
use domei_calib::cv::{self, Eval, Row, MIN_ISSUES};
use domei_calib::features::{model_index, to_unit};
use domei_calib::metrics::{self, Scores};
use domei_calib::Calibration;
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;

/// How to calibrate.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    /// The models' options (rounds, BDM's `q`, …).
    pub opts: Options,
    /// Monte Carlo for the input-uncertainty features.
    pub mc: McOptions,
    /// Outer folds of the cross-validation that scores the calibration.
    pub outer_folds: usize,
    /// Inner folds (choice of specification, out-of-fold residuals).
    pub inner_folds: usize,
    /// The calibration's name, written into it.
    pub name: String,
    /// The calibration's version, written into it.
    pub version: u32,
    /// The data file's name and SHA-256 (the caller reads the file; for
    /// the ledger, see [`calibrate_ledger`]).
    pub file: String,
    /// SHA-256 of the data file, in lowercase hex.
    pub sha256: String,
    /// Where the data come from (credited in the calibration and in reports).
    pub attribution: String,
}

/// Monte Carlo draws per issue for the input-uncertainty bands when a
/// calibration is fitted (`domei calibrate`) or scored (`domei backtest`),
/// unless asked otherwise: the bundled calibration's, so that the band —
/// one of the headline's inputs — is measured where the calibration is
/// scored as where it was fitted and where it is applied (`forecast` uses
/// the calibration's draws, capped by [`crate::headline::mc_options`]: 20
/// for the bundled scenario, 19 for a DEU III table). On
/// `data/deu3/dev.tsv` the backtest's headline row is the same to 0.02 of
/// interval score at 200 draws; the models' own rows move by up to about 1.
pub const DEFAULT_DRAWS: u64 = 20;

/// Why a calibration cannot be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    /// Fewer issues with an outcome than [`MIN_ISSUES`] (the count found).
    #[error("{0} issues with a recorded outcome: too few to calibrate on (at least {MIN_ISSUES} needed: {WHY})")]
    TooFew(usize),
}

/// Why [`MIN_ISSUES`], in a few words (error messages and docs).
pub const WHY: &str = "19 out-of-fold errors make the 95% range's conformal quantile finite, every training set of the cross-validation must keep that many, and the choice of the stack needs a few issues in each inner fold";

fn summary(evals: Vec<&Eval>) -> Option<Scores> {
    metrics::scores(&evals)
}

/// Fits the calibration of every model on `s`'s issues with an outcome
/// (grouped by the issues' `group`, DEU III's dossier).
pub fn calibrate(s: &Scenario, co: &CalibrateOptions) -> Result<Calibration, CalibrateError> {
    calibrate_ticking(s, co, &Ticker::silent())
}

/// The units of work [`calibrate_ticking`] adds to its ticker: every
/// model's runs on `s` and its draws ([`crate::prepare::units`]), nearly
/// all of a calibration's time.
pub fn calibrate_units(s: &Scenario, co: &CalibrateOptions) -> u64 {
    units(s, Some(&co.mc))
}

/// [`calibrate`], adding [`calibrate_units`] to `ticker` as the work is done.
pub fn calibrate_ticking(
    s: &Scenario,
    co: &CalibrateOptions,
    ticker: &Ticker,
) -> Result<Calibration, CalibrateError> {
    let prep = prepare_ticking(s, &ModelId::ALL, &co.opts, Some(&co.mc), ticker);
    let (_, rows) = rows(s, &prep);
    fit_rows(&rows, co, None)
}

/// One resolved issue of the ledger: the scenario version of the latest
/// forecast made before its outcome, the issue's index in it, the outcome
/// (in the issue's units) and its date (`YYYY-MM-DD`).
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The scenario version of the latest forecast made before the outcome.
    pub scenario: &'a Scenario,
    /// That version's number in the store.
    pub version: i64,
    /// Index of the issue in the scenario.
    pub issue: usize,
    /// The outcome, in the issue's units.
    pub outcome: f64,
    /// The outcome's date, `YYYY-MM-DD`.
    pub date: String,
}

/// The calibration rows of resolved issues: each scenario version's models
/// run once (with the Monte Carlo of `co`) for all its resolved issues.
/// Grouping: by scenario when there are at least as many scenarios as the
/// larger of the outer and inner folds, otherwise each issue alone (a team
/// with a handful of scenarios cannot keep each in one fold). Returns the
/// rows (in `resolved` order) and the grouping's name.
pub fn ledger_rows(resolved: &[Resolved], co: &CalibrateOptions) -> (Vec<Row>, &'static str) {
    ledger_rows_ticking(resolved, co, &Ticker::silent())
}

/// The scenario versions of `resolved`, each once, in order of first use.
fn versions<'a>(resolved: &[Resolved<'a>]) -> Vec<&'a Scenario> {
    let mut seen = std::collections::HashSet::new();
    resolved
        .iter()
        .filter(|r| seen.insert((r.scenario.id.as_str(), r.version)))
        .map(|r| r.scenario)
        .collect()
}

/// The units of work [`calibrate_ledger_ticking`] adds to its ticker: the
/// models' runs on each scenario version once ([`crate::prepare::units`]).
pub fn ledger_units(resolved: &[Resolved], co: &CalibrateOptions) -> u64 {
    versions(resolved)
        .into_iter()
        .map(|s| units(s, Some(&co.mc)))
        .sum()
}

fn ledger_rows_ticking(
    resolved: &[Resolved],
    co: &CalibrateOptions,
    ticker: &Ticker,
) -> (Vec<Row>, &'static str) {
    let mut scenarios: Vec<&str> = resolved.iter().map(|r| r.scenario.id.as_str()).collect();
    scenarios.sort_unstable();
    scenarios.dedup();
    let by_scenario = scenarios.len() >= co.outer_folds.max(co.inner_folds).max(2);
    // One preparation per scenario version, made when it is first needed.
    let mut preps: std::collections::HashMap<(&str, i64), crate::prepare::Prepared> =
        std::collections::HashMap::new();
    let rows = resolved
        .iter()
        .map(|r| {
            let prep = preps
                .entry((r.scenario.id.as_str(), r.version))
                .or_insert_with(|| {
                    prepare_ticking(r.scenario, &ModelId::ALL, &co.opts, Some(&co.mc), ticker)
                });
            let issue = &r.scenario.issues[r.issue];
            Row {
                input: prep.inputs[r.issue].clone(),
                outcome: to_unit(r.outcome, issue.min, issue.max),
                group: if by_scenario {
                    r.scenario.id.clone()
                } else {
                    format!("{}/{}", r.scenario.id, issue.id)
                },
            }
        })
        .collect();
    (rows, if by_scenario { "scenario" } else { "issue" })
}

/// What the ledger calibration is fitted on, one line per resolved issue:
/// `scenario@version/issue<TAB>outcome<TAB>date` (the caller hashes it into
/// the file's `sha256`).
pub fn ledger_listing(resolved: &[Resolved]) -> String {
    resolved
        .iter()
        .map(|r| {
            format!(
                "{}@{}/{}\t{}\t{}\n",
                r.scenario.id, r.version, r.scenario.issues[r.issue].id, r.outcome, r.date
            )
        })
        .collect()
}

/// Fits the calibration on a team's resolved forecasts (see
/// [`ledger_rows`]); `store` names the backend in the provenance; `co`'s
/// `file` and `sha256` describe the listing ([`ledger_listing`]).
pub fn calibrate_ledger(
    resolved: &[Resolved],
    store: &str,
    co: &CalibrateOptions,
) -> Result<Calibration, CalibrateError> {
    calibrate_ledger_ticking(resolved, store, co, &Ticker::silent())
}

/// [`calibrate_ledger`], adding [`ledger_units`] to `ticker` as the work
/// is done.
pub fn calibrate_ledger_ticking(
    resolved: &[Resolved],
    store: &str,
    co: &CalibrateOptions,
    ticker: &Ticker,
) -> Result<Calibration, CalibrateError> {
    if resolved.len() < MIN_ISSUES {
        return Err(CalibrateError::TooFew(resolved.len()));
    }
    let (rows, grouping) = ledger_rows_ticking(resolved, co, ticker);
    let source = LedgerSource {
        store: store.to_string(),
        through: resolved
            .iter()
            .map(|r| r.date.clone())
            .max()
            .unwrap_or_default(),
        grouping: grouping.to_string(),
        issues: resolved
            .iter()
            .map(|r| {
                format!(
                    "{}@{}/{} = {} on {}",
                    r.scenario.id, r.version, r.scenario.issues[r.issue].id, r.outcome, r.date
                )
            })
            .collect(),
    };
    fit_rows(&rows, co, Some(source))
}

/// Fits on `rows` (at least [`MIN_ISSUES`]).
fn fit_rows(
    rows: &[Row],
    co: &CalibrateOptions,
    ledger: Option<LedgerSource>,
) -> Result<Calibration, CalibrateError> {
    let models = ModelId::ALL;
    if rows.len() < MIN_ISSUES {
        return Err(CalibrateError::TooFew(rows.len()));
    }
    let c = cv::cross_validate(rows, co.outer_folds, co.inner_folds);
    let empty = Scores {
        n: 0,
        mae: f64::NAN,
        rmse: f64::NAN,
        median_ae: f64::NAN,
        coverage50: f64::NAN,
        coverage80: f64::NAN,
        coverage95: f64::NAN,
        width80: f64::NAN,
        interval_score80: f64::NAN,
        crps: f64::NAN,
    };
    let headline = summary(
        c.forecasts
            .iter()
            .filter_map(|f| f.headline.as_ref())
            .collect(),
    )
    .unwrap_or_else(|| empty.clone());
    let plain = summary(
        c.forecasts
            .iter()
            .filter_map(|f| f.plain.as_ref())
            .collect(),
    )
    .unwrap_or_else(|| empty.clone());
    let per_model = models
        .iter()
        .filter_map(|&m| {
            let k = model_index(m);
            let sc = summary(
                c.forecasts
                    .iter()
                    .filter_map(|f| f.models[k].as_ref())
                    .collect(),
            )?;
            Some((m.as_str().to_string(), sc))
        })
        .collect();
    let fitted = cv::fit(rows, co.inner_folds);
    let mut dossiers: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    dossiers.sort_unstable();
    dossiers.dedup();
    Ok(Calibration::from_fit(
        &fitted,
        co.name.clone(),
        co.version,
        Data {
            file: co.file.clone(),
            sha256: co.sha256.clone(),
            issues: rows.len(),
            dossiers: dossiers.len(),
            attribution: co.attribution.clone(),
            ledger,
        },
        MonteCarlo {
            draws: co.mc.draws,
            seed: co.mc.seed,
            distribution: match co.mc.dist {
                Dist::Uniform => "uniform".into(),
                Dist::Triangular => "triangular".into(),
            },
            perturb_position: co.mc.perturbation.position,
            perturb_salience: co.mc.perturbation.salience,
            perturb_capability: co.mc.perturbation.capability,
            rounds: co.opts.rounds,
        },
        Cv {
            outer_folds: c.outer,
            inner_folds: c.inner,
            chosen: c.chosen.iter().map(|x| x.to_string()).collect(),
            headline,
            plain_conformal: plain,
            models: per_model,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::Perturbation;

    fn scenario(id: &str) -> Scenario {
        let text = format!(
            "[scenario]\nid = \"{id}\"\nname = \"S\"\n\n[[actors]]\nid = \"a\"\ncapability = 2\n\n[[actors]]\nid = \"b\"\ncapability = 1\n\n[[issues]]\nid = \"x\"\nscale = {{ min = 0, max = 10 }}\n\n[[issues]]\nid = \"y\"\nscale = {{ min = 0, max = 100 }}\n\n[[stances]]\nactor = \"a\"\nissue = \"x\"\nposition = 2\nsalience = 0.5\n\n[[stances]]\nactor = \"b\"\nissue = \"x\"\nposition = 8\nsalience = 1\n\n[[stances]]\nactor = \"a\"\nissue = \"y\"\nposition = 10\nsalience = 1\n\n[[stances]]\nactor = \"b\"\nissue = \"y\"\nposition = 40\nsalience = 1\n"
        );
        domei_scenario::from_toml_str(
            std::path::Path::new("s.toml"),
            &text,
            domei_scenario::Requirements::default(),
        )
        .unwrap()
    }

    fn options(outer: usize, inner: usize) -> CalibrateOptions {
        CalibrateOptions {
            opts: Options::default(),
            mc: McOptions {
                draws: 5,
                seed: 1,
                dist: Dist::Triangular,
                perturbation: Perturbation {
                    position: 0.0,
                    salience: 0.0,
                    capability: 0.0,
                },
                bins: 20,
                keep_draws: false,
            },
            outer_folds: outer,
            inner_folds: inner,
            name: "t".into(),
            version: 1,
            file: "ledger".into(),
            sha256: String::new(),
            attribution: String::new(),
        }
    }

    #[test]
    fn ledger_rows_are_on_0_100_and_grouped_by_scenario_only_when_there_are_enough() {
        let (p, q) = (scenario("p"), scenario("q"));
        let resolved = [
            Resolved {
                scenario: &p,
                version: 1,
                issue: 0,
                outcome: 7.5,
                date: "2025-06-01".into(),
            },
            Resolved {
                scenario: &p,
                version: 1,
                issue: 1,
                outcome: 30.0,
                date: "2025-06-02".into(),
            },
            Resolved {
                scenario: &q,
                version: 2,
                issue: 0,
                outcome: 5.0,
                date: "2025-07-01".into(),
            },
        ];
        let (rows, grouping) = ledger_rows(&resolved, &options(2, 2));
        assert_eq!(grouping, "scenario");
        let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
        assert_eq!(groups, ["p", "p", "q"]);
        // By hand: 7.5 of 0–10 is 75; compromise (2·0.5·2 + 1·1·8) / 2 = 5 → 50.
        assert_eq!(rows[0].outcome, 75.0);
        assert_eq!(rows[0].input.forecast(ModelId::Compromise), Some(50.0));
        // (2·10 + 1·40) / 3 = 20 on 0–100.
        assert!((rows[1].input.forecast(ModelId::Compromise).unwrap() - 20.0).abs() < 1e-9);
        let (rows, grouping) = ledger_rows(&resolved, &options(10, 5));
        assert_eq!(grouping, "issue");
        let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
        assert_eq!(groups, ["p/x", "p/y", "q/x"]);
        assert_eq!(
            ledger_listing(&resolved[..1]),
            "p@1/x\t7.5\t2025-06-01\n".to_string()
        );
        assert_eq!(
            calibrate_ledger(&resolved, "sqlite", &options(10, 5)),
            Err(CalibrateError::TooFew(3))
        );
    }
}
