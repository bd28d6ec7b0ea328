//! A run's name and note: what an analyst calls a run and remarks on it
//! after it was made ("baseline before the summit", "why we doubt BDM
//! here"). The run itself never changes; a label is kept beside it and
//! goes with it when the run is deleted.

use crate::error::{Result, StoreError};
use crate::runs::RunId;
use crate::{now, with_pool, with_tx, Store};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

/// Longest name, in characters.
pub const MAX_NAME: usize = 200;
/// Longest note, in characters.
pub const MAX_NOTE: usize = 10_000;

/// A run's name and note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLabel {
    /// The labelled run.
    pub run: RunId,
    /// A short name (`None`: unnamed).
    pub name: Option<String>,
    /// A free-text note, at most [`MAX_NOTE`] characters (`None`: no note).
    pub note: Option<String>,
    /// When the name or note last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `s` trimmed, `None` when empty; too long is an error naming `what`.
fn clean(s: Option<&str>, what: &str, max: usize) -> Result<Option<String>> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let n = s.chars().count();
    if n > max {
        return Err(StoreError::Data(format!(
            "a run's {what} has {n} characters; at most {max}"
        )));
    }
    Ok(Some(s.to_string()))
}

impl Store {
    /// Sets run `run`'s name and note (empty or `None` clears one; clearing
    /// both removes the label). [`StoreError::NotFound`] when there is no
    /// such run; [`StoreError::Data`] for a name over [`MAX_NAME`] or a
    /// note over [`MAX_NOTE`] characters. Returns the label now stored.
    pub async fn set_run_label(
        &self,
        run: RunId,
        name: Option<&str>,
        note: Option<&str>,
    ) -> Result<Option<RunLabel>> {
        let name = clean(name, "name", MAX_NAME)?;
        let note = clean(note, "note", MAX_NOTE)?;
        let at = now();
        let mut tx = self.begin().await?;
        with_tx!(tx, c => {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM runs WHERE id = $1")
                .bind(run)
                .fetch_optional(&mut *c)
                .await?;
            if found.is_none() {
                return Err(StoreError::NotFound(format!("run {run}")));
            }
            if name.is_none() && note.is_none() {
                sqlx::query("DELETE FROM run_labels WHERE run_id = $1")
                    .bind(run)
                    .execute(&mut *c)
                    .await?;
            } else {
                sqlx::query(
                    "INSERT INTO run_labels (run_id, name, note, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (run_id) DO UPDATE SET name = excluded.name, note = excluded.note, \
                     updated_at = excluded.updated_at",
                )
                .bind(run)
                .bind(&name)
                .bind(&note)
                .bind(at)
                .execute(&mut *c)
                .await?;
            }
        });
        tx.commit().await?;
        Ok((name.is_some() || note.is_some()).then_some(RunLabel {
            run,
            name,
            note,
            updated_at: at,
        }))
    }

    /// Run `run`'s label, if it has one.
    pub async fn run_label(&self, run: RunId) -> Result<Option<RunLabel>> {
        Ok(self.run_labels(&[run]).await?.pop())
    }

    /// The labels of those of `runs` that have one, by run id.
    pub async fn run_labels(&self, runs: &[RunId]) -> Result<Vec<RunLabel>> {
        if runs.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are numbers: written into the statement, no injection possible.
        let ids: Vec<String> = runs.iter().map(|r| r.to_string()).collect();
        let sql = format!(
            "SELECT run_id, name, note, updated_at FROM run_labels WHERE run_id IN ({}) ORDER BY run_id",
            ids.join(", ")
        );
        with_pool!(self, p => {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(RunLabel {
                        run: r.try_get("run_id")?,
                        name: r.try_get("name")?,
                        note: r.try_get("note")?,
                        updated_at: r.try_get("updated_at")?,
                    })
                })
                .collect()
        })
    }
}
