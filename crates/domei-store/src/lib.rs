//! domei's store: scenarios with their version history, runs with their
//! results and per-round logs, and API tokens — in an SQLite file by
//! default, or in PostgreSQL for a team.
//!
//! One type, [`Store`], opened from a [`Location`] (a URL or a path), serves
//! both backends. It holds an sqlx pool of either kind, and every query is
//! written once in the SQL both dialects accept (`$1` binds, `RETURNING`,
//! `ON CONFLICT`), expanded for each pool by a small macro, so the two
//! backends cannot drift apart in behaviour. Only the schema differs
//! (column types), in one migrations folder per dialect ([`migrate`]).
//!
//! Writes that must be atomic go through a [`Tx`]: a run and its round logs
//! are written in one transaction ([`Store::save_run`]), so a crash leaves
//! either the whole run or none of it.
//!
//! | module | holds |
//! |---|---|
//! | [`location`] | URL/path parsing, the per-user default file |
//! | [`migrate`] | versioned schema migrations, applied on open |
//! | [`scenarios`] | scenario versions: save (deduplicated), history, text |
//! | `domei_scenario::diff` | line and semantic diffs between scenario versions ([`Store::diff_scenario`]) |
//! | [`runs`] | runs and round logs: write in one transaction, list, read |
//! | [`tokens`] | API tokens: create, verify (hash only), list, revoke |
//! | [`corpus`] | the evidence corpus's document list (metadata only) |
//! | [`outcomes`] | resolved outcomes of issues (versioned), for the forecast ledger |
//! | `testing` | helpers for tests (feature `testing`): a fresh database per test on either backend |
#![warn(missing_docs)]

pub mod corpus;
pub mod error;
pub mod labels;
pub mod location;
pub mod migrate;
pub mod outcomes;
pub mod runs;
pub mod scenarios;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod tokens;

pub use corpus::CorpusDocument;
pub use domei_scenario::diff::{Change, ScenarioDiff};
pub use error::{Result, StoreError};
pub use labels::RunLabel;
pub use location::{Location, DATABASE_ENV};
pub use migrate::SCHEMA_VERSION;
pub use outcomes::{NewOutcome, Outcome, OutcomeFilter};
pub use runs::{
    NewRun, Results, RoundLog, Run, RunFilter, RunId, RunInfo, RunStatus, PAUSE_HOOK_ENV,
};
pub use scenarios::{SavedVersion, ScenarioRef, ScenarioSummary, ScenarioVersion, VersionInfo};
pub use tokens::{NewToken, Token};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::time::Duration;

/// How long an SQLite writer waits for another writer's lock.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A single SQLite file (`sqlite://` URL or a path).
    Sqlite,
    /// A PostgreSQL server (`postgres://` URL).
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open store. Cheap to clone (it is a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    location: Location,
}

