//! The store's end-to-end tests: the real binary against a fresh database
//! on each available backend (SQLite always; PostgreSQL when
//! `DOMEI_TEST_POSTGRES_URL` is set).

use super::{domei, stderr, stdout};
use domei_store::testing::{Kind, TestDb};
use std::process::{Command, Output};

/// A fresh database on each available backend.
pub fn databases() -> Vec<TestDb> {
    [Kind::Sqlite, Kind::Postgres]
        .into_iter()
        .filter_map(TestDb::new)
        .collect()
}

/// `domei ARGS` against `db`.
pub fn cmd(db: &TestDb, args: &[&str]) -> Command {
    let mut c = domei();
    c.env("DOMEI_DATABASE_URL", &db.url).args(args);
    c
}

/// `domei ARGS` against `db`, run to the end.
pub fn exec(db: &TestDb, args: &[&str]) -> Output {
    // A test that cannot start the binary has nothing to check.
    cmd(db, args).output().expect("the domei binary runs")
}

/// `domei ARGS` against `db`, which must succeed.
pub fn ok(db: &TestDb, args: &[&str]) -> Output {
    let o = exec(db, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?} on {:?}:\n{}{}",
        db.kind,
        stdout(&o),
        stderr(&o)
    );
    o
}
