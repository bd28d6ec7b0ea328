//! `domei runs list|show|diff`: the stored history of runs (domei-store).

use crate::error::CliResult;
use crate::output;
use crate::store::{json, took, when, Db, DbArgs, Format};
use clap::Subcommand;
use domei_report::{fmt_on_scale, forecast_table::render};
use domei_store::{Run, RunFilter, RunId, RunInfo};
use serde::Serialize;
use serde_json::Value;
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
        #[arg(short, long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one run: scenario version, models, parameters, timing, results.
    Show {
        id: RunId,
        #[arg(short, long, value_enum, default_value_t)]
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
        #[arg(short, long, value_enum, default_value_t)]
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
                Format::Json => json(&runs)?,
                Format::Table => list_table(&runs),
            }
        }
        RunsCommand::Show { id, format } => {
            let run = db.run(db.store.get_run(id))?;
            match format {
                Format::Json => json(&run)?,
                Format::Table => show_table(&run),
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
            let d = RunDiff::new(&a, &b, scenario, changed);
            match format {
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
        return "no stored runs (domei forecast and domei simulate store them)".into();
    }
    let mut rows = vec![[
        "run",
        "scenario",
        "kind",
        "models",
        "started (UTC)",
        "took",
        "status",
    ]
    .map(String::from)
    .to_vec()];
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

fn show_table(run: &Run) -> String {
    let r = &run.info;
    let mut out = format!(
        "run {}: {} of scenario {} ({})\nmodels:     {}\nparameters: {}\nseed:       {}\ndomei:      {}\nstarted:    {} UTC, took {}\n",
        r.id,
        r.kind,
        r.scenario,
        r.status,
        r.models.join(", "),
        r.parameters,
        r.seed.map_or("–".into(), |s| s.to_string()),
        r.domei_version,
        when(r.started_at),
        took(r.started_at, r.finished_at),
    );
    match &run.results {
        Some(v) => {
            if let Some(draws) = v["draws"].as_u64() {
                out.push_str(&format!(
                    "ranges:     point forecast (p10–p90) over {draws} Monte Carlo draws\n"
                ));
            }
            out.push('\n');
            out.push_str(&results_table(v));
        }
        None => out.push_str("\nno results stored\n"),
    }
    out
}

/// An issue's scale from the results JSON.
fn scale(issue: &Value) -> (f64, f64) {
    (
        issue["scale"]["min"].as_f64().unwrap_or(0.0),
        issue["scale"]["max"].as_f64().unwrap_or(100.0),
    )
}

/// A model entry's point forecast: `value` in a forecast document, `point`
/// in a simulation's.
fn point(f: &Value) -> Option<f64> {
    f.get("value")
        .or_else(|| f.get("point"))
        .and_then(Value::as_f64)
}

/// An issue's spread: as stored (forecast documents), else the highest
/// minus the lowest point forecast (simulation documents).
fn spread(issue: &Value) -> Option<f64> {
    if let Some(x) = issue.get("spread") {
        return x.as_f64();
    }
    let points: Vec<f64> = issue["forecasts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(point)
        .collect();
    let hi = points.iter().copied().reduce(f64::max)?;
    let lo = points.iter().copied().reduce(f64::min)?;
    Some(hi - lo)
}

/// The forecast table of a stored results document: each model's point
/// forecast, and for a simulation its input-uncertainty band (p10–p90)
/// beside it.
fn results_table(v: &Value) -> String {
    let models: Vec<&str> = v["models"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut head = ["issue", "unit", "scale", "status quo"]
        .map(String::from)
        .to_vec();
    head.extend(models.iter().map(|m| m.to_string()));
    head.push("spread".into());
    let mut rows = vec![head];
    for issue in v["issues"].as_array().into_iter().flatten() {
        let (lo, hi) = scale(issue);
        let fmt = |x: Option<f64>| x.map_or("–".to_string(), |x| fmt_on_scale(x, lo, hi));
        let num = |x: &Value| fmt(x.as_f64());
        let mut row = vec![
            issue["id"].as_str().unwrap_or("?").to_string(),
            issue["unit"].as_str().unwrap_or("").to_string(),
            format!("{}–{}", fmt_on_scale(lo, lo, hi), fmt_on_scale(hi, lo, hi)),
            num(&issue["status_quo"]),
        ];
        for m in &models {
            let f = issue["forecasts"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|f| f["model"] == *m);
            row.push(f.map_or("n/a".into(), |f| match point(f) {
                None => "n/a".into(),
                Some(x) if f["p10"].is_number() => {
                    format!("{} ({}–{})", fmt(Some(x)), num(&f["p10"]), num(&f["p90"]))
                }
                Some(x) => fmt(Some(x)),
            }));
        }
        row.push(fmt(spread(issue)));
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

/// Issue id, model, value and the issue's scale.
type Entry = (String, String, Option<f64>, (f64, f64));

/// Every (issue, model) point forecast of a stored results document.
fn values(run: &Run) -> Vec<Entry> {
    let mut out = Vec::new();
    let Some(v) = &run.results else { return out };
    for issue in v["issues"].as_array().into_iter().flatten() {
        let id = issue["id"].as_str().unwrap_or("?").to_string();
        for f in issue["forecasts"].as_array().into_iter().flatten() {
            out.push((
                id.clone(),
                f["model"].as_str().unwrap_or("?").to_string(),
                point(f),
                scale(issue),
            ));
        }
    }
    out
}

impl<'a> RunDiff<'a> {
    fn new(
        a: &'a Run,
        b: &'a Run,
        scenario_diff: Option<domei_store::ScenarioDiff>,
        only_changed: bool,
    ) -> Self {
        let (va, vb) = (values(a), values(b));
        let mut rows: Vec<Row> = vb
            .iter()
            .map(|(issue, model, after, scale)| {
                let before = va
                    .iter()
                    .find(|x| &x.0 == issue && &x.1 == model)
                    .and_then(|x| x.2);
                let change = before.zip(*after).map(|(x, y)| y - x);
                Row {
                    issue: issue.clone(),
                    model: model.clone(),
                    before,
                    after: *after,
                    change,
                    scale: *scale,
                }
            })
            .collect();
        for (issue, model, before, scale) in &va {
            if !vb.iter().any(|x| &x.0 == issue && &x.1 == model) {
                rows.push(Row {
                    issue: issue.clone(),
                    model: model.clone(),
                    before: *before,
                    after: None,
                    change: None,
                    scale: *scale,
                });
            }
        }
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
        let mut out = format!("run {} → run {}\n", a.id, b.id);
        if self.same_scenario_version {
            out.push_str(&format!("scenario:   {} in both\n", a.scenario));
        } else {
            out.push_str(&format!("scenario:   {} → {}\n", a.scenario, b.scenario));
        }
        if a.models != b.models {
            out.push_str(&format!(
                "models:     {} → {}\n",
                a.models.join(","),
                b.models.join(",")
            ));
        }
        if a.parameters != b.parameters {
            out.push_str(&format!(
                "parameters: {} → {}\n",
                a.parameters, b.parameters
            ));
        }
        if let Some(d) = &self.scenario_diff {
            out.push_str(&format!("\nScenario changes (v{} → v{}):\n", d.from, d.to));
            match (&d.changes, &d.semantic_error) {
                (Some(c), _) if c.is_empty() => {
                    out.push_str("  none in the values (text only; see `domei scenarios diff`)\n")
                }
                (Some(c), _) => c.iter().for_each(|c| out.push_str(&format!("  {c}\n"))),
                (None, e) => out.push_str(&format!(
                    "  cannot compare values: {}\n",
                    e.as_deref().unwrap_or("?")
                )),
            }
        } else if a.scenario.id != b.scenario.id {
            out.push_str("(different scenarios: forecasts are compared by issue id)\n");
        }
        out.push_str(&format!(
            "\nForecasts{}:\n",
            if self.only_changed {
                " that changed"
            } else {
                ""
            }
        ));
        if self.forecasts.is_empty() {
            out.push_str("  none\n");
            return out;
        }
        let mut rows = vec![["issue", "model", "before", "after", "change"]
            .map(String::from)
            .to_vec()];
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
