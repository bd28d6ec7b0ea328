//! Runs: what was run on which scenario version, with which models and
//! parameters, when, and what came out — plus per-round logs of iterative
//! models.
//!
//! A run and its round logs are written in one transaction
//! ([`Store::save_run`], [`Store::save_run_with_scenario`]): a crash midway
//! leaves either the whole run or nothing.

use crate::error::{Result, StoreError};
use crate::scenarios::{SavedVersion, ScenarioRef};
use crate::{micros, with_pool, with_tx, Store, Tx};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::Row;
use std::str::FromStr;
use time::OffsetDateTime;

/// A run's id: 1, 2, … in order of writing, on either backend.
pub type RunId = i64;

/// Test-only hook, for crash tests: when this environment variable names a
/// file, a run write creates that file and then sleeps for 120 s *inside
/// its transaction*, after the run's row and before its round logs, so a
/// test can kill the process at that point. Never set it otherwise.
pub const PAUSE_HOOK_ENV: &str = "DOMEI_TEST_PAUSE_IN_RUN_WRITE";

/// Rows per INSERT statement for round logs (8 binds each; both backends
/// accept far more than 8 × 500 binds per statement).
const ROUND_BATCH: usize = 500;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Every model ran (a model skipping an issue it cannot handle still
    /// completes the run; the skip is in the results).
    Completed,
    /// A model or the run itself failed.
    Failed,
    /// Stopped by its user before it finished.
    Cancelled,
}

impl RunStatus {
    /// The status as stored and as printed: `completed`, `failed` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for RunStatus {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        [
            RunStatus::Completed,
            RunStatus::Failed,
            RunStatus::Cancelled,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| StoreError::Data(format!("unknown run status {s:?}")))
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of one issue after one round of an iterative model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundLog {
    /// The issue's id, as in the scenario file.
    pub issue_id: String,
    /// The model's id (`bdm`, …).
    pub model: String,
    /// 1 for the state after the first round.
    pub round: i64,
    /// The model's median position after the round, on the issue's scale.
    pub median: f64,
    /// The model's mean position after the round (e.g. BDM's weighted mean), on the issue's scale.
    pub mean: f64,
    /// Every actor's position after the round, in the order the model saw
    /// them.
    pub positions: Vec<f64>,
}

/// A run to write.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    /// `forecast`, later `simulate`, …
    pub kind: String,
    /// The models' ids, in the order they ran.
    pub models: Vec<String>,
    /// Everything needed to repeat the run: rounds, model options, seed.
    pub parameters: serde_json::Value,
    /// Stored as a signed 64-bit integer (two's complement for seeds above
    /// `i64::MAX`); read back unchanged.
    pub seed: Option<u64>,
    /// The domei version that made the run (`CARGO_PKG_VERSION`).
    pub domei_version: String,
    /// When the run started.
    pub started_at: OffsetDateTime,
    /// When the run ended (`None`: still running or never finished).
    pub finished_at: Option<OffsetDateTime>,
    /// How the run ended.
    pub status: RunStatus,
    /// For `forecast`: the JSON document of `domei forecast --format json`
    /// (with `--explain` when the run was made with it).
    pub results: Option<Results>,
    /// Every round of every iterative model, for the round charts.
    pub rounds: Vec<RoundLog>,
}

/// A run's results document, encoded for storage.
///
/// Results can be large (the `--explain` document of the 252-issue DEU III
/// forecast is 140 MB of pretty JSON, mostly the iterative models' offers),
/// so they are kept as zlib-compressed compact JSON on both backends (2–15
/// times smaller).
/// [`Results::encode`] serialises straight into the compressor, without an
/// intermediate `serde_json::Value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    packed: Vec<u8>,
}

impl Results {
    /// Encodes any serialisable document.
    pub fn encode<T: Serialize + ?Sized>(doc: &T) -> Result<Results> {
        use std::io::Write;
        let fail =
            |e: &dyn std::fmt::Display| StoreError::Data(format!("cannot encode results: {e}"));
        let z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut w = std::io::BufWriter::with_capacity(1 << 16, z);
        serde_json::to_writer(&mut w, doc).map_err(|e| fail(&e))?;
        w.flush().map_err(|e| fail(&e))?;
        let z = w.into_inner().map_err(|e| fail(&e.error().to_string()))?;
        Ok(Results {
            packed: z.finish().map_err(|e| fail(&e))?,
        })
    }

    /// The document.
    pub fn decode(&self) -> Result<serde_json::Value> {
        unpack(&self.packed)
    }

