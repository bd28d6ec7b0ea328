//! Connections: accepting them, and closing the ones that only hold a
//! socket.
//!
//! - **Header timeout.** A client has [`HEADER_TIMEOUT`] to send a
//!   request's head from the moment the connection can read one: a new
//!   connection that sends nothing, a keep-alive connection left idle, or
//!   one sending a header line every few seconds is closed when it runs
//!   out (hyper's `header_read_timeout`, which axum's own `serve` leaves
//!   off).
//! - **Per-client cap.** At most [`per_client_cap`] connections per client
//!   address. A new connection beyond it closes that client's oldest idle
//!   connection (one with no request in progress); when none is idle the
//!   new one is closed instead. So idle sockets can never crowd out
//!   requests, even on loopback where every client has the same address.
//! - **Heads.** A request head larger than [`MAX_HEAD_BYTES`] is refused by
//!   the HTTP layer (431, empty body); the access middleware answers
//!   smaller but still oversized URIs and headers with the JSON or HTML
//!   error (`crate::access::sizes`).
//!
//! On shutdown the listener stops, idle connections close at once and
//! requests in progress finish.

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Longest a client may take to send a request's head (also the longest a
/// keep-alive connection may stay idle).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most connections one client address may hold open: 1,024, or half the
/// process's open-file limit when that is lower (so that one client can
/// never exhaust the descriptors other clients need), at least 64.
pub const MAX_PER_CLIENT: usize = 1024;

/// [`MAX_PER_CLIENT`] under this process's open-file limit.
pub fn per_client_cap() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            let line = t.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        });
    soft.map_or(MAX_PER_CLIENT, |s| (s / 2).clamp(64, MAX_PER_CLIENT))
}
/// Largest request head (request line and headers) the HTTP layer reads.
pub const MAX_HEAD_BYTES: usize = 256 * 1024;

/// One open connection, as the table sees it.
struct Slot {
    id: u64,
    /// Requests in progress on it.
    busy: Arc<AtomicUsize>,
    /// Asks it to close (gracefully: a request in progress finishes).
    close: Arc<Notify>,
}

/// The open connections by client address.
struct Table {
    cap: usize,
    by_client: Mutex<HashMap<IpAddr, VecDeque<Slot>>>,
}

impl Table {
    fn new(cap: usize) -> Table {
        Table {
            cap,
            by_client: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Slot>>> {
        // Every critical section is a push, a removal or a scan.
        self.by_client.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a connection of `ip`; `false` when it must be refused.
    fn admit(&self, ip: IpAddr, slot: Slot) -> bool {
        let mut t = self.lock();
        let q = t.entry(ip).or_default();
        if q.len() >= self.cap {
            // The oldest idle connection gives way.
            match q.iter().position(|s| s.busy.load(Ordering::Acquire) == 0) {
                Some(k) => {
                    if let Some(old) = q.remove(k) {
                        old.close.notify_one();
                    }
                }
                None => return false,
            }
        }
        q.push_back(slot);
        true
    }

    fn remove(&self, ip: IpAddr, id: u64) {
        let mut t = self.lock();
        if let Some(q) = t.get_mut(&ip) {
            q.retain(|s| s.id != id);
            if q.is_empty() {
                t.remove(&ip);
            }
        }
    }
}

/// Counts a request in progress while alive.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn new(c: &Arc<AtomicUsize>) -> Busy {
        c.fetch_add(1, Ordering::AcqRel);
        Busy(c.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then waits for
/// the requests in progress.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let table = Arc::new(Table::new(per_client_cap()));
    let next = AtomicU64::new(1);
    // Dropped on shutdown: every connection then closes gracefully.
    let (stop_tx, stop_rx) = watch::channel(());
    // Each connection task holds a clone; all gone = all finished.
    let (done_tx, mut done_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (socket, peer) = tokio::select! {
            _ = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(_) => {
                    // Out of file descriptors or a connection reset before
                    // it was accepted: wait a moment rather than spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let id = next.fetch_add(1, Ordering::Relaxed);
        let busy = Arc::new(AtomicUsize::new(0));
        let close = Arc::new(Notify::new());
        let ip = peer.ip();
        if !table.admit(
            ip,
            Slot {
                id,
                busy: busy.clone(),
                close: close.clone(),
            },
        ) {
            drop(socket);
            continue;
        }
        let app = app.clone();
        let table = table.clone();
        let mut stop = stop_rx.clone();
        let done = done_tx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let guard = Busy::new(&busy);
                let app = app.clone();
                async move {
                    let r = app.oneshot(req.map(axum::body::Body::new)).await;
                    drop(guard);
                    r
                }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES);
            let conn = builder.serve_connection(TokioIo::new(socket), service);
            let mut conn = std::pin::pin!(conn);
            let mut closing = false;
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = close.notified(), if !closing => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                    _ = stop.changed(), if !closing => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            table.remove(ip, id);
            drop(done);
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(done_tx);
    // Resolves with an error once every connection task has dropped its
    // sender.
    while done_rx.changed().await.is_ok() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: u64, busy: usize) -> (Slot, Arc<Notify>) {
        let close = Arc::new(Notify::new());
        (
            Slot {
                id,
                busy: Arc::new(AtomicUsize::new(busy)),
                close: close.clone(),
            },
            close,
        )
    }

    #[test]
    fn a_full_client_loses_its_oldest_idle_connection_first() {
        const CAP: usize = 100;
        let t = Table::new(CAP);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        // The first is busy, the rest idle.
        assert!(t.admit(ip, slot(0, 1).0));
        for id in 1..CAP as u64 {
            assert!(t.admit(ip, slot(id, 0).0));
        }
        assert!(t.admit(ip, slot(1000, 0).0));
        let ids: Vec<u64> = t.lock()[&ip].iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), CAP);
        assert_eq!(ids[0], 0, "the busy connection stays");
        assert!(!ids.contains(&1), "the oldest idle one went");
        // All busy: a new connection is refused.
        let t = Table::new(CAP);
        for id in 0..CAP as u64 {
            assert!(t.admit(ip, slot(id, 1).0));
        }
        assert!(!t.admit(ip, slot(999, 0).0));
        t.remove(ip, 3);
        assert!(t.admit(ip, slot(999, 0).0));
        assert!((64..=MAX_PER_CLIENT).contains(&per_client_cap()));
    }
}
