//! `domei runs list|show|diff`: the stored history of runs (domei-store).

use crate::error::{CliError, CliResult};
use crate::lang::t;
use crate::output;
use crate::store::{json, took, when, Db, DbArgs, Format};
use clap::Subcommand;
use domei_engines::ModelId;
use domei_i18n::pad_end;
use domei_report::{fmt_on_scale, forecast_table::render};
use domei_runs::{Document, Kind};
use domei_store::{Run, RunFilter, RunId, RunInfo};
use serde::Serialize;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: RunsCommand,
}

#[derive(Subcommand)]
pub enum RunsCommand {
    /// List stored runs, newest first.
    List {
        /// Only runs of this scenario (its `[scenario] id`).
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Only runs of this kind (forecast, simulate, …).
        #[arg(long)]
        kind: Option<String>,
        /// At most this many runs (0: all).
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u32,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// Show one run: scenario version, models, parameters, timing, results.
    Show {
        id: RunId,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// Compare two runs: each issue's forecast per model, before → after,
    /// and what changed in the scenario between their versions.
    Diff {
        /// The earlier run.
        from: RunId,
        /// The later run.
        to: RunId,
        /// Only the rows whose forecast changed.
        #[arg(long)]
        changed: bool,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
}

pub fn run(a: Args) -> CliResult {
    let db = Db::open(&a.db)?;
    let text = match a.command {
        RunsCommand::List {
            scenario,
            kind,
            limit,
            format,
        } => {
            let filter = RunFilter {
                scenario,
                kind,
                limit: (limit > 0).then_some(limit),
            };
            let runs = db.run(db.store.list_runs(&filter))?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&runs)?,
                Format::Table => list_table(&runs),
            }
        }
        RunsCommand::Show { id, format } => {
            let run = db.run(db.store.get_run(id))?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&run)?,
                Format::Table => show_table(&run, document(&run)?.as_ref()),
            }
        }
        RunsCommand::Diff {
            from,
            to,
            changed,
            format,
        } => {
            let a = db.run(db.store.get_run(from))?;
            let b = db.run(db.store.get_run(to))?;
            let scenario = if a.info.scenario.id != b.info.scenario.id
                || a.info.scenario.version == b.info.scenario.version
            {
                None
            } else {
                Some(db.run(db.store.diff_scenario(
                    &a.info.scenario.id,
                    a.info.scenario.version,
                    b.info.scenario.version,
                ))?)
            };
            let (da, db) = (document(&a)?, document(&b)?);
            let d = RunDiff::new(&a, &b, (da.as_ref(), db.as_ref()), scenario, changed);
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&d)?,
                Format::Table => d.table(),
            }
        }
    };
    db.close();
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}

fn list_table(runs: &[RunInfo]) -> String {
    if runs.is_empty() {
        return crate::lang::t("cli-runs-none");
    }
    let mut rows = vec![crate::lang::header(&[
        "report-run",
        "report-scenario",
        "cli-kind",
        "cli-models",
        "cli-started-utc",
        "cli-took",
        "cli-status",
    ])];
    for r in runs {
        rows.push(vec![
            r.id.to_string(),
            r.scenario.to_string(),
            r.kind.clone(),
            r.models.join(","),
            when(r.started_at),
            took(r.started_at, r.finished_at),
            r.status.to_string(),
        ]);
    }
    render(&rows, "rllll")
}

fn show_table(run: &Run, doc: Option<&Document>) -> String {
    let r = &run.info;
    let mut out = format!(
        "{}\n",
        tr_args(
            "cli-run-title",
            &[
                ("id", r.id.to_string()),
                ("kind", r.kind.clone()),
                ("scenario", r.scenario.to_string()),
                ("status", r.status.to_string()),
            ]
        )
    );
    out.push_str(&field("cli-run-models", &r.models.join(", ")));
    out.push_str(&field("cli-run-parameters", &r.parameters.to_string()));
    out.push_str(&field(
        "cli-run-seed",
        &r.seed.map_or("–".into(), |s| s.to_string()),
    ));
    out.push_str(&field("cli-run-domei", &r.domei_version));
    out.push_str(&field(
        "cli-run-started",
        &tr_args(
            "cli-run-started-took",
            &[
                ("when", when(r.started_at)),
                ("took", took(r.started_at, r.finished_at)),
            ],
        ),
    ));
    match doc {
        Some(v) => {
            if let Some(draws) = v.simulation().map(|s| s.draws) {
                out.push_str(&field(
                    "cli-run-ranges",
                    &tr_args("cli-run-ranges-draws", &[("draws", draws.to_string())]),
                ));
            }
            out.push('\n');
            out.push_str(&results_table(v));
        }
        None => out.push_str(&format!("\n{}\n", t("cli-run-no-results"))),
    }
    out
}

