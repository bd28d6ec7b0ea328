//! Helpers shared by the end-to-end tests: run the real `domei` binary.
#![allow(dead_code)]

#[path = "common/db.rs"]
pub mod db;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A folder of this test process's own, so that no test touches the user's
/// store or corpus: every `domei` spawned through [`domei`] gets
/// `DOMEI_DATABASE_URL` = `SANDBOX/domei.sqlite` and `DOMEI_CORPUS` =
/// `SANDBOX/corpus`. Sandboxes of test processes that ended more than an
/// hour ago are removed on the way.
pub fn sandbox() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = std::env::temp_dir();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for e in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let stale = e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < hour_ago);
            if stale
                && e.file_name()
                    .to_string_lossy()
                    .starts_with("domei-e2e-sandbox-")
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let p = tmp.join(format!("domei-e2e-sandbox-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        p
    })
}

/// The `domei` binary, run from the repository root, with a store and a
/// corpus of this test process's own ([`sandbox`]).
pub fn domei() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_domei"));
    c.current_dir(repo());
    c.env("DOMEI_DATABASE_URL", sandbox().join("domei.sqlite"));
    c.env("DOMEI_CORPUS", sandbox().join("corpus"));
    // English unless a test asks otherwise (the interface language follows
    // DOMEI_LANG and the locale).
    c.env_remove("DOMEI_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

pub fn run(args: &[&str]) -> Output {
    domei().args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh empty folder under the system temp dir, removed at drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "domei-e2e-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
