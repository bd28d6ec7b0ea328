//! What every handler shares: the store, the evidence corpus, the run queue,
//! the access rules and a cache of recomputed runs.

use crate::error::WebError;
use crate::queue::Queue;
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

/// What every handler shares: the store, the job queue, access control, the corpus and the caches.
pub struct AppState {
    /// The database.
    pub store: domei_store::Store,
    /// The queue of runs being computed.
    pub queue: Arc<Queue>,
    /// Who may read and write.
    pub access: Access,
    /// The evidence corpus.
    pub corpus: CorpusHandle,
    /// Runs recomputed for display, most recently used kept.
    pub runs: RunCache,
    /// Parsed scenario versions by the SHA-256 of their text (versions
    /// never change, so neither does their parse).
    pub parsed: Lru<String, Arc<domei_scenario::Scenario>>,
    /// The memory one run may use (`--memory-budget`).
    pub budget: domei_limits::Budget,
    /// On loopback, the host names requests may name (lowercase, without
    /// port): the loopback names, the bound address and `--allow-host`'s.
    /// `None` off loopback, where tokens guard every change.
    pub hosts: Option<Vec<String>>,
}

/// A small least-recently-used map.
pub struct Lru<K, V> {
    cap: usize,
    items: Mutex<VecDeque<(K, V)>>,
}

impl<K: PartialEq, V: Clone> Lru<K, V> {
    /// An empty cache of at most `cap` entries.
    pub fn new(cap: usize) -> Self {
        Lru {
            cap,
            items: Mutex::new(VecDeque::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(K, V)>> {
        // Each critical section is one lookup, push or pop.
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value of `k`, if cached (and marks it recently used).
    pub fn get(&self, k: &K) -> Option<V> {
        let mut q = self.lock();
        let at = q.iter().position(|(x, _)| x == k)?;
        let item = q.remove(at)?;
        let v = item.1.clone();
        q.push_back(item);
        Some(v)
    }

    /// Caches `v` for `k`, dropping the least recently used entry beyond the capacity.
    pub fn put(&self, k: K, v: V) {
        let mut q = self.lock();
        q.retain(|(x, _)| *x != k);
        q.push_back((k, v));
        while q.len() > self.cap {
            q.pop_front();
        }
    }
}

/// The state as handlers receive it.
pub type Shared = Arc<AppState>;

/// The evidence corpus, opened on first use (seeding it then), and shared
/// by the blocking pool's threads one at a time.
pub struct CorpusHandle {
    dir: PathBuf,
    corpus: Mutex<Option<Corpus>>,
}

impl CorpusHandle {
    /// The corpus in `dir`, not opened yet.
    pub fn new(dir: PathBuf) -> CorpusHandle {
        CorpusHandle {
            dir,
            corpus: Mutex::new(None),
        }
    }

    /// The corpus folder.
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

/// Recomputed runs (a small LRU: a run's page, charts and briefing all use
/// the same recomputation).
pub struct RunCache {
    items: Lru<i64, Arc<crate::service::RunView>>,
    /// Runs being recomputed: concurrent requests for one run share one
    /// recomputation.
    loading: Mutex<std::collections::HashMap<i64, Loading>>,
}

/// A recomputation in flight, shared by the requests waiting for it.
pub type Loading = Arc<tokio::sync::OnceCell<Arc<crate::service::RunView>>>;

impl RunCache {
    /// An empty cache of at most `cap` runs.
    pub fn new(cap: usize) -> RunCache {
        RunCache {
            items: Lru::new(cap),
            loading: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Run `id`, if cached.
    pub fn get(&self, id: i64) -> Option<Arc<crate::service::RunView>> {
        self.items.get(&id)
    }

    /// Caches run `id`.
    pub fn put(&self, id: i64, v: Arc<crate::service::RunView>) {
        self.items.put(id, v)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lru_keeps_the_most_recently_used() {
        let l: Lru<i32, &str> = Lru::new(2);
        l.put(1, "a");
        l.put(2, "b");
        assert_eq!(l.get(&1), Some("a")); // 1 is now the most recent
        l.put(3, "c"); // evicts 2
        assert_eq!(
            (l.get(&1), l.get(&2), l.get(&3)),
            (Some("a"), None, Some("c"))
        );
        l.put(3, "d"); // replaces
        assert_eq!(l.get(&3), Some("d"));
    }

    #[test]
    fn tokens_are_needed_off_loopback_only() {
        let local = Access {
            loopback: true,
            open_reads: false,
        };
        let team = Access {
            loopback: false,
            open_reads: false,
        };
        let open = Access {
            loopback: false,
            open_reads: true,
        };
        assert!(!local.needs_token(true) && !local.needs_token(false));
        assert!(team.needs_token(true) && team.needs_token(false));
        assert!(open.needs_token(true) && !open.needs_token(false));
    }
}
