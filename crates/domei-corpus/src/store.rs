//! The SQLite store: documents, their versions (text, metadata, content
//! hash) and passages. The search index is derived from it and can always be
//! rebuilt from it.

use crate::error::{CorpusError, Result};
use crate::ingest::{Format, Metadata};
use crate::locator::Locator;
use crate::passage::Passage;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    latest INTEGER NOT NULL,
    source_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source_key);
CREATE TABLE IF NOT EXISTS versions (
    doc_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source_path TEXT NOT NULL,
    format TEXT NOT NULL,
    meta TEXT NOT NULL,
    added_at TEXT NOT NULL,
    paragraphs INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, version)
);
CREATE TABLE IF NOT EXISTS passages (
    doc_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    para INTEGER NOT NULL,
    chunk INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    searchable INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, version, para, chunk)
);
";

/// One version of a document, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    /// Document id.
    pub id: String,
    /// This version's number, from 1.
    pub version: u32,
    /// The newest version of the document.
    pub latest: u32,
    /// SHA-256 of the normalised text (hex).
    pub content_hash: String,
    /// Where it was read from (`seed:ID` for the bundled seeds).
    pub source: String,
    /// The format it was read as.
    pub format: Format,
    /// What is known about the document (title, authors, ...).
    pub meta: Metadata,
    /// When this version was added (UTC, ISO 8601).
    pub added_at: String,
    /// Paragraphs in this version's text.
    pub paragraphs: u32,
}

/// A version to insert.
pub(crate) struct NewVersion<'a> {
    pub id: &'a str,
    pub source_key: &'a str,
    pub content_hash: &'a str,
    pub source_path: &'a str,
    pub format: Format,
    pub meta: &'a Metadata,
    pub text: &'a str,
    pub passages: &'a [Passage],
    pub paragraphs: u32,
}

