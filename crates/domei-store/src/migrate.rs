//! Versioned schema migrations, run automatically when a store is opened.
//!
//! Each dialect has its own folder of numbered SQL files
//! (`migrations/sqlite/`, `migrations/postgres/`), compiled into the binary
//! and applied by sqlx's migrator, which records every applied version and a
//! checksum of its SQL in `_sqlx_migrations`. Version N of both dialects
//! must create the same tables with the same meaning. Never edit a released
//! migration: add the next number.

use crate::error::{Result, StoreError};
use sqlx::error::BoxDynError;
use sqlx::migrate::{MigrateError, Migration, MigrationSource, MigrationType, Migrator};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = 4;

type Sql = (i64, &'static str, &'static str);

const SQLITE: &[Sql] = &[
    (
        1,
        "scenarios runs",
        include_str!("../migrations/sqlite/0001_scenarios_runs.sql"),
    ),
    (
        2,
        "tokens corpus",
        include_str!("../migrations/sqlite/0002_tokens_corpus.sql"),
    ),
    (
        3,
        "outcomes",
        include_str!("../migrations/sqlite/0003_outcomes.sql"),
    ),
    (
        4,
        "run labels",
        include_str!("../migrations/sqlite/0004_run_labels.sql"),
    ),
];

const POSTGRES: &[Sql] = &[
    (
        1,
        "scenarios runs",
        include_str!("../migrations/postgres/0001_scenarios_runs.sql"),
    ),
    (
        2,
        "tokens corpus",
        include_str!("../migrations/postgres/0002_tokens_corpus.sql"),
    ),
    (
        3,
        "outcomes",
        include_str!("../migrations/postgres/0003_outcomes.sql"),
    ),
    (
        4,
        "run labels",
        include_str!("../migrations/postgres/0004_run_labels.sql"),
    ),
];

/// Migrations embedded in the binary, as a source for sqlx's migrator.
#[derive(Debug)]
struct Embedded(Vec<Migration>);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move { Ok(self.0) })
    }
}

/// The migrator for `backend`, with the migrations up to `upto` (tests
/// use a lower number to make an older schema).
pub(crate) async fn migrator(backend: crate::Backend, upto: i64) -> Result<Migrator> {
    let sql = match backend {
        crate::Backend::Sqlite => SQLITE,
        crate::Backend::Postgres => POSTGRES,
    };
    let migrations = sql
        .iter()
        .filter(|(v, _, _)| *v <= upto)
        .map(|&(v, desc, sql)| {
            Migration::new(
                v,
                Cow::Borrowed(desc),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )
        })
        .collect();
    Migrator::new(Embedded(migrations))
        .await
        .map_err(|e| StoreError::Migration {
            location: String::new(),
            reason: e.to_string(),
        })
}

/// Turns a migrator error into a message that says what to do.
pub(crate) fn describe(location: &str, e: MigrateError) -> StoreError {
    let reason = match e {
        MigrateError::Execute(e) => return StoreError::on_open(location, e),
        MigrateError::VersionMissing(v) => {
            return StoreError::SchemaTooNew {
                location: location.to_string(),
                found: v,
                known: SCHEMA_VERSION,
            }
        }
        MigrateError::VersionMismatch(v) => {
            format!("schema version {v} was applied by a different build of domei (its SQL differs); use a database made by this version")
        }
        other => other.to_string(),
    };
    StoreError::Migration {
        location: location.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_have_the_same_versions_in_order() {
        let versions = |m: &[Sql]| m.iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
        assert_eq!(versions(SQLITE), (1..=SCHEMA_VERSION).collect::<Vec<_>>());
    }
}
