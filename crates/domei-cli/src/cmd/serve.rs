//! `domei serve`: the web workbench (domei-web).

use crate::error::{CliError, CliResult};
use crate::store::{store_error, DbArgs};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on. On a loopback address (the default) no login is
    /// needed; on any other, every change needs an API token (`domei token
    /// create`), and reads too unless --open-reads. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: SocketAddr,
    /// Off loopback: allow reads (pages, GET requests) without a token.
    #[arg(long)]
    pub open_reads: bool,
    /// On loopback, also answer requests naming this host (repeatable; by
    /// default only 127.0.0.1, localhost, `[::1]` and the bound address, so
    /// that a web page cannot reach the workbench by DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    #[command(flatten)]
    pub budget: crate::limits::BudgetArgs,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub corpus: super::corpus::Location,
}

pub fn run(a: Args) -> CliResult {
    let location = a.db.location()?;
    let memory_budget = a.budget.budget()?;
    for h in &a.allow_hosts {
        if h.is_empty() || h.contains(['/', ' ', '@']) {
            return Err(CliError::Usage(format!(
                "--allow-host {h:?}: give a host name such as workbench.local (no scheme, path or port)"
            )));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Internal(format!("cannot start the async runtime: {e}")))?;
    let config = domei_web::Config {
        addr: a.addr,
        open_reads: a.open_reads,
        corpus: a.corpus.dir(),
        memory_budget,
        allowed_hosts: a.allow_hosts.clone(),
    };
    rt.block_on(async move {
        let store = domei_store::Store::open(&location).await.map_err(store_error)?;
        domei_web::ensure_scenario(&store, crate::input::BUNDLED_TOML)
            .await
            .map_err(|e| CliError::Internal(format!("cannot store the bundled scenario: {e}")))?;
        let loopback = a.addr.ip().is_loopback();
        domei_web::serve(store, config, |bound| {
            crate::output::print(&format!("domei workbench: http://{bound}/"));
            if !loopback {
                crate::output::eprint(&format!(
                    "listening on {bound}, not a loopback address: changes need an API token{}; use a TLS proxy in front of it on an untrusted network",
                    if a.open_reads { "" } else { ", and so do reads" }
                ));
            }
        })
        .await
        .map_err(|e| CliError::Usage(format!("cannot serve on {}: {e}", a.addr)))
    })?;
    Ok(ExitCode::SUCCESS)
}
