//! Scenarios and their version history.
//!
//! A scenario is identified by its `[scenario] id`. Every save of a text
//! that differs from the latest version becomes the next version (1, 2, …);
//! saving the latest text again returns the existing version. The store
//! keeps the TOML text itself, so any version can be read back, diffed
//! (`domei_scenario::diff`, [`Store::diff_scenario`]) or run again.

use crate::error::{Result, StoreError};
use crate::{now, sha256_hex, with_pool, with_tx, ScenarioDiff, Store, Tx};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

/// One version of one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ScenarioRef {
    /// The scenario's id, as in its file.
    pub id: String,
    /// 1 for the first saved version, then one more per changed text.
    pub version: i64,
}

impl std::fmt::Display for ScenarioRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} v{}", self.id, self.version)
    }
}

/// What a save returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedVersion {
    /// The version saved (or the latest, when nothing changed).
    pub scenario: ScenarioRef,
    /// SHA-256 of the version's text, in lowercase hex.
    pub sha256: String,
    /// False when the text equalled the latest version, which is returned.
    pub created: bool,
}

/// A scenario in [`Store::list_scenarios`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSummary {
    /// The scenario's id, as in its file.
    pub id: String,
    /// The name in the latest saved version.
    pub name: String,
    /// How many versions are stored.
    pub versions: i64,
    /// The highest version number.
    pub latest_version: i64,
    /// How many runs were made on any of its versions.
    pub runs: i64,
    /// When the first version was saved.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the latest version was saved.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A version's metadata, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionInfo {
    /// The version number (1 for the first).
    pub version: i64,
    /// SHA-256 of the version's text, in lowercase hex.
    pub sha256: String,
    /// When the version was saved.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The message given with the save (`None`: none given).
    pub message: Option<String>,
}

/// A version with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioVersion {
    /// The scenario's id, as in its file.
    pub scenario_id: String,
    /// The version's metadata.
    #[serde(flatten)]
    pub info: VersionInfo,
    /// The scenario file's text, exactly as saved.
    pub toml: String,
}

/// Parses and validates scenario TOML as the store does before saving it.
/// The store keeps work in progress: a scenario being built in the
/// workbench may lack actors, issues or stances yet
/// (`Requirements::draft`); every other rule holds for every stored
/// version, and a run checks the whole scenario.
pub fn parse_scenario(text: &str) -> Result<domei_scenario::Scenario> {
    let path = std::path::Path::new("scenario.toml");
    let req = domei_scenario::Requirements {
        draft: true,
        ..Default::default()
    };
    domei_scenario::from_toml_str(path, text, req)
        .map_err(|d| StoreError::InvalidScenario(d.to_string()))
}

macro_rules! version_info {
    ($r:expr) => {{
        let r = &$r;
        VersionInfo {
            version: r.try_get("version")?,
            sha256: r.try_get("sha256")?,
            created_at: r.try_get("created_at")?,
            message: r.try_get("message")?,
        }
    }};
}

impl Tx {
    /// Saves `toml` (a valid scenario: it is parsed and validated first) as
    /// the next version of the scenario its `[scenario] id` names, unless it
    /// equals the latest version byte for byte.
    pub async fn save_scenario(
        &mut self,
        toml: &str,
        message: Option<&str>,
    ) -> Result<SavedVersion> {
        self.save_scenario_based_on(toml, message, None).await
    }

