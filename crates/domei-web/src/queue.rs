//! The workbench's run queue: forecasts and simulations started from the workbench,
//! with their progress, computed off the async threads and stored when done.
//!
//! A job waits for a compute slot (forecasts and strategy analyses share as
//! many slots as there are cores; simulations, which use every core
//! themselves, run one at a time), computes ([`domei_runs::compute_until`]
//! or [`domei_runs::strategy::compute`], on the blocking pool), and writes
//! its run in one transaction. Its state is kept in memory only: the stored
//! run is the durable record, and a job that dies with the server leaves
//! nothing behind (the run's transaction never commits).
//!
//! A job can be cancelled while it waits or runs ([`Queue::cancel`]): a
//! simulation stops between blocks of draws, and a cancelled job stores
//! nothing. Progress comes with the time spent and, once some draws are
//! done, an estimate of the time left (elapsed × left ÷ done).

use crate::error::WebError;
use domei_runs::strategy::StrategyJob;
use domei_runs::{Estimate, Job, Kind};
use domei_scenario::Scenario;
use domei_store::{ScenarioRef, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{watch, Notify, Semaphore};

/// Jobs kept in memory (finished ones beyond this are forgotten, oldest
/// first; their runs stay in the store).
const KEEP: usize = 500;
/// Jobs of one kind that may wait or run at once; more are refused with
/// 503. Forecasts and simulations are counted (and run, see [`Queue`])
/// apart, so that queued simulations never starve forecasts.
const MAX_PENDING: usize = 256;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for a worker.
    Queued,
    /// Being computed.
    Running,
    /// Finished; its run is stored.
    Done,
    /// Stopped by an error (in [`JobInfo::error`]).
    Failed,
    /// Stopped by [`Queue::cancel`]; nothing was stored.
    Cancelled,
}

impl State {
    /// Done, failed or cancelled: the job will not change again.
    pub fn is_final(self) -> bool {
        matches!(self, State::Done | State::Failed | State::Cancelled)
    }
}

/// What a job computes.
#[derive(Debug, Clone)]
pub enum Work {
    /// A forecast or a simulation.
    Run(Job),
    /// A what-if, best responses or sensitivity.
    Strategy(StrategyJob),
}

impl Work {
    /// The run kind it stores (`forecast`, `simulate`, `whatif`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Work::Run(j) => j.kind.as_str(),
            Work::Strategy(j) => j.params.analysis.kind(),
        }
    }

    fn models(&self) -> &[domei_engines::ModelId] {
        match self {
            Work::Run(j) => &j.models,
            Work::Strategy(j) => &j.models,
        }
    }

    /// Simulations run on their own slot; everything else on the forecasts'.
    fn simulation(&self) -> bool {
        matches!(self, Work::Run(j) if j.kind == Kind::Simulate)
    }
}

/// A job as the API reports it.
#[derive(Debug, Clone, Serialize)]
pub struct JobInfo {
    /// The job's id, unique in this server's life.
    pub id: u64,
    /// The run kind: `forecast`, `simulate`, `whatif`, `best_response`,
    /// `sensitivity`.
    pub kind: &'static str,
    /// The scenario version it runs on.
    pub scenario: ScenarioRef,
    /// The models asked for.
    pub models: Vec<String>,
    /// Where the job is.
    pub state: State,
    /// Draws done and to do (simulations); 0 of 1 then 1 of 1 for forecasts.
    pub done: u64,
    /// Units of work in all (see `done`).
    pub total: u64,
    /// The stored run, once done.
    pub run: Option<i64>,
    /// Why the job failed (`None` unless it did).
    pub error: Option<String>,
    /// Its estimated cost, computed before it was queued.
    pub estimate: Estimate,
    /// Seconds since it started running (null while queued).
    pub elapsed_seconds: Option<f64>,
    /// Estimated seconds left while running, from the pace so far (null
    /// until some draws are done, and for forecasts and analyses).
    pub remaining_seconds: Option<f64>,
}

struct Entry {
    done: AtomicU64,
    cancel: AtomicBool,
    cancelled: Notify,
    started: Mutex<Option<Instant>>,
    tx: watch::Sender<JobInfo>,
}

impl Entry {
    fn snapshot(&self) -> JobInfo {
        let mut info = self.tx.borrow().clone();
        if info.state == State::Running {
            info.done = self.done.load(Ordering::Relaxed).min(info.total);
            // Poisoning cannot leave an Option<Instant> inconsistent.
            let started = *self.started.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(t0) = started {
                let elapsed = t0.elapsed().as_secs_f64();
                info.elapsed_seconds = Some(elapsed);
                info.remaining_seconds = (info.done > 0 && info.total > 1)
                    .then(|| elapsed * (info.total - info.done) as f64 / info.done as f64);
            }
        }
        info
    }

