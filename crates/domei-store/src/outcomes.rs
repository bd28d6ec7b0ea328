//! Resolved outcomes of scenario issues, for the forecast ledger: what an
//! issue settled at, on which date, and where that is recorded.
//!
//! Recording an outcome again for the same scenario and issue adds the next
//! version (1, 2, …); the latest version counts, earlier ones are kept as
//! history. The store only stores: the caller checks that the issue exists
//! and the value is on its scale (domei-ledger's `check_outcome`).

use crate::error::{Result, StoreError};
use crate::{now, with_pool, with_tx, Store};
use serde::Serialize;
use sqlx::Row;
use time::{Date, OffsetDateTime};

/// An outcome to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutcome {
    /// The stored scenario the issue belongs to.
    pub scenario_id: String,
    /// The issue's id, as in the scenario file.
    pub issue_id: String,
    /// On the issue's scale, in its units.
    pub value: f64,
    /// When the outcome was resolved (a forecast counts in the ledger if it
    /// was made before this date).
    pub date: Date,
    /// Where the outcome is recorded (a document, a URL, a decision).
    pub source: String,
}

/// One recorded version of an outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The scenario's id.
    pub scenario: String,
    /// The issue's id, as in the scenario file.
    pub issue: String,
    /// 1 for the first recorded value of this outcome; a correction adds a version, the highest counts.
    pub version: i64,
    /// On the issue's scale, in its units.
    pub value: f64,
    /// When the outcome was resolved.
    #[serde(serialize_with = "iso_date")]
    pub date: Date,
    /// Where the outcome is recorded (a document, a URL, a decision).
    pub source: String,
    /// When this version was recorded.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// Which outcomes [`Store::list_outcomes`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeFilter {
    /// Only this scenario's.
    pub scenario: Option<String>,
    /// Every version, not only the latest of each scenario and issue.
    pub history: bool,
}

macro_rules! outcome {
    ($r:expr) => {{
        let r = &$r;
        Outcome {
            scenario: r.try_get("scenario_id")?,
            issue: r.try_get("issue_id")?,
            version: r.try_get("version")?,
            value: r.try_get("value")?,
            date: r.try_get("outcome_date")?,
            source: r.try_get("source")?,
            recorded_at: r.try_get("recorded_at")?,
        }
    }};
}

impl Store {
    /// Records `o` as the next version of its scenario's and issue's
    /// outcome. [`StoreError::NotFound`] when the scenario is not stored.
    pub async fn record_outcome(&self, o: &NewOutcome) -> Result<Outcome> {
        if !o.value.is_finite() {
            return Err(StoreError::Data(format!(
                "the outcome of {} on {} is not a finite number",
                o.scenario_id, o.issue_id
            )));
        }
        let at = now();
        let mut tx = self.begin().await?;
        let version = with_tx!(tx, c => {
            // Touching the scenario's row checks that it exists and, on
            // PostgreSQL, locks it: two concurrent records of one scenario
            // take turns instead of colliding on the version number.
            let found = sqlx::query("UPDATE scenarios SET updated_at = updated_at WHERE id = $1")
                .bind(&o.scenario_id)
                .execute(&mut *c)
                .await?
                .rows_affected();
            if found == 0 {
                return Err(StoreError::NotFound(format!("scenario {:?}", o.scenario_id)));
            }
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(version) FROM outcomes WHERE scenario_id = $1 AND issue_id = $2",
            )
            .bind(&o.scenario_id)
            .bind(&o.issue_id)
            .fetch_one(&mut *c)
            .await?;
            let version = last.unwrap_or(0) + 1;
            sqlx::query(
                "INSERT INTO outcomes (scenario_id, issue_id, version, value, outcome_date, source, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&o.scenario_id)
            .bind(&o.issue_id)
            .bind(version)
            .bind(o.value)
            .bind(o.date)
            .bind(&o.source)
            .bind(at)
            .execute(&mut *c)
            .await?;
            version
        });
        tx.commit().await?;
        Ok(Outcome {
            scenario: o.scenario_id.clone(),
            issue: o.issue_id.clone(),
            version,
            value: o.value,
            date: o.date,
            source: o.source.clone(),
            recorded_at: at,
        })
    }

    /// Outcomes matching `filter`, by scenario, issue and version.
    pub async fn list_outcomes(&self, filter: &OutcomeFilter) -> Result<Vec<Outcome>> {
        // `$1 = ''` selects every scenario; `$2 = 1` every version.
        const SQL: &str =
            "SELECT scenario_id, issue_id, version, value, outcome_date, source, recorded_at \
             FROM outcomes o WHERE ($1 = '' OR o.scenario_id = $1) \
             AND ($2 = 1 OR o.version = (SELECT MAX(l.version) FROM outcomes l \
                  WHERE l.scenario_id = o.scenario_id AND l.issue_id = o.issue_id)) \
             ORDER BY o.scenario_id, o.issue_id, o.version";
        let scenario = filter.scenario.as_deref().unwrap_or("");
        let history: i64 = filter.history.into();
        with_pool!(self, p => {
            let rows = sqlx::query(SQL).bind(scenario).bind(history).fetch_all(p).await?;
            rows.iter().map(|r| Ok(outcome!(r))).collect()
        })
    }
}