    /// Its size as stored, in bytes.
    pub fn stored_len(&self) -> usize {
        self.packed.len()
    }
}

/// A stored run without its results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    /// The run's id, assigned by the store.
    pub id: RunId,
    /// The scenario version the run was made on.
    pub scenario: ScenarioRef,
    /// `forecast`, `simulate`, … (as in [`NewRun::kind`]).
    pub kind: String,
    /// The models' ids, in the order they ran.
    pub models: Vec<String>,
    /// Everything needed to repeat the run: rounds, model options, seed.
    pub parameters: serde_json::Value,
    /// The random seed, if the run drew any.
    pub seed: Option<u64>,
    /// The domei version that made the run.
    pub domei_version: String,
    /// When the run started.
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// When the run ended (`None`: still running or never finished).
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// How the run ended.
    pub status: RunStatus,
}

/// A stored run with its results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// Everything but the results.
    #[serde(flatten)]
    pub info: RunInfo,
    /// The decoded results document (`None`: the run stored none, e.g. it failed early).
    pub results: Option<serde_json::Value>,
}

/// Which runs [`Store::list_runs`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// Only runs of this scenario id (`None`: every scenario).
    pub scenario: Option<String>,
    /// Only runs of this kind, e.g. `forecast` (`None`: every kind).
    pub kind: Option<String>,
    /// At most this many (the newest).
    pub limit: Option<u32>,
}

const RUN_COLUMNS: &str =
    "id, scenario_id, scenario_version, kind, models, parameters, seed, domei_version, \
                           started_at, finished_at, status";

macro_rules! run_info {
    ($r:expr) => {{
        let r = &$r;
        RunInfo {
            id: r.try_get("id")?,
            scenario: ScenarioRef {
                id: r.try_get("scenario_id")?,
                version: r.try_get("scenario_version")?,
            },
            kind: r.try_get("kind")?,
            models: r.try_get::<Json<Vec<String>>, _>("models")?.0,
            parameters: r.try_get::<Json<serde_json::Value>, _>("parameters")?.0,
            seed: r.try_get::<Option<i64>, _>("seed")?.map(|s| s as u64),
            domei_version: r.try_get("domei_version")?,
            started_at: r.try_get("started_at")?,
            finished_at: r.try_get("finished_at")?,
            status: r.try_get::<String, _>("status")?.parse()?,
        }
    }};
}

impl Tx {
    /// Writes the run's row (not its round logs) for `scenario`, which must
    /// be a stored version.
    pub async fn insert_run(&mut self, scenario: &ScenarioRef, run: &NewRun) -> Result<RunId> {
        const SQL: &str =
            "INSERT INTO runs (scenario_id, scenario_version, kind, models, parameters, seed, \
                           domei_version, started_at, finished_at, status, results) \
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
        let id: i64 = with_tx!(self, c => {
            sqlx::query_scalar(SQL)
                .bind(&scenario.id)
                .bind(scenario.version)
                .bind(&run.kind)
                .bind(Json(&run.models))
                .bind(Json(&run.parameters))
                .bind(run.seed.map(|s| s as i64))
                .bind(&run.domei_version)
                .bind(micros(run.started_at))
                .bind(run.finished_at.map(micros))
                .bind(run.status.as_str())
                .bind(run.results.as_ref().map(|r| r.packed.as_slice()))
                .fetch_one(&mut *c)
                .await?
        });
        Ok(id)
    }

    /// Writes round logs of run `id`, after those already written.
    pub async fn insert_rounds(&mut self, id: RunId, rounds: &[RoundLog]) -> Result<()> {
        if let Some(bad) = rounds.iter().find(|r| {
            !(r.median.is_finite()
                && r.mean.is_finite()
                && r.positions.iter().all(|x| x.is_finite()))
        }) {
            return Err(StoreError::Data(format!(
                "round {} of {} on {} has a value that is not a finite number",
                bad.round, bad.model, bad.issue_id
            )));
        }
        let first: i64 = with_tx!(self, c => {
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM run_rounds WHERE run_id = $1")
                .bind(id)
                .fetch_one(&mut *c)
                .await?
                .map_or(0, |s| s + 1)
        });
        for (b, chunk) in rounds.chunks(ROUND_BATCH).enumerate() {
            let mut sql = String::from("INSERT INTO run_rounds (run_id, seq, issue_id, model, round, median, mean, positions) VALUES ");
            for i in 0..chunk.len() {
                let p = i * 8;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${},${},${},${},${},${},${},${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8
                ));
            }
            let seq0 = first + (b * ROUND_BATCH) as i64;
            with_tx!(self, c => {
                let mut q = sqlx::query(&sql);
                for (i, r) in chunk.iter().enumerate() {
                    q = q
                        .bind(id)
                        .bind(seq0 + i as i64)
                        .bind(&r.issue_id)
                        .bind(&r.model)
                        .bind(r.round)
                        .bind(r.median)
                        .bind(r.mean)
                        .bind(Json(&r.positions));
                }
                q.execute(&mut *c).await?;
            });
        }
        Ok(())
    }
}

