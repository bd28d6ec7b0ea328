//! `domei corpus add|search|show|list`: the evidence corpus.
//!
//! Also holds what the other corpus commands (`evidence`, `claims`) share:
//! the `--corpus DIR` location and the mapping of corpus errors to exit
//! statuses.

use crate::error::{CliError, CliResult};
use crate::lang;
use crate::output;
use domei_corpus::search::mark;
use domei_corpus::{AddOptions, AddStatus, Citation, Corpus, CorpusError, SearchOptions};
use domei_i18n::{pad_end, pad_start, tr_args};
use domei_scenario::{Diagnostic, Diagnostics, Loc};
use std::path::PathBuf;
use std::process::ExitCode;

/// The CLI's one output format type (table or JSON here).
pub use crate::store::Format;

/// Where the corpus lives; shared by every corpus command.
#[derive(clap::Args, Debug, Clone)]
pub struct Location {
    /// Corpus folder [env: DOMEI_CORPUS] [default: $XDG_DATA_HOME/domei/corpus
    /// or ~/.local/share/domei/corpus]. Created and seeded with the bundled
    /// papers on first use.
    #[arg(long, value_name = "DIR", global = true)]
    pub corpus: Option<PathBuf>,
}

impl Location {
    pub fn dir(&self) -> PathBuf {
        if let Some(d) = &self.corpus {
            return d.clone();
        }
        match std::env::var_os("DOMEI_CORPUS").filter(|v| !v.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => domei_corpus::default_corpus_dir(),
        }
    }

    /// Opens the corpus, seeding it when empty.
    pub fn open(&self) -> Result<Corpus, CliError> {
        Corpus::open(&self.dir()).map_err(corpus_error)
    }
}

/// Maps a corpus error to the CLI's error (and so to its exit status).
pub fn corpus_error(e: CorpusError) -> CliError {
    match e {
        CorpusError::Input {
            path,
            message,
            help,
        } => {
            let mut d = Diagnostic::new(&path, Loc::new(0, 0), message);
            if let Some(h) = help {
                d = d.help(h);
            }
            CliError::Input(Diagnostics::single(d))
        }
        CorpusError::NotFound(m) | CorpusError::Invalid(m) => CliError::Usage(m),
        CorpusError::Storage(m) => CliError::Internal(format!("corpus storage: {m}")),
    }
}

/// The CLI's one JSON encoder, under the name the corpus commands use.
pub use crate::store::json as to_json;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub location: Location,
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand)]
pub enum Sub {
    /// Add files or folders (.txt .md .html .pdf) to the corpus. Re-adding
    /// an unchanged file does nothing; a changed one becomes a new version.
    Add(AddArgs),
    /// Search passages (BM25; "quoted phrases"; Japanese works too).
    Search(SearchArgs),
    /// Show a passage (DOC#pN, DOC#pN.M, DOC@vK#pN) with its neighbours and
    /// the document's metadata.
    Show(ShowArgs),
    /// List the documents in the corpus.
    List(ListArgs),
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// Files and folders (folders are read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Document id to use (one file only) instead of one made from the name.
    #[arg(long)]
    pub id: Option<String>,
    /// Add the readable files even when some fail (exit status is still 2).
    #[arg(long)]
    pub skip_bad: bool,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Search words; "quote" a phrase.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Number of passages to show.
    #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Only search this document.
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
    /// Do not add glossary synonyms (e.g. "cost of stationing" for "host
    /// nation support").
    #[arg(long)]
    pub no_expand: bool,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Passage locator, e.g. 004_b3e4016961f00b53#p61.
    pub locator: String,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    match a.command {
        Sub::Add(x) => add(&a.location, x),
        Sub::Search(x) => search(&a.location, x),
        Sub::Show(x) => show(&a.location, x),
        Sub::List(x) => list(&a.location, x),
    }
}

