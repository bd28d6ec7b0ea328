//! The CLI's side of the store (domei-store): the `--database` flag, a
//! runtime to call the async store from these sync commands, error mapping,
//! and storing the runs `forecast` and `simulate` make (their records come
//! from domei-runs).
//!
//! Exit statuses: a bad `--database` value is a usage error (2); an
//! unreachable server, a corrupt file or any other storage failure is an
//! environment error (3); an unknown run, scenario or token id is 2.

use crate::error::CliError;
use crate::output;
use domei_scenario::{Scenario, SourceFormat};
use domei_store::{Location, NewRun, Store, StoreError};
use std::future::Future;
use std::path::Path;

/// `--database`, shared by every command that uses the store.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Where runs and scenario versions are stored: an SQLite file path,
    /// sqlite:///path or postgres://user@host/db
    /// [default: $XDG_DATA_HOME/domei/domei.sqlite or ~/.local/share/domei/domei.sqlite]
    #[arg(long = "database", value_name = "URL", env = domei_store::DATABASE_ENV, global = true, hide_env_values = true)]
    pub database: Option<String>,
}

impl DbArgs {
    /// Checks an explicitly given value (`forecast` and `simulate` do this
    /// before they compute anything, so a typo costs nothing): exit 2 when
    /// bad.
    pub fn check_explicit(&self) -> Result<(), CliError> {
        match self.database.as_deref().filter(|v| !v.trim().is_empty()) {
            Some(v) => Location::parse(v)
                .and_then(|l| l.check())
                .map_err(store_error),
            None => Ok(()),
        }
    }

    /// Parses and checks the value (not the connection): exit 2 when bad.
    pub fn location(&self) -> Result<Location, CliError> {
        let loc = Location::resolve(self.database.as_deref()).map_err(store_error)?;
        loc.check().map_err(store_error)?;
        Ok(loc)
    }
}

/// The CLI's one output format type (table or JSON for the store's
/// commands: `output::table_or_json`).
pub use crate::output::Format;

/// Maps a store error to the CLI's: a bad URL or an unknown id is usage
/// (2), an invalid scenario input (2), anything else environment (3).
pub fn store_error(e: StoreError) -> CliError {
    match e {
        StoreError::BadUrl { .. } | StoreError::NotFound(_) | StoreError::Conflict { .. } => {
            CliError::Usage(e.to_string())
        }
        StoreError::InvalidScenario(_) => CliError::Usage(e.to_string()),
        other => CliError::Internal(other.to_string()),
    }
}

/// An open store and the runtime that drives it.
pub struct Db {
    rt: tokio::runtime::Runtime,
    pub store: Store,
}

impl Db {
    /// Opens the store `args` names (migrating it if needed).
    pub fn open(args: &DbArgs) -> Result<Db, CliError> {
        let location = args.location()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::Internal(format!("cannot start the async runtime: {e}")))?;
        let store = rt.block_on(Store::open(&location)).map_err(store_error)?;
        Ok(Db { rt, store })
    }

    /// Runs one store call to completion.
    pub fn run<T>(&self, f: impl Future<Output = Result<T, StoreError>>) -> Result<T, CliError> {
        self.rt.block_on(f).map_err(store_error)
    }

    /// Runs any future to completion (for calls with their own error type).
    pub fn rt_block_on<T>(&self, f: impl Future<Output = T>) -> T {
        self.rt.block_on(f)
    }

    /// Closes the connections (SQLite: checkpoints the WAL).
    pub fn close(self) {
        self.rt.block_on(self.store.close());
    }
}

/// The scenario text to store for `s`, read from `input`: the file itself
/// for TOML inputs, the bundled text when there is no input, and the
/// canonical TOML (without the "imported from" comment, so that the same
/// data gives the same version wherever the file lies) for the others.
pub fn scenario_text(input: Option<&Path>, s: &Scenario) -> Result<String, CliError> {
    let Some(path) = input else {
        return Ok(crate::input::BUNDLED_TOML.to_string());
    };
    if s.origin
        .as_ref()
        .is_some_and(|o| o.format == SourceFormat::Toml)
    {
        let text = domei_scenario::read_text(&domei_scenario::resolve_path(path))?;
        return Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text));
    }
    let mut canonical = s.clone();
    canonical.origin = None;
    Ok(domei_scenario::format::write::to_toml(&canonical))
}

/// Stores a run and its scenario version (the text [`scenario_text`]
/// gives for `input`) in one transaction and reports the run id on stderr.
/// Called after the run's output is printed, so a failure here (exit 3)
/// never loses it.
pub fn store_run(
    db: &DbArgs,
    input: Option<&Path>,
    s: &Scenario,
    run: &NewRun,
) -> Result<(), CliError> {
    let text = scenario_text(input, s)?;
    let what = match run.kind.as_str() {
        "simulate" => "simulation",
        other => other,
    };
    let fail = |e: CliError| match e {
        CliError::Internal(m) | CliError::Usage(m) => {
            CliError::Internal(format!("the {what} was not stored: {m}"))
        }
        other => other,
    };
    let db = Db::open(db).map_err(fail)?;
    let (saved, id) = db
        .run(db.store.save_run_with_scenario(&text, None, run))
        .map_err(fail)?;
    db.close();
    output::eprint(&format!("stored run {id} (scenario {})", saved.scenario));
    Ok(())
}

/// The run record of `job`'s outcome (domei-runs), or an internal error.
pub fn record(
    s: &Scenario,
    job: &domei_runs::Job,
    out: &domei_runs::Outcome,
    started: time::OffsetDateTime,
) -> Result<NewRun, CliError> {
    domei_runs::record(s, job, out, started).map_err(|e| CliError::Internal(e.to_string()))
}

/// `2025-06-01 12:00:00` (UTC).
pub fn when(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Seconds between two instants, as `0.12 s`.
pub fn took(start: time::OffsetDateTime, end: Option<time::OffsetDateTime>) -> String {
    end.map_or("–".into(), |e| {
        format!("{:.2} s", (e - start).as_seconds_f64())
    })
}

/// `v` as pretty JSON, or an internal error: the one encoder of every
/// command's `--format json`.
pub fn json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v)
        .map_err(|e| CliError::Internal(format!("cannot encode JSON: {e}")))
}
