//! domei's evidence corpus.
//!
//! Owns everything about the papers an analyst cites: reading files (plain
//! text, Markdown, HTML, PDF) into normalised text, splitting it into
//! passages with stable locators (`DOC#pN`, `DOC#pN.M`, `DOC@vK#pN`),
//! storing documents and their versions (SQLite), searching passages
//! (tantivy, BM25, English stemming, CJK bigrams), verifying citations and
//! quotes, and extracting and cross-checking the numbers the papers state.
//!
//! It knows nothing of scenarios or models: callers hand it document ids,
//! locators and quotes.
//!
//! ```no_run
//! use domei_corpus::{Corpus, SearchOptions};
//! # fn main() -> Result<(), domei_corpus::CorpusError> {
//! let corpus = Corpus::open(std::path::Path::new("/tmp/corpus"))?; // seeds itself
//! let hits = corpus.search("host nation support", &SearchOptions::default())?;
//! let check = corpus.check_reference("004_b3e4016961f00b53", "p61", Some("exceeds 800 billion yen annually"))?;
//! assert!(check.ok());
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod claims;
mod corpus;
pub mod error;
#[cfg(any(test, feature = "testing"))]
pub mod fuzzing;
pub mod glossary;
mod ids;
mod index;
pub mod ingest;
pub mod locator;
pub mod normalize;
pub mod passage;
#[cfg(any(test, feature = "testing"))]
pub mod pdfgen;
pub mod search;
pub mod seeds;
mod store;
pub mod tokenize;
pub mod verify;

pub use claims::{Claim, ClaimFilter, ClaimKind};
pub use corpus::{
    default_corpus_dir, AddOptions, AddOutcome, AddReport, AddStatus, Corpus, ResolvedPassage,
    Unresolved,
};
pub use error::{CorpusError, Result};
pub use ingest::{Format, Metadata};
pub use locator::{Citation, Locator};
pub use passage::Passage;
pub use search::{SearchHit, SearchOptions, SearchResults};
pub use store::DocumentInfo;
pub use verify::{enclosing_sentence, CheckStatus, CitationCheck, Closest};