fn add(loc: &Location, a: AddArgs) -> CliResult {
    let mut corpus = loc.open()?;
    let opts = AddOptions {
        id: a.id,
        skip_bad: a.skip_bad,
    };
    let bar = crate::progress::Progress::spinner("corpus add: reading and indexing");
    let report = corpus.add_paths(&a.paths, &opts).map_err(corpus_error);
    drop(bar); // erased before anything is printed
    let report = report?;
    let written = report.errors.is_empty() || a.skip_bad;
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => {
            let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
            output::print(&to_json(&serde_json::json!({
                "corpus": corpus.dir(),
                "written": written,
                "documents": report.outcomes,
                "errors": errors,
            }))?);
        }
        Format::Table => {
            let mut t = String::new();
            for o in &report.outcomes {
                let status = crate::lang::t(match o.status {
                    AddStatus::Added => "cli-corpus-added",
                    AddStatus::NewVersion => "cli-corpus-new-version",
                    AddStatus::Unchanged => "cli-corpus-unchanged",
                    AddStatus::MetadataUpdated => "cli-corpus-metadata-updated",
                });
                t.push_str(&format!(
                    "{} {:<28} v{:<3} {:<8} {} {}  {}\n",
                    pad_end(&status, 16),
                    o.id,
                    o.version,
                    o.format.name(),
                    pad_start(&counted("cli-corpus-paragraphs", o.paragraphs as usize), 15),
                    pad_start(&counted("cli-corpus-passages", o.passages as usize), 14),
                    o.path
                ));
            }
            if !report.outcomes.is_empty() {
                output::print(&t);
            }
        }
    }
    if report.errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let diags: Vec<Diagnostic> = report
        .errors
        .into_iter()
        .filter_map(|e| match corpus_error(e) {
            CliError::Input(d) => Some(d.0),
            other => {
                output::eprint(&other.to_string());
                None
            }
        })
        .flatten()
        .collect();
    if !written {
        output::eprint(&lang::t("cli-corpus-nothing-added"));
    }
    Err(CliError::Input(Diagnostics(diags)))
}

