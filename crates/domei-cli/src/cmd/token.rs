//! `domei token create|list|revoke`: API tokens for `domei serve`
//! (domei-store). Only a hash of each token is stored; the token itself is
//! printed once, by `create`.

use crate::error::{CliError, CliResult};
use crate::output;
use crate::store::{json, when, Db, DbArgs, Format};
use clap::Subcommand;
use domei_report::forecast_table::render;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (the only time it is shown).
    Create {
        /// What the token is for (shown by `token list`).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// List tokens (never their secrets).
    List {
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// Revoke a token: it stops working at once.
    Revoke { id: i64 },
}

pub fn run(a: Args) -> CliResult {
    let db = Db::open(&a.db)?;
    let text = match a.command {
        TokenCommand::Create { label } => {
            let t = db.run(db.store.create_token(&label))?;
            output::eprint(&format!(
                "created token {}; it is shown only this once:",
                t.token.id
            ));
            t.plaintext
        }
        TokenCommand::List { format } => {
            let list = db.run(db.store.list_tokens())?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&list)?,
                Format::Table if list.is_empty() => crate::lang::t("cli-tokens-none"),
                Format::Table => {
                    let mut rows = vec![crate::lang::header(&[
                        "cli-id",
                        "cli-label",
                        "cli-created-utc",
                        "cli-last-used-utc",
                        "cli-status",
                    ])];
                    for t in &list {
                        rows.push(vec![
                            t.id.to_string(),
                            t.label.clone(),
                            when(t.created_at),
                            t.last_used_at.map_or(crate::lang::t("cli-never"), when),
                            t.revoked_at.map_or(crate::lang::t("cli-active"), |r| {
                                domei_i18n::tr_args(
                                    crate::lang::get(),
                                    "cli-revoked",
                                    &[("when", when(r))],
                                )
                            }),
                        ]);
                    }
                    render(&rows, "rl")
                }
            }
        }
        TokenCommand::Revoke { id } => {
            if !db.run(db.store.revoke_token(id))? {
                db.close();
                return Err(CliError::Usage(crate::lang::ta(
                    "cli-err-no-token",
                    &[("id", id.to_string())],
                )));
            }
            format!("revoked token {id}")
        }
    };
    db.close();
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
