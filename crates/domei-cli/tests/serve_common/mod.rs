//! Shared by the end-to-end tests of `domei serve` (`serve_access`,
//! `serve_pages`, `serve_crash`, `serve_load`): a [`Sandbox`] (a database and a corpus of
//! one test's own), a running [`Server`] — the real binary — that is
//! killed when dropped, even when the test panics, and a tiny HTTP/1.1
//! [`Client`].
//!
//! `DOMEI_BIN` runs the tests against another binary (e.g. a release build,
//! `target/release/domei`); by default they use the one cargo built for
//! this test.
#![allow(dead_code)]

pub mod http;

use domei_store::testing::{Kind, TestDb};
#[allow(unused_imports)]
pub use http::{Client, Response};
use std::io::{BufRead, BufReader, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The bundled scenario every fresh workbench stores on start.
pub const BUNDLED: &str = "japan-us-2025";

/// How long a server may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The `domei` binary under test: `$DOMEI_BIN` when set, else the one
/// cargo built for this test.
pub fn bin() -> PathBuf {
    std::env::var_os("DOMEI_BIN")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_domei")))
}

/// The repository's root (servers and commands run there).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A database (SQLite file or a fresh PostgreSQL database) and an evidence
/// corpus folder of one test's own, removed when dropped.
pub struct Sandbox {
    db: TestDb,
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with an SQLite database.
    pub fn sqlite() -> Sandbox {
        Sandbox::new(Kind::Sqlite).expect("SQLite is always available")
    }

    /// A sandbox on `kind`; `None` for PostgreSQL when
    /// `DOMEI_TEST_POSTGRES_URL` is not set (see `domei_store::testing`).
    pub fn new(kind: Kind) -> Option<Sandbox> {
        let db = TestDb::new(kind)?;
        let dir = tempfile::Builder::new()
            .prefix("domei-serve-test-")
            .tempdir()
            .expect("a temporary folder");
        Some(Sandbox { db, dir })
    }

    /// The database URL (`DOMEI_DATABASE_URL`).
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// A folder for the test's own files.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The evidence corpus folder (`DOMEI_CORPUS`).
    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// `domei` with this sandbox's database and corpus, run from the
    /// repository root, request logging on.
    pub fn command(&self) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(repo())
            .env(domei_store::DATABASE_ENV, self.database_url())
            .env("DOMEI_CORPUS", self.corpus())
            .env_remove("DOMEI_QUIET")
            .env_remove(domei_store::PAUSE_HOOK_ENV)
            .stdin(Stdio::null());
        c
    }

    /// Runs `domei ARGS` to completion; panics unless it succeeds. Returns
    /// its stdout.
    #[track_caller]
    pub fn domei(&self, args: &[&str]) -> String {
        let o = self
            .command()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run domei: {e}"));
        assert!(
            o.status.success(),
            "domei {args:?} failed ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// `domei ARGS --format json`, parsed.
    #[track_caller]
    pub fn domei_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.domei(&all);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("domei {all:?}: not JSON ({e}): {out}"))
    }

    /// Creates an API token (`domei token create`) and returns it.
    pub fn create_token(&self, label: &str) -> String {
        let t = self
            .domei(&["token", "create", "--label", label])
            .trim()
            .to_string();
        assert!(t.starts_with("domei_"), "not a token: {t:?}");
        t
    }

    /// Starts `domei serve ARGS` with the extra environment `env`, and waits
    /// until it prints its address.
    pub fn serve(&self, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut c = self.command();
        c.arg("serve").args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        Server::start(c)
    }

    /// A server on loopback, port chosen by the system.
    pub fn serve_loopback(&self) -> Server {
        self.serve(&["--addr", "127.0.0.1:0"], &[])
    }
}

/// A running `domei serve`, killed (SIGKILL) and reaped when dropped.
pub struct Server {
    child: Child,
    /// The address as the server printed it (`http://IP:PORT/`).
    pub url: String,
    /// Where to connect: the printed address, with an unspecified IP
    /// (`0.0.0.0`, `::`) replaced by loopback.
    pub addr: SocketAddr,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
}

impl Server {
    /// Spawns `c` and waits for its first line of stdout, `domei
    /// workbench: http://IP:PORT/`. Stdout and stderr are drained by
    /// threads (stderr is kept, see [`Server::stderr`]), so the server
    /// never blocks on a full pipe.
    pub fn start(mut c: Command) -> Server {
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start domei serve: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut err = child.stderr.take().expect("piped stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel::<String>();
        let out_reader = std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            for _ in lines {}
        });
        let sink = stderr.clone();
        let err_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr,
            readers: vec![out_reader, err_reader],
        };
        let first = match rx.recv_timeout(START_TIMEOUT) {
            Ok(l) => l,
            Err(e) => {
                server.kill();
                panic!(
                    "domei serve printed no address ({e}); stderr:\n{}",
                    server.stderr()
                );
            }
        };
        let url = first
            .strip_prefix("domei workbench: ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        let hostport = url
            .strip_prefix("http://")
            .and_then(|u| u.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected address {url:?}"));
        let mut addr: SocketAddr = hostport
            .parse()
            .unwrap_or_else(|e| panic!("unexpected address {url:?}: {e}"));
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        server.url = url;
        server.addr = addr;
        server
    }

    /// A client of this server.
    pub fn client(&self) -> Client {
        Client::new(self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the server wrote on stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }

    /// Kills the server with SIGKILL (no chance to clean up) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
    }

    /// Stops the server as Ctrl-C would (SIGTERM: it finishes open
    /// requests and closes the store), killing it if it has not exited
    /// within 20 s. Returns whether it exited by itself.
    pub fn stop(&mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(_)) = self.child.try_wait() {
                self.kill(); // reaps nothing more; joins the readers
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill();
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Polls `GET /api/jobs/ID` until the job is done or failed (or `limit`
/// passes: then panics); returns the job's final state.
pub fn wait_for_job(c: &Client, job: u64, limit: Duration) -> serde_json::Value {
    let t = Instant::now();
    loop {
        let j = c.get(&format!("/api/jobs/{job}")).expect(200).json();
        if matches!(j["state"].as_str(), Some("done" | "failed")) {
            return j;
        }
        assert!(
            t.elapsed() < limit,
            "job {job} not finished after {limit:?}: {j}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until `path` exists (or `limit` passes: then panics).
pub fn wait_for_file(path: &Path, limit: Duration) {
    let t = Instant::now();
    while !path.exists() {
        assert!(
            t.elapsed() < limit,
            "{} did not appear within {limit:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A quick forecast of the bundled scenario (the body of `POST /api/runs`).
pub fn run_body() -> serde_json::Value {
    serde_json::json!({"scenario": BUNDLED, "models": ["compromise"]})
}