/// A write transaction: everything written through it becomes visible at
/// [`Tx::commit`], or not at all if it is dropped (or the process dies)
/// first.
pub struct Tx {
    inner: TxInner,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$p` bound to the store's pool, whichever it is. The
/// body is compiled once per backend.
macro_rules! with_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($p) => $body,
            $crate::Pool::Postgres($p) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection; use it as
/// `&mut *$c` in each query.
macro_rules! with_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::TxInner::Sqlite(t) => {
                let $c: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::TxInner::Postgres(t) => {
                let $c: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}
pub(crate) use {with_pool, with_tx};

impl Store {
    /// Opens (creating if needed) the store at `location` and brings its
    /// schema up to date.
    pub async fn open(location: &Location) -> Result<Store> {
        Store::open_at_schema(location, SCHEMA_VERSION).await
    }

    /// [`Location::resolve`] then [`Store::open`]: `url` or the default file.
    pub async fn open_url(url: Option<&str>) -> Result<Store> {
        Store::open(&Location::resolve(url)?).await
    }

    /// Opens the store migrating only up to schema version `version` (for
    /// tests of upgrades from an older schema).
    #[doc(hidden)]
    pub async fn open_at_schema(location: &Location, version: i64) -> Result<Store> {
        let shown = location.to_string();
        let store = match location {
            Location::Sqlite(path) => {
                location.check()?;
                let opts = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true);
                // WAL: readers never wait for the writer, so more
                // connections serve more concurrent reads (writes still
                // take turns on the file's write lock).
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(SQLITE_BUSY_TIMEOUT * 2)
                    .connect_with(opts)
                    .await
                    .map_err(|e| StoreError::on_open(&shown, e))?;
                Store {
                    pool: Pool::Sqlite(pool),
                    location: location.clone(),
                }
            }
            Location::Postgres(url) => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::BadUrl {
                        url: shown.clone(),
                        reason: e.to_string(),
                    })?
                    .application_name("domei");
                // One direct connection first: it fails at once when the
                // server is unreachable (the pool would retry until its
                // timeout) and reports the server's own error.
                use sqlx::Connection;
                let probe = sqlx::PgConnection::connect_with(&opts)
                    .await
                    .map_err(|e| StoreError::on_open(&shown, e))?;
                let _ = probe.close().await;
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_lazy_with(opts);
                Store {
                    pool: Pool::Postgres(pool),
                    location: location.clone(),
                }
            }
        };
        store.migrate(version).await?;
        Ok(store)
    }

    async fn migrate(&self, upto: i64) -> Result<()> {
        let shown = self.location.to_string();
        let m = migrate::migrator(self.backend(), upto).await?;
        match &self.pool {
            Pool::Sqlite(p) => {
                // Already up to date (the usual case): nothing to write, so
                // do not take the write lock — opening the store must not
                // wait for another process's long write transaction. (A
                // newer schema, or a missing table, takes the full path.)
                const SQL: &str = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
                if let Ok(Some(v)) = sqlx::query_scalar::<_, Option<i64>>(SQL).fetch_one(p).await {
                    if v == upto {
                        return Ok(());
                    }
                }
                // SQLite has no advisory lock: take the write lock for the
                // whole migration so that processes opening a new file at
                // the same time apply it once (the others wait, then find it
                // applied). sqlx nests each migration in a savepoint.
                let mut tx = p
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(|e| StoreError::on_open(&shown, e))?;
                m.run(&mut *tx)
                    .await
                    .map_err(|e| migrate::describe(&shown, e))?;
                tx.commit()
                    .await
                    .map_err(|e| StoreError::on_open(&shown, e))?;
            }
            // PostgreSQL: the migrator holds an advisory lock meanwhile.
            Pool::Postgres(p) => m.run(p).await.map_err(|e| migrate::describe(&shown, e))?,
        }
        Ok(())
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where the database is (its path or URL, as opened).
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The highest schema version applied to this database.
    pub async fn schema_version(&self) -> Result<i64> {
        const SQL: &str = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
        let v: Option<i64> = with_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await?);
        Ok(v.unwrap_or(0))
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so concurrent writers queue (up to the busy
    /// timeout) instead of failing when they upgrade a read lock.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx { inner })
    }

    /// Closes every connection (on SQLite this also checkpoints the WAL).
    pub async fn close(self) {
        with_pool!(self, p => p.close().await)
    }
}

impl Tx {
    /// Makes everything written through this transaction visible at once.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Discards everything written through this transaction (dropping it
    /// does the same).
    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await?,
            TxInner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now, truncated to whole microseconds (PostgreSQL's precision), so a
/// timestamp reads back equal on both backends.
pub(crate) fn now() -> time::OffsetDateTime {
    micros(time::OffsetDateTime::now_utc())
}

/// `t` in UTC, truncated to whole microseconds.
pub(crate) fn micros(t: time::OffsetDateTime) -> time::OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    let ns = t.nanosecond();
    t.replace_nanosecond(ns - ns % 1000).unwrap_or(t)
}