/// One `label: value` line of a run's header, the values aligned (in
/// terminal columns, so Japanese labels line up too).
fn field(key: &str, value: &str) -> String {
    format!("{}{value}\n", pad_end(&format!("{}:", t(key)), 12))
}

fn tr_args(key: &str, args: &[(&str, String)]) -> String {
    domei_i18n::tr_args(crate::lang::get(), key, args)
}

/// The typed results document of a stored run (either version), or why it
/// cannot be read.
fn document(run: &Run) -> Result<Option<Document>, CliError> {
    let Some(v) = &run.results else {
        return Ok(None);
    };
    let kind = Kind::parse(&run.info.kind).ok_or_else(|| {
        CliError::Internal(format!(
            "run {}: unknown kind {:?} (this domei reads forecast and simulate runs)",
            run.info.id, run.info.kind
        ))
    })?;
    Document::read(kind, v)
        .map(Some)
        .map_err(|e| CliError::Internal(format!("run {}: {e}", run.info.id)))
}

/// The forecast table of a stored results document: each model's point
/// forecast, and for a simulation its input-uncertainty band (p10–p90)
/// beside it.
fn results_table(doc: &Document) -> String {
    let models = doc.models();
    let mut head = crate::lang::header(&[
        "report-issue",
        "report-unit",
        "report-scale",
        "report-status-quo",
    ]);
    head.extend(models.iter().map(|m| m.as_str().to_string()));
    head.push(t("report-spread"));
    let mut rows = vec![head];
    // (id, unit, scale, status quo, per model (point, p10–p90), spread)
    type Line<'a> = (
        &'a str,
        &'a str,
        (f64, f64),
        Option<f64>,
        Vec<(ModelId, Option<f64>, Option<(Option<f64>, Option<f64>)>)>,
        Option<f64>,
    );
    let lines: Vec<Line> = match doc {
        Document::Forecast(d) => d
            .issues
            .iter()
            .map(|i| {
                let fs = i
                    .forecasts
                    .iter()
                    .map(|f| (f.model, f.value, None))
                    .collect();
                (
                    i.id.as_str(),
                    i.unit.as_str(),
                    (i.scale.min, i.scale.max),
                    i.status_quo,
                    fs,
                    i.spread,
                )
            })
            .collect(),
        Document::Simulation(d) => d
            .issues
            .iter()
            .map(|i| {
                let fs: Vec<_> = i
                    .forecasts
                    .iter()
                    .map(|f| (f.model, f.point, Some((f.p10, f.p90))))
                    .collect();
                let points: Vec<f64> = fs.iter().filter_map(|f| f.1).collect();
                let spread = points
                    .iter()
                    .copied()
                    .reduce(f64::max)
                    .zip(points.iter().copied().reduce(f64::min))
                    .map(|(hi, lo)| hi - lo);
                (
                    i.id.as_str(),
                    i.unit.as_str(),
                    (i.scale.min, i.scale.max),
                    i.status_quo,
                    fs,
                    spread,
                )
            })
            .collect(),
    };
    for (id, unit, (lo, hi), sq, forecasts, spread) in lines {
        let fmt = |x: Option<f64>| x.map_or("–".to_string(), |x| fmt_on_scale(x, lo, hi));
        let mut row = vec![
            id.to_string(),
            unit.to_string(),
            format!("{}–{}", fmt_on_scale(lo, lo, hi), fmt_on_scale(hi, lo, hi)),
            fmt(sq),
        ];
        for m in models {
            let f = forecasts.iter().find(|f| f.0 == *m);
            row.push(f.map_or(t("report-na"), |f| match (f.1, f.2) {
                (None, _) => t("report-na"),
                (Some(x), Some((p10, p90))) if p10.is_some() => {
                    format!("{} ({}–{})", fmt(Some(x)), fmt(p10), fmt(p90))
                }
                (Some(x), _) => fmt(Some(x)),
            }));
        }
        row.push(fmt(spread));
        rows.push(row);
    }
    render(&rows, "ll")
}

#[derive(Serialize)]
struct Row {
    issue: String,
    model: String,
    before: Option<f64>,
    after: Option<f64>,
    change: Option<f64>,
    #[serde(skip)]
    scale: (f64, f64),
}