pub(crate) struct Store {
    pub conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)
            .map_err(|e| CorpusError::Storage(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        let v: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match v.as_deref() {
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
                    [SCHEMA_VERSION],
                )?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(CorpusError::Storage(format!(
                    "{} has schema version {other}; this domei reads version {SCHEMA_VERSION}",
                    path.display()
                )))
            }
        }
        Ok(Store { conn })
    }

    pub fn generation(&self) -> Result<u64> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|s| s.parse().ok()).unwrap_or(0))
    }

    pub fn bump_generation(&self) -> Result<u64> {
        let g = self.generation()? + 1;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [g.to_string()],
        )?;
        Ok(g)
    }

    pub fn document_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// `(latest version, source key)` of a document.
    pub fn doc_head(&self, id: &str) -> Result<Option<(u32, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT latest, source_key FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?)
    }

    pub fn doc_by_source(&self, source_key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE source_key = ?1 ORDER BY id LIMIT 1",
                [source_key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn version_hash(&self, id: &str, version: u32) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT content_hash FROM versions WHERE doc_id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn has_hash(&self, id: &str, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM versions WHERE doc_id = ?1 AND content_hash = ?2",
                params![id, hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Inserts a new version (latest + 1) with its passages; returns its number.
    pub fn insert_version(&self, v: &NewVersion<'_>) -> Result<u32> {
        let latest = self.doc_head(v.id)?.map_or(0, |h| h.0);
        let version = latest + 1;
        let meta =
            serde_json::to_string(v.meta).map_err(|e| CorpusError::Storage(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO versions (doc_id, version, content_hash, source_path, format, meta, added_at, paragraphs, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![v.id, version, v.content_hash, v.source_path, v.format.name(), meta, now_iso(), v.paragraphs, v.text],
        )?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO passages (doc_id, version, para, chunk, start, end, searchable, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for p in v.passages {
            stmt.execute(params![
                v.id,
                version,
                p.locator.para,
                p.locator.chunk.unwrap_or(0),
                p.start as i64,
                p.end as i64,
                p.searchable,
                p.text
            ])?;
        }
        self.conn.execute(
            "INSERT INTO documents (id, latest, source_key) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET latest = excluded.latest",
            params![v.id, version, v.source_key],
        )?;
        Ok(version)
    }

    pub fn update_meta(&self, id: &str, version: u32, meta: &Metadata) -> Result<()> {
        let meta = serde_json::to_string(meta).map_err(|e| CorpusError::Storage(e.to_string()))?;
        self.conn.execute(
            "UPDATE versions SET meta = ?3 WHERE doc_id = ?1 AND version = ?2",
            params![id, version, meta],
        )?;
        Ok(())
    }

    fn info_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentInfo> {
        let format: String = r.get(5)?;
        let meta: String = r.get(6)?;
        Ok(DocumentInfo {
            id: r.get(0)?,
            version: r.get(1)?,
            latest: r.get(2)?,
            content_hash: r.get(3)?,
            source: r.get(4)?,
            format: Format::from_name(&format).unwrap_or(Format::Text),
            meta: serde_json::from_str(&meta).unwrap_or_default(),
            added_at: r.get(7)?,
            paragraphs: r.get(8)?,
        })
    }

    const INFO_COLS: &'static str = "v.doc_id, v.version, d.latest, v.content_hash, v.source_path, v.format, v.meta, v.added_at, v.paragraphs";

    /// Info on one version (`None` = latest).
    pub fn info(&self, id: &str, version: Option<u32>) -> Result<Option<DocumentInfo>> {
        let sql = format!(
            "SELECT {} FROM versions v JOIN documents d ON d.id = v.doc_id
             WHERE v.doc_id = ?1 AND v.version = COALESCE(?2, d.latest)",
            Self::INFO_COLS
        );
        Ok(self
            .conn
            .query_row(&sql, params![id, version], Self::info_row)
            .optional()?)
    }

    /// Latest version of every document, by id.
    pub fn list(&self) -> Result<Vec<DocumentInfo>> {
        let sql = format!(
            "SELECT {} FROM versions v JOIN documents d ON d.id = v.doc_id AND v.version = d.latest ORDER BY v.doc_id",
            Self::INFO_COLS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], Self::info_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn text(&self, id: &str, version: u32) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM versions WHERE doc_id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn passage_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Passage> {
        let chunk: u32 = r.get(1)?;
        Ok(Passage {
            locator: Locator {
                para: r.get(0)?,
                chunk: (chunk > 0).then_some(chunk),
            },
            start: r.get::<_, i64>(2)? as usize,
            end: r.get::<_, i64>(3)? as usize,
            searchable: r.get(4)?,
            text: r.get(5)?,
        })
    }

    /// All passages of a version, paragraphs first then their chunks, in order.
    pub fn passages(&self, id: &str, version: u32) -> Result<Vec<Passage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT para, chunk, start, end, searchable, text FROM passages
             WHERE doc_id = ?1 AND version = ?2 ORDER BY para, chunk",
        )?;
        let rows = stmt.query_map(params![id, version], Self::passage_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn passage(&self, id: &str, version: u32, loc: Locator) -> Result<Option<Passage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT para, chunk, start, end, searchable, text FROM passages
             WHERE doc_id = ?1 AND version = ?2 AND para = ?3 AND chunk = ?4",
        )?;
        Ok(stmt
            .query_row(
                params![id, version, loc.para, loc.chunk.unwrap_or(0)],
                Self::passage_row,
            )
            .optional()?)
    }

    /// Calls `f(doc_id, version, passage)` for every searchable passage of the
    /// latest version of every document, streaming rows.
    pub fn for_each_searchable(
        &self,
        mut f: impl FnMut(&str, u32, Passage) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT p.doc_id, p.version, p.para, p.chunk, p.start, p.end, p.searchable, p.text
             FROM passages p JOIN documents d ON d.id = p.doc_id AND p.version = d.latest
             WHERE p.searchable = 1 ORDER BY p.doc_id, p.para, p.chunk",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let version: u32 = r.get(1)?;
            let chunk: u32 = r.get(3)?;
            let p = Passage {
                locator: Locator {
                    para: r.get(2)?,
                    chunk: (chunk > 0).then_some(chunk),
                },
                start: r.get::<_, i64>(4)? as usize,
                end: r.get::<_, i64>(5)? as usize,
                searchable: r.get(6)?,
                text: r.get(7)?,
            };
            f(&id, version, p)?;
        }
        Ok(())
    }
}

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_time_is_well_formed() {
        let t = super::now_iso();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