impl Store {
    /// Writes `run` of `scenario` (a stored version) and its round logs in
    /// one transaction.
    pub async fn save_run(&self, scenario: &ScenarioRef, run: &NewRun) -> Result<RunId> {
        let mut tx = self.begin().await?;
        let id = tx.insert_run(scenario, run).await?;
        pause_hook().await;
        tx.insert_rounds(id, &run.rounds).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves `toml` as a scenario version (deduplicated as
    /// [`Tx::save_scenario`]) and `run` of it, all in one transaction.
    pub async fn save_run_with_scenario(
        &self,
        toml: &str,
        message: Option<&str>,
        run: &NewRun,
    ) -> Result<(SavedVersion, RunId)> {
        let mut tx = self.begin().await?;
        let saved = tx.save_scenario(toml, message).await?;
        let id = tx.insert_run(&saved.scenario, run).await?;
        pause_hook().await;
        tx.insert_rounds(id, &run.rounds).await?;
        tx.commit().await?;
        Ok((saved, id))
    }

    /// Run `id` with its results; [`StoreError::NotFound`] if there is none.
    pub async fn get_run(&self, id: RunId) -> Result<Run> {
        let sql = format!("SELECT {RUN_COLUMNS}, results FROM runs WHERE id = $1");
        let run = with_pool!(self, p => {
            match sqlx::query(&sql).bind(id).fetch_optional(p).await? {
                Some(r) => Some(Run {
                    info: run_info!(r),
                    results: r.try_get::<Option<Vec<u8>>, _>("results")?.as_deref().map(unpack).transpose()?,
                }),
                None => None,
            }
        });
        run.ok_or_else(|| StoreError::NotFound(format!("run {id}")))
    }

    /// Runs matching `filter`, newest first.
    pub async fn list_runs(&self, filter: &RunFilter) -> Result<Vec<RunInfo>> {
        let mut sql = format!("SELECT {RUN_COLUMNS} FROM runs");
        let mut binds: Vec<&str> = Vec::new();
        for (column, value) in [("scenario_id", &filter.scenario), ("kind", &filter.kind)] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(if binds.len() == 1 { " WHERE " } else { " AND " });
                sql.push_str(&format!("{column} = ${}", binds.len()));
            }
        }
        sql.push_str(" ORDER BY id DESC");
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        with_pool!(self, p => {
            let mut q = sqlx::query(&sql);
            for b in &binds {
                q = q.bind(*b);
            }
            let rows = q.fetch_all(p).await?;
            rows.iter().map(|r| Ok(run_info!(r))).collect()
        })
    }

    /// The round logs of run `id`, in the order they were written.
    pub async fn run_rounds(&self, id: RunId) -> Result<Vec<RoundLog>> {
        const SQL: &str = "SELECT issue_id, model, round, median, mean, positions FROM run_rounds \
                           WHERE run_id = $1 ORDER BY seq";
        with_pool!(self, p => {
            let rows = sqlx::query(SQL).bind(id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(RoundLog {
                        issue_id: r.try_get("issue_id")?,
                        model: r.try_get("model")?,
                        round: r.try_get("round")?,
                        median: r.try_get("median")?,
                        mean: r.try_get("mean")?,
                        positions: r.try_get::<Json<Vec<f64>>, _>("positions")?.0,
                    })
                })
                .collect()
        })
    }
}

/// Decompresses and parses stored results.
fn unpack(bytes: &[u8]) -> Result<serde_json::Value> {
    use std::io::Read;
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut json)
        .map_err(|e| StoreError::Data(format!("stored results do not decompress: {e}")))?;
    serde_json::from_slice(&json)
        .map_err(|e| StoreError::Data(format!("stored results are not JSON: {e}")))
}

/// See [`PAUSE_HOOK_ENV`].
async fn pause_hook() {
    if let Some(marker) = std::env::var_os(PAUSE_HOOK_ENV).filter(|v| !v.is_empty()) {
        let _ = std::fs::write(&marker, b"paused inside a run write\n");
        tokio::time::sleep(std::time::Duration::from_secs(120)).await;
    }
}