    /// [`Tx::save_scenario`], refused with [`StoreError::Conflict`] unless
    /// the latest version is `base` (when given; 0 means "no version yet").
    /// An editor passes the version it edited, so two people editing at
    /// once cannot silently undo each other's change.
    pub async fn save_scenario_based_on(
        &mut self,
        toml: &str,
        message: Option<&str>,
        base: Option<i64>,
    ) -> Result<SavedVersion> {
        let s = parse_scenario(toml)?;
        let sha = sha256_hex(toml.as_bytes());
        let at = now();
        let message = message.map(str::trim).filter(|m| !m.is_empty());
        with_tx!(self, c => {
            // The upsert also locks the scenario's row on PostgreSQL, so two
            // concurrent saves of one scenario take turns.
            sqlx::query(
                "INSERT INTO scenarios (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(at)
            .execute(&mut *c)
            .await?;
            let latest = sqlx::query(
                "SELECT version, sha256 FROM scenario_versions WHERE scenario_id = $1 ORDER BY version DESC LIMIT 1",
            )
            .bind(&s.id)
            .fetch_optional(&mut *c)
            .await?;
            let (last, last_sha) = match &latest {
                Some(r) => (r.try_get::<i64, _>("version")?, r.try_get::<String, _>("sha256")?),
                None => (0, String::new()),
            };
            if let Some(expected) = base.filter(|b| *b != last) {
                return Err(StoreError::Conflict { id: s.id, expected, latest: last });
            }
            if last_sha == sha {
                return Ok(SavedVersion { scenario: ScenarioRef { id: s.id, version: last }, sha256: sha, created: false });
            }
            sqlx::query(
                "INSERT INTO scenario_versions (scenario_id, version, toml, sha256, created_at, message) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&s.id)
            .bind(last + 1)
            .bind(toml)
            .bind(&sha)
            .bind(at)
            .bind(message)
            .execute(&mut *c)
            .await?;
            sqlx::query("UPDATE scenarios SET updated_at = $2 WHERE id = $1").bind(&s.id).bind(at).execute(&mut *c).await?;
            Ok(SavedVersion { scenario: ScenarioRef { id: s.id, version: last + 1 }, sha256: sha, created: true })
        })
    }
}

impl Store {
    /// [`Tx::save_scenario`] in a transaction of its own.
    pub async fn save_scenario(&self, toml: &str, message: Option<&str>) -> Result<SavedVersion> {
        self.save_scenario_based_on(toml, message, None).await
    }

    /// [`Tx::save_scenario_based_on`] in a transaction of its own.
    pub async fn save_scenario_based_on(
        &self,
        toml: &str,
        message: Option<&str>,
        base: Option<i64>,
    ) -> Result<SavedVersion> {
        let mut tx = self.begin().await?;
        let saved = tx.save_scenario_based_on(toml, message, base).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every scenario with at least one version, by id.
    pub async fn list_scenarios(&self) -> Result<Vec<ScenarioSummary>> {
        const SQL: &str = "SELECT s.id, s.name, s.created_at, s.updated_at, \
                   (SELECT COUNT(*) FROM scenario_versions v WHERE v.scenario_id = s.id) AS versions, \
                   (SELECT MAX(v.version) FROM scenario_versions v WHERE v.scenario_id = s.id) AS latest, \
                   (SELECT COUNT(*) FROM runs r WHERE r.scenario_id = s.id) AS runs \
            FROM scenarios s ORDER BY s.id";
        with_pool!(self, p => {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let latest: Option<i64> = r.try_get("latest")?;
                let Some(latest_version) = latest else { continue };
                out.push(ScenarioSummary {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    versions: r.try_get("versions")?,
                    latest_version,
                    runs: r.try_get("runs")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                });
            }
            Ok(out)
        })
    }

    /// The versions of scenario `id`, oldest first; [`StoreError::NotFound`]
    /// when there is none.
    pub async fn scenario_history(&self, id: &str) -> Result<Vec<VersionInfo>> {
        const SQL: &str = "SELECT version, sha256, created_at, message FROM scenario_versions \
                           WHERE scenario_id = $1 ORDER BY version";
        let out: Vec<VersionInfo> = with_pool!(self, p => {
            let rows = sqlx::query(SQL).bind(id).fetch_all(p).await?;
            rows.iter().map(|r| Ok(version_info!(r))).collect::<Result<_>>()?
        });
        if out.is_empty() {
            return Err(StoreError::NotFound(format!("scenario {id:?}")));
        }
        Ok(out)
    }

    /// The latest version number of scenario `id`.
    pub async fn latest_version(&self, id: &str) -> Result<i64> {
        const SQL: &str = "SELECT MAX(version) FROM scenario_versions WHERE scenario_id = $1";
        let v: Option<i64> =
            with_pool!(self, p => sqlx::query_scalar(SQL).bind(id).fetch_one(p).await?);
        v.ok_or_else(|| StoreError::NotFound(format!("scenario {id:?}")))
    }

    /// Version `version` of scenario `id` (the latest when `None`), with its
    /// text.
    pub async fn scenario_version(
        &self,
        id: &str,
        version: Option<i64>,
    ) -> Result<ScenarioVersion> {
        const SQL: &str = "SELECT version, sha256, created_at, message, toml FROM scenario_versions \
                           WHERE scenario_id = $1 AND ($2 < 1 OR version = $2) ORDER BY version DESC LIMIT 1";
        if version.is_some_and(|v| v < 1) {
            return Err(StoreError::NotFound(format!(
                "version {} of scenario {id:?}",
                version.unwrap_or(0)
            )));
        }
        let found = with_pool!(self, p => {
            match sqlx::query(SQL).bind(id).bind(version.unwrap_or(0)).fetch_optional(p).await? {
                Some(r) => Some(ScenarioVersion { scenario_id: id.to_string(), info: version_info!(r), toml: r.try_get("toml")? }),
                None => None,
            }
        });
        found.ok_or_else(|| match version {
            Some(v) => StoreError::NotFound(format!("version {v} of scenario {id:?}")),
            None => StoreError::NotFound(format!("scenario {id:?}")),
        })
    }
}

impl Store {
    /// Diffs versions `from` and `to` of scenario `id`
    /// (`domei_scenario::diff`).
    pub async fn diff_scenario(&self, id: &str, from: i64, to: i64) -> Result<ScenarioDiff> {
        let a = self.scenario_version(id, Some(from)).await?;
        let b = self.scenario_version(id, Some(to)).await?;
        Ok(domei_scenario::diff::diff_texts(
            id, from, to, &a.toml, &b.toml,
        ))
    }
}