    fn stopped(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
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

    /// The job `id` as it is now (`None`: no such job, or forgotten).
    pub fn get(&self, id: u64) -> Option<JobInfo> {
        self.lock().get(&id).map(|e| e.snapshot())
    }

    /// Cancels job `id` if it is queued or running and returns its state
    /// once it has stopped (a running simulation stops within one block of
    /// draws per thread; a forecast or an analysis runs to its end, then is
    /// not stored). `None` for an unknown job; a finished job is returned
    /// unchanged.
    pub async fn cancel(&self, id: u64) -> Option<JobInfo> {
        let entry = self.lock().get(&id).cloned()?;
        let rx = entry.tx.subscribe();
        if entry.tx.borrow().state.is_final() {
            return Some(entry.snapshot());
        }
        entry.cancel.store(true, Ordering::SeqCst);
        entry.cancelled.notify_one();
        entry.tx.send_if_modified(|i| {
            let queued = i.state == State::Queued;
            if queued {
                i.state = State::Cancelled;
            }
            queued
        });
        Some(finished(rx).await)
    }

    /// Starts `job` on scenario version `at` (already stored; `s` is its
    /// text, parsed). Returns the job's id and a receiver of its state.
    pub fn start(
        self: &Arc<Self>,
        store: Store,
        s: Scenario,
        at: ScenarioRef,
        job: Work,
        estimate: Estimate,
    ) -> Result<(u64, watch::Receiver<JobInfo>), WebError> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let total = match &job {
            Work::Run(j) => j.params.monte_carlo.map_or(1, |m| m.draws),
            Work::Strategy(_) => 1,
        };
        let info = JobInfo {
            id,
            kind: job.kind(),
            scenario: at.clone(),
            models: job
                .models()
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            state: State::Queued,
            done: 0,
            total,
            run: None,
            error: None,
            estimate,
            elapsed_seconds: None,
            remaining_seconds: None,
        };
        let (tx, rx) = watch::channel(info);
        let entry = Arc::new(Entry {
            done: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            cancelled: Notify::new(),
            started: Mutex::new(None),
            tx,
        });
        {
            let mut t = self.lock();
            let pending = t
                .values()
                .filter(|e| {
                    let i = e.tx.borrow();
                    (i.kind == Kind::Simulate.as_str()) == job.simulation()
                        && matches!(i.state, State::Queued | State::Running)
                })
                .count();
            if pending >= MAX_PENDING {
                let what = if job.simulation() {
                    "simulate"
                } else {
                    "forecast"
                };
                return Err(WebError::Unavailable(format!(
                    "{pending} {what} runs are already waiting or running; try again shortly"
                )));
            }
            t.insert(id, entry.clone());
            while t.len() > KEEP {
                let oldest_done = t
                    .iter()
                    .find(|(_, e)| e.tx.borrow().state.is_final())
                    .map(|(k, _)| *k);
                match oldest_done {
                    Some(k) => t.remove(&k),
                    None => break,
                };
            }
        }
        let slots = if job.simulation() {
            self.sim_slots.clone()
        } else {
            self.forecast_slots.clone()
        };
        tokio::spawn(run(entry, slots, store, s, at, job));
        Ok((id, rx))
    }
}

/// Waits for a slot (or a cancellation), computes, stores; records the
/// outcome in the entry.
async fn run(
    entry: Arc<Entry>,
    slots: Arc<Semaphore>,
    store: Store,
    s: Scenario,
    at: ScenarioRef,
    job: Work,
) {
    let permit = tokio::select! {
        p = slots.acquire_owned() => p,
        () = entry.cancelled.notified() => return cancelled(&entry),
    };
    let Ok(_permit) = permit else {
        entry.update(|i| {
            i.state = State::Failed;
            i.error = Some("the server is shutting down".into());
        });
        return;
    };
    if entry.stopped() {
        return cancelled(&entry);
    }
    *entry.started.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    entry.update(|i| {
        if i.state == State::Queued {
            i.state = State::Running;
        }
    });
    let started = time::OffsetDateTime::now_utc();
    let e2 = entry.clone();
    let computed = tokio::task::spawn_blocking(move || match job {
        Work::Run(job) => {
            let out = domei_runs::compute_until(
                &s,
                &job,
                &|done, _| e2.done.store(done, Ordering::Relaxed),
                &|| e2.stopped(),
            );
            out.map(|out| domei_runs::record(&s, &job, &out, started).map_err(|e| e.to_string()))
        }
        Work::Strategy(job) => Some(
            domei_runs::strategy::compute(&s, &job)
                .map_err(|e| e.to_string())
                .and_then(|doc| {
                    domei_runs::strategy::record(&job, &doc, started).map_err(|e| e.to_string())
                }),
        ),
    })
    .await;
    let record = match computed {
        Ok(Some(Ok(r))) => r,
        Ok(None) => return cancelled(&entry),
        Ok(Some(Err(e))) => return fail(&entry, e),
        Err(e) => return fail(&entry, format!("the computation failed: {e}")),
    };
    // Cancelled while the last step ran: nothing is stored.
    if entry.stopped() {
        return cancelled(&entry);
    }
    match store.save_run(&at, &record).await {
        Ok(run) => entry.update(|i| {
            i.state = State::Done;
            i.done = i.total;
            i.run = Some(run);
        }),
        Err(e) => fail(&entry, format!("the run was not stored: {e}")),
    }
}

fn cancelled(entry: &Entry) {
    let done = entry.done.load(Ordering::Relaxed);
    entry.update(|i| {
        i.state = State::Cancelled;
        i.done = done.min(i.total);
    });
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
        if now.state.is_final() {
            return now;
        }
        if rx.changed().await.is_err() {
            return rx.borrow().clone();
        }
    }
}
