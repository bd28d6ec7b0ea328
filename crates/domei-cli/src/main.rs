//! `domei`: forecast and steer multi-actor negotiations, grounded in evidence.
//!
//! This binary is thin: it parses arguments (clap), loads inputs through
//! `domei-scenario`, runs engines through `domei-run`, and prints through
//! `domei-report`. Each subcommand lives in its own module under `cmd/`.

mod cmd;
mod error;
mod input;
mod lang; // interface language (domei-i18n)
mod limits; // limits (domei-limits)
mod output;
mod panic; // internal errors caught at the boundary
mod progress; // progress bars on a terminal (indicatif)
mod store; // store (domei-store)

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "domei", version, about = "Forecast and steer multi-actor policy negotiations, grounded in evidence", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of tables, messages and help: en or ja [default: DOMEI_LANG,
    /// then the locale (LANG/LC_ALL starting with ja), then en]. JSON and CSV
    /// are the same in every language.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "ja"])]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Forecast every issue of a scenario with several bargaining models.
    Forecast(cmd::forecast::Args),
    /// One issue round by round under BDM, SMP or exchange: every actor's position and why each moved.
    History(cmd::history::Args),
    /// Validate a scenario file without running anything.
    Check(cmd::check::Args),
    /// Convert a CSV, KTAB CSV or XML, DEU III table or Decide file to scenario.toml.
    Import(cmd::import::Args),
    /// Monte Carlo ranges: draw inputs from their ranges and perturbations.
    Simulate(cmd::simulate::Args),
    /// Rank inputs by how much they move each forecast (tornado data).
    Sensitivity(cmd::sensitivity::Args),
    /// Score the models on recorded decisions (DEU III): error and calibration.
    Backtest(cmd::backtest::Args),
    /// Fit the headline forecast and its calibrated ranges on a DEU III table or on the team's resolved forecasts (--ledger); write the calibration file.
    Calibrate(cmd::calibrate::Args),
    /// Compare forecasts before and after edits, a coalition or an issue linkage.
    Whatif(cmd::whatif::Args),
    /// The stance that brings the forecasts closest to an actor's ideal.
    BestResponse(cmd::best_response::Args),
    /// The cited briefing (forecasts, charts, drivers, options, citations) as HTML or PDF.
    Brief(cmd::brief::Args), // briefing (domei-brief)
    // --- store commands (domei-store) ---
    /// Stored runs: list, show, compare.
    Runs(cmd::runs::Args),
    /// Stored scenario versions: list, history, show, diff, save.
    Scenarios(cmd::scenarios::Args),
    /// Resolved outcomes of issues: record (versioned), list.
    Outcome(cmd::outcome::Args),
    /// Every stored forecast made before its issue's outcome, scored: errors, range hits, per-model MAE, coverage, interval score.
    Ledger(cmd::ledger::Args),
    /// API tokens for `domei serve`: create, list, revoke.
    Token(cmd::token::Args),
    /// The web workbench: scenarios, runs with charts, evidence, briefings.
    Serve(cmd::serve::Args),
    // --- evidence corpus commands (domei-corpus) below this line ---
    /// The evidence corpus: add papers, search passages, show a passage.
    Corpus(cmd::corpus::Args),
    /// Verify a scenario's evidence references and quotes against the corpus.
    Evidence(cmd::evidence::Args),
    /// List the numeric claims of the corpus; `claims check` cross-checks them.
    Claims(cmd::claims::Args),
    // --- scenario parts (domei-events, domei-plan, domei-frame) ---
    /// Decision chain (events.toml): outcome probabilities, likely paths, what matters most.
    Events(cmd::events::Args),
    /// Engagement plan (plan.toml): actions ranked by how far they move forecasts toward an actor.
    Plan(cmd::plan::Args),
    /// Framing check: flag terms an audience is likely to reject in a draft, suggest reframings.
    Frame(cmd::frame::Args),
}

fn main() -> ExitCode {
    // The language is known before parsing, so that --help is in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::from_args(&args).unwrap_or_else(domei_i18n::Lang::from_env);
    lang::set(lang);
    let parsed = lang::localize(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                error::exit::INPUT
            } else {
                error::exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // The subcommand's name, for the internal-error message.
    let command = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let result = panic::guard(&command, move || match cli.command {
        Command::Forecast(a) => cmd::forecast::run(a),
        Command::History(a) => cmd::history::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Simulate(a) => cmd::simulate::run(a),
        Command::Sensitivity(a) => cmd::sensitivity::run(a),
        Command::Backtest(a) => cmd::backtest::run(a),
        Command::Calibrate(a) => cmd::calibrate::run(a),
        Command::Whatif(a) => cmd::whatif::run(a),
        Command::BestResponse(a) => cmd::best_response::run(a),
        Command::Brief(a) => cmd::brief::run(a), // briefing (domei-brief)
        // store commands (domei-store)
        Command::Runs(a) => cmd::runs::run(a),
        Command::Scenarios(a) => cmd::scenarios::run(a),
        Command::Outcome(a) => cmd::outcome::run(a),
        Command::Ledger(a) => cmd::ledger::run(a),
        Command::Token(a) => cmd::token::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        // evidence corpus commands (domei-corpus)
        Command::Corpus(a) => cmd::corpus::run(a),
        Command::Evidence(a) => cmd::evidence::run(a),
        Command::Claims(a) => cmd::claims::run(a),
        // scenario parts (domei-events, domei-plan, domei-frame)
        Command::Events(a) => cmd::events::run(a),
        Command::Plan(a) => cmd::plan::run(a),
        Command::Frame(a) => cmd::frame::run(a),
    })
    .unwrap_or_else(|m| Err(error::CliError::Internal(m)));
    match result {
        Ok(code) => code,
        Err(e) => {
            let text = e.to_string();
            if !text.is_empty() {
                output::eprint(&text);
            }
            e.exit_code()
        }
    }
}