#[derive(Serialize)]
struct RunDiff<'a> {
    from: &'a RunInfo,
    to: &'a RunInfo,
    same_scenario_version: bool,
    /// The scenario diff between the two versions (same scenario, different
    /// versions only).
    scenario_diff: Option<domei_store::ScenarioDiff>,
    parameters_changed: bool,
    forecasts: Vec<Row>,
    #[serde(skip)]
    only_changed: bool,
}

impl<'a> RunDiff<'a> {
    fn new(
        a: &'a Run,
        b: &'a Run,
        (da, db): (Option<&Document>, Option<&Document>),
        scenario_diff: Option<domei_store::ScenarioDiff>,
        only_changed: bool,
    ) -> Self {
        let rows: Vec<Row> = match (da, db) {
            (Some(da), Some(db)) => domei_runs::compare(da, db),
            (Some(d), None) => domei_runs::compare(d, &d.without_issues()),
            (None, Some(d)) => domei_runs::compare(&d.without_issues(), d),
            (None, None) => Vec::new(),
        }
        .into_iter()
        .map(|c| Row {
            issue: c.issue,
            model: c.model.as_str().to_string(),
            before: c.before,
            after: c.after,
            change: c.change,
            scale: c.scale,
        })
        .collect();
        let mut rows = rows;
        if only_changed {
            rows.retain(|r| r.before != r.after);
        }
        RunDiff {
            from: &a.info,
            to: &b.info,
            same_scenario_version: a.info.scenario == b.info.scenario,
            scenario_diff,
            parameters_changed: a.info.parameters != b.info.parameters
                || a.info.models != b.info.models,
            forecasts: rows,
            only_changed,
        }
    }

    fn table(&self) -> String {
        let (a, b) = (self.from, self.to);
        let mut out = format!(
            "{}\n",
            tr_args(
                "cli-run-diff-title",
                &[("a", a.id.to_string()), ("b", b.id.to_string())]
            )
        );
        if self.same_scenario_version {
            out.push_str(&field(
                "cli-run-scenario",
                &tr_args("cli-run-in-both", &[("scenario", a.scenario.to_string())]),
            ));
        } else {
            out.push_str(&field(
                "cli-run-scenario",
                &format!("{} → {}", a.scenario, b.scenario),
            ));
        }
        if a.models != b.models {
            out.push_str(&field(
                "cli-run-models",
                &format!("{} → {}", a.models.join(","), b.models.join(",")),
            ));
        }
        if a.parameters != b.parameters {
            out.push_str(&field(
                "cli-run-parameters",
                &format!("{} → {}", a.parameters, b.parameters),
            ));
        }
        if let Some(d) = &self.scenario_diff {
            out.push_str(&format!(
                "\n{}\n",
                tr_args(
                    "cli-run-scenario-changes",
                    &[("from", d.from.to_string()), ("to", d.to.to_string())]
                )
            ));
            match (&d.changes, &d.semantic_error) {
                (Some(c), _) if c.is_empty() => {
                    out.push_str(&format!("  {}\n", t("cli-run-text-only")))
                }
                (Some(c), _) => c.iter().for_each(|c| out.push_str(&format!("  {c}\n"))),
                (None, e) => out.push_str(&format!(
                    "  {}\n",
                    tr_args(
                        "cli-run-cannot-compare",
                        &[("error", e.as_deref().unwrap_or("?").to_string())]
                    )
                )),
            }
        } else if a.scenario.id != b.scenario.id {
            out.push_str(&format!("{}\n", t("cli-run-different-scenarios")));
        }
        out.push_str(&format!(
            "\n{}\n",
            t(if self.only_changed {
                "cli-run-forecasts-changed"
            } else {
                "cli-run-forecasts"
            })
        ));
        if self.forecasts.is_empty() {
            out.push_str(&format!("  {}\n", t("report-none")));
            return out;
        }
        let mut rows = vec![crate::lang::header(&[
            "report-issue",
            "report-model",
            "report-before",
            "report-after",
            "report-change",
        ])];
        for r in &self.forecasts {
            let (lo, hi) = r.scale;
            let num = |x: Option<f64>| x.map_or("–".to_string(), |x| fmt_on_scale(x, lo, hi));
            let change = r.change.map_or("–".to_string(), |c| {
                let s = fmt_on_scale(c, lo, hi);
                if s.parse::<f64>().is_ok_and(|x| x == 0.0) {
                    fmt_on_scale(0.0, lo, hi)
                } else if c > 0.0 {
                    format!("+{s}")
                } else {
                    s
                }
            });
            rows.push(vec![
                r.issue.clone(),
                r.model.clone(),
                num(r.before),
                num(r.after),
                change,
            ]);
        }
        out.push_str(&render(&rows, "ll"));
        out
    }
}
