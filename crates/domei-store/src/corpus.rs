//! The evidence corpus's document list, as recorded in the store: which
//! document versions (id, title, content hash) a team's scenarios may cite.
//! The documents' text and index stay in the corpus folder (domei-corpus);
//! the store keeps the metadata, so that everyone on a shared server sees
//! the same list with the same hashes.

use crate::error::Result;
use crate::{micros, with_pool, Store};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

/// One version of one corpus document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorpusDocument {
    /// The document's id in the corpus.
    pub id: String,
    /// 1 for the first recorded version, then one more per changed text.
    pub version: i64,
    /// The document's title, as ingested.
    pub title: String,
    /// SHA-256 of the document's normalised text.
    pub sha256: String,
    /// When this version was recorded.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
}

impl Store {
    /// Records document versions not recorded yet (a recorded id and
    /// version is left as it is: versions are immutable). Returns how many
    /// were new.
    pub async fn record_corpus_documents(&self, docs: &[CorpusDocument]) -> Result<usize> {
        const SQL: &str = "INSERT INTO corpus_documents (id, version, title, sha256, added_at) \
                           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id, version) DO NOTHING";
        let mut tx = self.begin().await?;
        let mut added = 0;
        for d in docs {
            let n = crate::with_tx!(tx, c => sqlx::query(SQL)
                .bind(&d.id)
                .bind(d.version)
                .bind(&d.title)
                .bind(&d.sha256)
                .bind(micros(d.added_at))
                .execute(&mut *c)
                .await?
                .rows_affected());
            added += n as usize;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Every recorded document version, by id then version.
    pub async fn corpus_documents(&self) -> Result<Vec<CorpusDocument>> {
        const SQL: &str = "SELECT id, version, title, sha256, added_at FROM corpus_documents ORDER BY id, version";
        with_pool!(self, p => {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(CorpusDocument {
                        id: r.try_get("id")?,
                        version: r.try_get("version")?,
                        title: r.try_get("title")?,
                        sha256: r.try_get("sha256")?,
                        added_at: r.try_get("added_at")?,
                    })
                })
                .collect()
        })
    }
}
