//! The evidence corpus from the workbench: search, resolve a cited
//! passage, record the document list in the store.

use super::blocking;
use crate::error::WebError;
use crate::state::AppState;
use serde::Serialize;
use std::sync::Arc;

/// A cited passage with its neighbours and its document's record.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// The passage's citation, `DOC#LOCATOR`.
    pub citation: String,
    /// The document's id.
    pub doc: String,
    /// The document's title (`None`: untitled).
    pub title: Option<String>,
    /// The document's reference, as recorded.
    pub reference: String,
    /// The passage's text.
    pub text: String,
    /// The passage before it (`None`: it is the first).
    pub before: Option<String>,
    /// The passage after it (`None`: it is the last).
    pub after: Option<String>,
}

/// Resolves `citation` (`DOC#pN`) in the corpus.
pub async fn passage(st: &Arc<AppState>, citation: &str) -> Result<PassageView, WebError> {
    let st = st.clone();
    let citation = citation.to_string();
    blocking(move || {
        let c = domei_corpus::Citation::parse(&citation)?;
        st.corpus.with(|corpus| {
            let r = corpus
                .resolve(&c)?
                .map_err(|u| WebError::NotFound(u.to_string()))?;
            let (before, after) = corpus.neighbours(&r)?;
            let info = corpus.document(&r.doc, Some(r.version))?;
            let title = info.as_ref().and_then(|d| d.meta.title.clone());
            let reference = domei_brief::seed_docs()
                .into_iter()
                .find(|d| d.id == r.doc)
                .map(|d| d.reference())
                .or_else(|| {
                    info.as_ref().map(|d| {
                        let mut r = d.meta.authors.join(", ");
                        for part in [&d.meta.title, &d.meta.publisher, &d.meta.date]
                            .into_iter()
                            .flatten()
                        {
                            if !r.is_empty() {
                                r.push_str(". ");
                            }
                            r.push_str(part);
                        }
                        if r.is_empty() {
                            d.id.clone()
                        } else {
                            r
                        }
                    })
                })
                .unwrap_or_else(|| r.doc.clone());
            Ok(PassageView {
                citation: r.citation(),
                doc: r.doc.clone(),
                title,
                reference,
                text: r.passage.text.clone(),
                before: before.map(|p| p.text),
                after: after.map(|p| p.text),
            })
        })
    })
    .await
}

/// Searches the corpus.
pub async fn search(
    st: &Arc<AppState>,
    q: &str,
    limit: usize,
) -> Result<domei_corpus::SearchResults, WebError> {
    let st = st.clone();
    let q = q.to_string();
    blocking(move || {
        st.corpus.with(|c| {
            let opts = domei_corpus::SearchOptions {
                limit: limit.clamp(1, 50),
                ..Default::default()
            };
            Ok(c.search(&q, &opts)?)
        })
    })
    .await
}

/// Records the corpus's document versions (id, title, hash) in the store,
/// so a shared server's store lists what its scenarios may cite. Opens (and
/// on first use seeds) the corpus. Returns how many versions were new.
pub async fn sync_corpus(st: &Arc<AppState>) -> Result<usize, WebError> {
    let st2 = st.clone();
    let docs = blocking(move || st2.corpus.with(|c| Ok(c.documents()?))).await?;
    let rfc = time::format_description::well_known::Rfc3339;
    // A date the corpus wrote that does not parse is an error, not "now".
    let recs: Vec<domei_store::CorpusDocument> = docs
        .into_iter()
        .map(|d| {
            let added_at = time::OffsetDateTime::parse(&d.added_at, &rfc).map_err(|e| {
                WebError::Internal(format!(
                    "corpus document {}: its date {:?} is not RFC 3339: {e}",
                    d.id, d.added_at
                ))
            })?;
            Ok(domei_store::CorpusDocument {
                title: d.meta.title.clone().unwrap_or_else(|| d.id.clone()),
                version: i64::from(d.version),
                sha256: d.content_hash,
                added_at,
                id: d.id,
            })
        })
        .collect::<Result<_, WebError>>()?;
    Ok(st.store.record_corpus_documents(&recs).await?)
}