fn search(loc: &Location, a: SearchArgs) -> CliResult {
    let corpus = loc.open()?;
    let q = a.query.join(" ");
    let opts = SearchOptions {
        limit: a.limit as usize,
        doc: a.doc,
        expand: !a.no_expand,
        ..Default::default()
    };
    let r = corpus.search(&q, &opts).map_err(corpus_error)?;
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(&r)?),
        Format::Table => {
            let mut t = String::new();
            if r.hits.is_empty() {
                t.push_str(&format!(
                    "{}\n",
                    tr_args(lang::get(), "cli-corpus-no-match", &[("query", q.clone())])
                ));
                // A Japanese query on a corpus of English papers: name the
                // glossary's English terms to try.
                let en = domei_corpus::glossary::english_suggestions(&q);
                if !en.is_empty() {
                    t.push_str(&format!(
                        "{}\n",
                        tr_args(
                            lang::get(),
                            "cli-corpus-try-english",
                            &[("terms", en.join(", "))]
                        )
                    ));
                }
            }
            for h in &r.hits {
                let title = h.title.as_deref().unwrap_or("");
                let title: String = title.chars().take(70).collect();
                t.push_str(&format!(
                    "{:>3}. {:<32} {:>6.2}  {title}\n",
                    h.rank, h.passage, h.score
                ));
                t.push_str(&format!(
                    "     {}\n",
                    mark(&h.snippet, &h.highlights, "[", "]").replace('\n', " ")
                ));
            }
            if !r.expansions.is_empty() {
                t.push_str(&format!(
                    "{}\n",
                    tr_args(
                        lang::get(),
                        "cli-corpus-also-searched",
                        &[("terms", r.expansions.join(", "))]
                    )
                ));
            }
            output::print(&t);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(loc: &Location, a: ShowArgs) -> CliResult {
    let corpus = loc.open()?;
    let c = Citation::parse(&a.locator).map_err(corpus_error)?;
    let r = match corpus.resolve(&c).map_err(corpus_error)? {
        Ok(r) => r,
        Err(u) => return Err(CliError::Usage(u.to_string())),
    };
    let info = corpus
        .document(&r.doc, Some(r.version))
        .map_err(corpus_error)?
        .ok_or_else(|| CliError::Internal(format!("document {} vanished", r.doc)))?;
    let (prev, next) = corpus.neighbours(&r).map_err(corpus_error)?;
    let chunks: Vec<String> = if r.passage.locator.chunk.is_none() {
        corpus
            .passages(&r.doc, r.version)
            .map_err(corpus_error)?
            .into_iter()
            .filter(|p| p.locator.para == r.passage.locator.para && p.locator.chunk.is_some())
            .map(|p| p.locator.to_string())
            .collect()
    } else {
        Vec::new()
    };
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(&serde_json::json!({
            "passage": r.citation(),
            "document": info,
            "previous": prev,
            "current": r.passage,
            "next": next,
            "chunks": chunks,
        }))?),
        Format::Table => {
            let m = &info.meta;
            let mut t = format!(
                "{}  {}\n",
                r.citation(),
                tr_args(
                    lang::get(),
                    "cli-corpus-version-of",
                    &[
                        ("version", r.version.to_string()),
                        ("latest", r.latest.to_string())
                    ]
                )
            );
            let mut field = |k: &str, v: Option<String>| {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    t.push_str(&format!("{} {v}\n", pad_end(&lang::t(k), 10)));
                }
            };
            field("cli-corpus-title", m.title.clone());
            field("cli-corpus-authors", Some(m.authors.join("; ")));
            field("cli-corpus-publisher", m.publisher.clone());
            field("cli-date", m.date.clone());
            field("cli-source", m.url.clone().or(Some(info.source.clone())));
            field("cli-corpus-language", m.language.clone());
            field("cli-corpus-format", Some(info.format.name().to_string()));
            t.push('\n');
            let line = |t: &mut String, mark: &str, p: &domei_corpus::Passage| {
                t.push_str(&format!("{mark}{:<7} {}\n", p.locator.to_string(), p.text));
            };
            if let Some(p) = &prev {
                line(&mut t, "  ", p);
            }
            line(&mut t, "> ", &r.passage);
            if let Some(p) = &next {
                line(&mut t, "  ", p);
            }
            t.push_str(&format!(
                "\n{}{}\n",
                tr_args(
                    lang::get(),
                    "cli-corpus-characters",
                    &[
                        ("start", r.passage.start.to_string()),
                        ("end", r.passage.end.to_string())
                    ]
                ),
                if chunks.is_empty() {
                    String::new()
                } else {
                    tr_args(
                        lang::get(),
                        "cli-corpus-chunks",
                        &[("chunks", chunks.join(", "))],
                    )
                }
            ));
            output::print(&t);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(loc: &Location, a: ListArgs) -> CliResult {
    let corpus = loc.open()?;
    let docs = corpus.documents().map_err(corpus_error)?;
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(
            &serde_json::json!({ "corpus": corpus.dir(), "documents": docs }),
        )?),
        Format::Table => {
            let mut t = format!(
                "{}\n",
                tr_args(
                    lang::get(),
                    "cli-corpus-documents-in",
                    &[
                        ("n", docs.len().to_string()),
                        ("dir", corpus.dir().display().to_string())
                    ]
                )
            );
            for d in &docs {
                let title: String = d
                    .meta
                    .title
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect();
                t.push_str(&format!(
                    "{:<28} v{:<3} {:<8} {}  {:<14} {title}\n",
                    d.id,
                    d.version,
                    d.format.name(),
                    pad_start(&counted("cli-corpus-paragraphs", d.paragraphs as usize), 15),
                    d.meta.date.as_deref().unwrap_or("")
                ));
            }
            output::print(&t);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "`n` paragraphs" (or passages) in this run's language.
fn counted(key: &str, n: usize) -> String {
    tr_args(lang::get(), key, &[("n", n.to_string())])
}
