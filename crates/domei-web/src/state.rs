//! What every handler shares: the store, the evidence corpus, the jobs,
//! the access rules and a cache of recomputed runs.

use crate::error::WebError;
use crate::jobs::Jobs;
use domei_corpus::Corpus;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Who may do what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Bound to a loopback address: everything open, no login.
    pub loopback: bool,
    /// Off loopback, whether reads are open without a token.
    pub open_reads: bool,
}

impl Access {
    /// Whether a request needs a valid token.
    pub fn needs_token(&self, write: bool) -> bool {
        !self.loopback && (write || !self.open_reads)
    }
}

pub struct AppState {
    pub store: domei_store::Store,
    pub jobs: Arc<Jobs>,
    pub access: Access,
    pub corpus: CorpusHandle,
    pub runs: RunCache,
}

pub type Shared = Arc<AppState>;

/// The evidence corpus, opened on first use (seeding it then), and shared
/// by the blocking pool's threads one at a time.
pub struct CorpusHandle {
    dir: PathBuf,
    corpus: Mutex<Option<Corpus>>,
}

impl CorpusHandle {
    pub fn new(dir: PathBuf) -> CorpusHandle {
        CorpusHandle {
            dir,
            corpus: Mutex::new(None),
        }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Runs `f` with the corpus. Blocking: call it from `spawn_blocking`.
    pub fn with<T>(&self, f: impl FnOnce(&Corpus) -> Result<T, WebError>) -> Result<T, WebError> {
        // The guarded value is an Option replaced whole; a panic in `f`
        // cannot leave it half-updated.
        let mut g = self.corpus.lock().unwrap_or_else(|p| p.into_inner());
        if g.is_none() {
            let c = Corpus::open(&self.dir).map_err(|e| {
                WebError::Unavailable(format!(
                    "the evidence corpus at {} cannot be opened: {e}",
                    self.dir.display()
                ))
            })?;
            *g = Some(c);
        }
        match g.as_ref() {
            Some(c) => f(c),
            None => Err(WebError::Unavailable(
                "the evidence corpus is not open".into(),
            )),
        }
    }
}

/// Recomputed runs, newest last (a small LRU: a run's page, charts and
/// briefing all use the same recomputation).
pub struct RunCache {
    cap: usize,
    items: Mutex<VecDeque<(i64, Arc<crate::service::RunView>)>>,
    /// Runs being recomputed: concurrent requests for one run share one
    /// recomputation.
    loading: Mutex<std::collections::HashMap<i64, Loading>>,
}

/// A recomputation in flight, shared by the requests waiting for it.
pub type Loading = Arc<tokio::sync::OnceCell<Arc<crate::service::RunView>>>;

impl RunCache {
    pub fn new(cap: usize) -> RunCache {
        RunCache {
            cap,
            items: Mutex::new(VecDeque::new()),
            loading: Mutex::new(std::collections::HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(i64, Arc<crate::service::RunView>)>> {
        // Every critical section is one push, remove or lookup.
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, id: i64) -> Option<Arc<crate::service::RunView>> {
        let mut q = self.lock();
        let at = q.iter().position(|(k, _)| *k == id)?;
        let item = q.remove(at)?;
        let v = item.1.clone();
        q.push_back(item);
        Some(v)
    }

    /// The shared recomputation of run `id` (started by the first caller).
    pub fn loading(&self, id: i64) -> Loading {
        // One insert or lookup per critical section.
        let mut m = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(id).or_default().clone()
    }

    /// Forgets the recomputation of run `id` (done: the result is cached,
    /// or failed: the next request tries again).
    pub fn loaded(&self, id: i64) {
        let mut m = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        m.remove(&id);
    }

    pub fn put(&self, id: i64, v: Arc<crate::service::RunView>) {
        let mut q = self.lock();
        q.retain(|(k, _)| *k != id);
        q.push_back((id, v));
        while q.len() > self.cap {
            q.pop_front();
        }
    }
}
