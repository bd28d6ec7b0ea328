//! Test support (not for production use): a fresh, empty database per
//! test, on SQLite (a temporary file) or on PostgreSQL (a new database on
//! the server `DOMEI_TEST_POSTGRES_URL` names, dropped afterwards).
//!
//! PostgreSQL tests run when `DOMEI_TEST_POSTGRES_URL` is set and are
//! skipped otherwise — except when `CI` is set: then a missing URL fails the
//! test, so CI cannot silently stop testing PostgreSQL. `scripts/with-postgres`
//! starts a throwaway server and sets the variable.
//!
//! These helpers panic on failure, as test code does.

use crate::{Location, Store};
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The admin URL of the PostgreSQL server tests may use (any database on
/// it; the tests create their own).
pub const POSTGRES_ENV: &str = "DOMEI_TEST_POSTGRES_URL";

/// Which backend a test database uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server of `DOMEI_TEST_POSTGRES_URL`.
    Postgres,
}

/// True when the `CI` environment variable is set (and not `false`/`0`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The PostgreSQL admin URL, or `None` to skip PostgreSQL tests.
///
/// # Panics
/// When `CI` is set and `DOMEI_TEST_POSTGRES_URL` is not.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ if in_ci() => panic!(
            "CI is set but {POSTGRES_ENV} is not: the PostgreSQL variant of the store tests must run in CI. \
             Run the tests through scripts/with-postgres (scripts/test does)."
        ),
        _ => None,
    }
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[start..].find('/').map_or(base.len(), |i| start + i);
    format!("{}/{db}{query}", &base[..host_end])
}

/// Runs `f` to completion on a runtime of its own, in a thread of its own
/// (so it works inside and outside an async test).
pub fn block_on<F>(f: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        rt.block_on(f)
    })
    .join()
    .expect("test helper thread panicked")
}

/// A fresh database for one test, removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// Which backend the database is on.
    pub kind: Kind,
    /// The URL to open it with (`--database`, `DOMEI_DATABASE_URL`).
    pub url: String,
    dir: Option<PathBuf>,
    pg: Option<(String, String)>,
}

fn unique(tag: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{tag}_{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestDb {
    /// A new SQLite file in a new temporary folder.
    pub fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(unique("domei-store-test"));
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        let url = format!("sqlite://{}", dir.join("test.sqlite").display());
        TestDb {
            kind: Kind::Sqlite,
            url,
            dir: Some(dir),
            pg: None,
        }
    }

    /// A new database on the test PostgreSQL server, or `None` when there is
    /// none (see [`postgres_admin_url`]).
    pub fn postgres() -> Option<TestDb> {
        let admin = postgres_admin_url()?;
        let name = unique("domei_test");
        let (a, n) = (admin.clone(), name.clone());
        block_on(async move {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&a)
                .await
                .unwrap_or_else(|e| panic!("connect to {POSTGRES_ENV}: {e}"));
            sqlx::query(&format!("CREATE DATABASE \"{n}\""))
                .execute(&mut c)
                .await
                .expect("CREATE DATABASE");
            let _ = c.close().await;
        });
        Some(TestDb {
            kind: Kind::Postgres,
            url: with_database(&admin, &name),
            dir: None,
            pg: Some((admin, name)),
        })
    }

    /// [`TestDb::sqlite`] or [`TestDb::postgres`].
    pub fn new(kind: Kind) -> Option<TestDb> {
        match kind {
            Kind::Sqlite => Some(TestDb::sqlite()),
            Kind::Postgres => TestDb::postgres(),
        }
    }

    /// The database's location, parsed from [`TestDb::url`].
    pub fn location(&self) -> Location {
        Location::parse(&self.url).expect("test URL parses")
    }

    /// Opens the store (running the migrations).
    pub async fn open(&self) -> Store {
        Store::open(&self.location())
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", self.url))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, name)) = self.pg.take() {
            // FORCE ends connections a test left open (PostgreSQL 13+).
            block_on(async move {
                use sqlx::Connection;
                if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .execute(&mut c)
                            .await;
                    let _ = c.close().await;
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://u@h:5/postgres", "x"),
            "postgres://u@h:5/x"
        );
        assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
