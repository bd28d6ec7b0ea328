//! The workbench's run queue: forecasts and simulations started from the workbench,
//! with their progress, computed off the async threads and stored when done.
//!
//! A job waits for a compute slot (forecasts share as many slots as there
//! are cores; simulations, which use every core themselves, run one at a
//! time), computes ([`domei_runs::compute`], on the blocking pool), and
//! writes its run in one transaction. Its state is kept in memory only:
//! the stored run is the durable record, and a job that dies with the
//! server leaves nothing behind (the run's transaction never commits).

use crate::error::WebError;
use domei_runs::{Estimate, Job, Kind};
use domei_scenario::Scenario;
use domei_store::{ScenarioRef, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{watch, Semaphore};

/// Jobs kept in memory (finished ones beyond this are forgotten, oldest
/// first; their runs stay in the store).
const KEEP: usize = 500;
/// Jobs of one kind that may wait or run at once; more are refused with
/// 503. Forecasts and simulations are counted (and run, see [`Queue`])
/// apart, so that queued simulations never starve forecasts.
const MAX_PENDING: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Queued,
    Running,
    Done,
    Failed,
}

/// A job as the API reports it.
#[derive(Debug, Clone, Serialize)]
pub struct JobInfo {
    pub id: u64,
    pub kind: Kind,
    pub scenario: ScenarioRef,
    pub models: Vec<String>,
    pub state: State,
    /// Draws done and to do (simulations); 0 of 1 then 1 of 1 for forecasts.
    pub done: u64,
    pub total: u64,
    /// The stored run, once done.
    pub run: Option<i64>,
    pub error: Option<String>,
    /// Its estimated cost, computed before it was queued.
    pub estimate: Estimate,
}

struct Entry {
    done: AtomicU64,
    tx: watch::Sender<JobInfo>,
}

impl Entry {
    fn snapshot(&self) -> JobInfo {
        let mut info = self.tx.borrow().clone();
        if info.state == State::Running {
            info.done = self.done.load(Ordering::Relaxed).min(info.total);
        }
        info
    }

    fn update(&self, f: impl FnOnce(&mut JobInfo)) {
        self.tx.send_modify(f);
    }
}

/// The job table and the compute slots.
pub struct Queue {
    next: AtomicU64,
    table: Mutex<BTreeMap<u64, Arc<Entry>>>,
    forecast_slots: Arc<Semaphore>,
    sim_slots: Arc<Semaphore>,
}

impl Default for Queue {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Queue {
            next: AtomicU64::new(1),
            table: Mutex::new(BTreeMap::new()),
            forecast_slots: Arc::new(Semaphore::new(cores.max(2))),
            sim_slots: Arc::new(Semaphore::new(1)),
        }
    }
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Entry>>> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (every critical section is a single insert, get or remove).
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, id: u64) -> Option<JobInfo> {
        self.lock().get(&id).map(|e| e.snapshot())
    }

    /// Starts `job` on scenario version `at` (already stored; `s` is its
    /// text, parsed). Returns the job's id and a receiver of its state.
    pub fn start(
        self: &Arc<Self>,
        store: Store,
        s: Scenario,
        at: ScenarioRef,
        job: Job,
        estimate: Estimate,
    ) -> Result<(u64, watch::Receiver<JobInfo>), WebError> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let total = job.params.monte_carlo.map_or(1, |m| m.draws);
        let info = JobInfo {
            id,
            kind: job.kind,
            scenario: at.clone(),
            models: job.models.iter().map(|m| m.as_str().to_string()).collect(),
            state: State::Queued,
            done: 0,
            total,
            run: None,
            error: None,
            estimate,
        };
        let (tx, rx) = watch::channel(info);
        let entry = Arc::new(Entry {
            done: AtomicU64::new(0),
            tx,
        });
        {
            let mut t = self.lock();
            let pending = t
                .values()
                .filter(|e| {
                    let i = e.tx.borrow();
                    i.kind == job.kind && matches!(i.state, State::Queued | State::Running)
                })
                .count();
            if pending >= MAX_PENDING {
                return Err(WebError::Unavailable(format!(
                    "{pending} {} runs are already waiting or running; try again shortly",
                    job.kind.as_str()
                )));
            }
            t.insert(id, entry.clone());
            while t.len() > KEEP {
                let oldest_done = t
                    .iter()
                    .find(|(_, e)| matches!(e.tx.borrow().state, State::Done | State::Failed))
                    .map(|(k, _)| *k);
                match oldest_done {
                    Some(k) => t.remove(&k),
                    None => break,
                };
            }
        }
        let slots = match job.kind {
            Kind::Forecast => self.forecast_slots.clone(),
            Kind::Simulate => self.sim_slots.clone(),
        };
        tokio::spawn(run(entry, slots, store, s, at, job));
        Ok((id, rx))
    }
}

/// Waits for a slot, computes, stores; records the outcome in the entry.
async fn run(
    entry: Arc<Entry>,
    slots: Arc<Semaphore>,
    store: Store,
    s: Scenario,
    at: ScenarioRef,
    job: Job,
) {
    let Ok(_permit) = slots.acquire_owned().await else {
        entry.update(|i| {
            i.state = State::Failed;
            i.error = Some("the server is shutting down".into());
        });
        return;
    };
    entry.update(|i| i.state = State::Running);
    let started = time::OffsetDateTime::now_utc();
    let e2 = entry.clone();
    let computed = tokio::task::spawn_blocking(move || {
        let out = domei_runs::compute(&s, &job, &|done, _| {
            e2.done.store(done, Ordering::Relaxed);
        });
        domei_runs::record(&s, &job, &out, started)
    })
    .await;
    let record = match computed {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&entry, e.to_string()),
        Err(e) => return fail(&entry, format!("the computation failed: {e}")),
    };
    match store.save_run(&at, &record).await {
        Ok(run) => entry.update(|i| {
            i.state = State::Done;
            i.done = i.total;
            i.run = Some(run);
        }),
        Err(e) => fail(&entry, format!("the run was not stored: {e}")),
    }
}

fn fail(entry: &Entry, message: String) {
    entry.update(|i| {
        i.state = State::Failed;
        i.error = Some(message);
    });
}

/// Waits until the job is done or failed and returns its final state.
pub async fn finished(mut rx: watch::Receiver<JobInfo>) -> JobInfo {
    loop {
        let now = rx.borrow_and_update().clone();
        if matches!(now.state, State::Done | State::Failed) {
            return now;
        }
        if rx.changed().await.is_err() {
            return rx.borrow().clone();
        }
    }
}
