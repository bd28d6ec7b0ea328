//! The corpus: a folder holding `corpus.sqlite` (documents, versions,
//! passages) and `index/` (the tantivy search index derived from it).

use crate::error::{CorpusError, Result};
use crate::ids::{hex, is_seed_style_id, slug, valid_id};
use crate::index::SearchIndex;
use crate::ingest::{self, meta, Extracted, Format, Metadata};
use crate::locator::{Citation, Locator};
use crate::passage::{split_passages, Passage};
use crate::seeds;
use crate::store::{DocumentInfo, NewVersion, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Options for adding files.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// Use this id (only with a single file).
    pub id: Option<String>,
    /// Add the readable files even when others fail (default: add nothing
    /// when any file fails).
    pub skip_bad: bool,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddStatus {
    /// First version of a new document.
    Added,
    /// A new version of an existing document.
    NewVersion,
    /// Same text as the latest version: nothing changed.
    Unchanged,
    /// Same text; metadata updated in place.
    MetadataUpdated,
}

/// What adding one file did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddOutcome {
    /// The file, as given.
    pub path: String,
    /// The document's id.
    pub id: String,
    /// The document version it is now (the new one, or the unchanged latest).
    pub version: u32,
    /// What happened.
    pub status: AddStatus,
    /// The format it was read as.
    pub format: Format,
    /// Paragraphs in the text.
    pub paragraphs: u32,
    /// Passages it was split into.
    pub passages: u32,
}

/// What adding files did: one outcome per file written, and the failures.
#[derive(Debug, Default)]
pub struct AddReport {
    /// One per file added, in the order read.
    pub outcomes: Vec<AddOutcome>,
    /// Files that could not be read; when non-empty and `skip_bad` was not
    /// set, nothing was written.
    pub errors: Vec<CorpusError>,
}

/// A passage with the document version it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedPassage {
    /// Document id.
    pub doc: String,
    /// The document version the passage is from.
    pub version: u32,
    /// The document's latest version.
    pub latest: u32,
    /// The passage.
    pub passage: Passage,
}

impl ResolvedPassage {
    /// `DOC#pN` when this is the latest version, `DOC@vK#pN` otherwise.
    pub fn citation(&self) -> String {
        if self.version == self.latest {
            format!("{}#{}", self.doc, self.passage.locator)
        } else {
            format!("{}@v{}#{}", self.doc, self.version, self.passage.locator)
        }
    }
}

/// Why a citation does not resolve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unresolved {
    /// No document has this id.
    NoDocument {
        /// The id cited.
        doc: String,
    },
    /// The document has no such version.
    NoVersion {
        /// Document id.
        doc: String,
        /// The version cited.
        version: u32,
        /// The document's latest version.
        latest: u32,
    },
    /// The version has no passage at the locator.
    NoPassage {
        /// Document id.
        doc: String,
        /// The version looked in.
        version: u32,
        /// The locator cited (`pN` or `pN.M`).
        locator: String,
        /// Paragraphs the version has.
        paragraphs: u32,
    },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::NoDocument { doc } => write!(f, "document `{doc}` is not in the corpus"),
            Unresolved::NoVersion {
                doc,
                version,
                latest,
            } => {
                write!(
                    f,
                    "document `{doc}` has no version {version} (latest is v{latest})"
                )
            }
            Unresolved::NoPassage {
                doc,
                version,
                locator,
                paragraphs,
            } => {
                write!(
                    f,
                    "`{doc}` v{version} has no passage {locator} (it has {paragraphs} paragraphs)"
                )
            }
        }
    }
}

/// An open corpus: the SQLite store of documents and passages, and the
/// search index derived from it, in one folder.
pub struct Corpus {
    dir: PathBuf,
    pub(crate) store: Store,
    pub(crate) index: SearchIndex,
}

/// The default corpus folder: `$XDG_DATA_HOME/domei/corpus`, else
/// `~/.local/share/domei/corpus`, else `./.domei/corpus`.
pub fn default_corpus_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("domei").join("corpus");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(h)
            .join(".local")
            .join("share")
            .join("domei")
            .join("corpus");
    }
    PathBuf::from(".domei").join("corpus")
}

impl Corpus {
    /// Opens (creating if needed) the corpus in `dir` and adds the bundled
    /// seeds when it holds no document.
    pub fn open(dir: &Path) -> Result<Corpus> {
        let mut c = Corpus::open_unseeded(dir)?;
        if c.store.document_count()? == 0 {
            c.add_seeds()?;
        }
        Ok(c)
    }

    /// Opens (creating if needed) without seeding.
    pub fn open_unseeded(dir: &Path) -> Result<Corpus> {
        std::fs::create_dir_all(dir).map_err(|e| {
            CorpusError::Storage(format!(
                "cannot create corpus folder {}: {e}",
                dir.display()
            ))
        })?;
        let store = Store::open(&dir.join("corpus.sqlite"))?;
        let index = SearchIndex::open(&dir.join("index"))?;
        let c = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
        };
        if c.index.generation() != c.store.generation()? {
            c.reindex()?;
        }
        Ok(c)
    }

    /// The corpus's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Rebuilds the search index from the store.
    pub fn reindex(&self) -> Result<()> {
        let w = self.index.writer()?;
        w.delete_all_documents()?;
        self.store
            .for_each_searchable(|id, v, p| self.index.add_passage(&w, id, v, &p))?;
        self.index.commit(w, self.store.generation()?)
    }

    /// Adds the bundled seeds (a no-op for those already present).
    pub fn add_seeds(&mut self) -> Result<Vec<AddOutcome>> {
        let items: Vec<(PathBuf, String, Extracted, Metadata, Option<String>)> = seeds::SEEDS
            .iter()
            .map(|(id, text)| {
                let path = PathBuf::from(format!("seed:{id}"));
                let e = ingest::extract_as(Format::Text, &path, text.as_bytes())?;
                Ok((
                    path,
                    format!("seed:{id}"),
                    e,
                    seeds::seed_metadata(id),
                    Some(id.to_string()),
                ))
            })
            .collect::<Result<_>>()?;
        self.write(items)
    }

    /// Adds files and folders (recursively: `.txt .md .markdown .html .htm
    /// .xhtml .pdf`, hidden files and `*.meta.*` sidecars skipped). All files
    /// are read first; unless `skip_bad`, one unreadable file means nothing
    /// is written.
    pub fn add_paths(&mut self, paths: &[PathBuf], opts: &AddOptions) -> Result<AddReport> {
        let mut files = Vec::new();
        let mut report = AddReport::default();
        for p in paths {
            if p.is_dir() {
                walk(p, &mut files, 0, &mut report.errors);
            } else if p.exists() {
                files.push(p.clone());
            } else {
                report
                    .errors
                    .push(CorpusError::input(p, "no such file or folder"));
            }
        }
        if opts.id.is_some() && files.len() != 1 {
            return Err(CorpusError::Invalid(format!(
                "--id needs exactly one file ({} given)",
                files.len()
            )));
        }
        let mut items = Vec::new();
        for f in files {
            match read_one(&f) {
                Ok((e, m)) => {
                    let key = std::fs::canonicalize(&f)
                        .unwrap_or_else(|_| f.clone())
                        .to_string_lossy()
                        .into_owned();
                    items.push((f, key, e, m, opts.id.clone()));
                }
                Err(e) => report.errors.push(e),
            }
        }
        if !report.errors.is_empty() && !opts.skip_bad {
            return Ok(report);
        }
        report.outcomes = self.write(items)?;
        Ok(report)
    }

    /// Adds one document from memory (`name` gives the format and id).
    pub fn add_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        meta_over: Option<Metadata>,
    ) -> Result<AddOutcome> {
        let path = PathBuf::from(name);
        let e = ingest::extract(&path, bytes)?;
        let mut m = e.meta.clone();
        if let Some(o) = meta_over {
            m.overlay(o);
        }
        let mut out = self.write(vec![(path, format!("mem:{name}"), e, m, None)])?;
        out.pop()
            .ok_or_else(|| CorpusError::Storage("nothing written".into()))
    }

    /// Writes extracted documents: one SQLite transaction and one index
    /// commit for the batch.
    fn write(
        &mut self,
        items: Vec<(PathBuf, String, Extracted, Metadata, Option<String>)>,
    ) -> Result<Vec<AddOutcome>> {
        let mut outcomes = Vec::new();
        let mut changed: Vec<(String, u32, Vec<Passage>)> = Vec::new();
        self.store.conn.execute_batch("BEGIN IMMEDIATE")?;
        let r = (|| -> Result<()> {
            for (path, key, e, m, forced) in items {
                let hash = hex(&Sha256::digest(e.text.as_bytes()));
                let id = self.choose_id(&path, &key, &hash, forced.as_deref())?;
                let passages = split_passages(&e.text, &e.paragraphs);
                let head = self.store.doc_head(&id)?;
                let same = match head {
                    Some((latest, _)) => {
                        self.store.version_hash(&id, latest)?.as_deref() == Some(hash.as_str())
                    }
                    None => false,
                };
                let paragraphs = e.paragraphs.len() as u32;
                let n_pass = passages.len() as u32;
                let path_s = path.display().to_string();
                if let (true, Some((latest, _))) = (same, head) {
                    let old = self.store.info(&id, Some(latest))?.map(|i| i.meta);
                    let status = if old.as_ref() != Some(&m) {
                        self.store.update_meta(&id, latest, &m)?;
                        AddStatus::MetadataUpdated
                    } else {
                        AddStatus::Unchanged
                    };
                    outcomes.push(AddOutcome {
                        path: path_s,
                        id,
                        version: latest,
                        status,
                        format: e.format,
                        paragraphs,
                        passages: n_pass,
                    });
                    continue;
                }
                let version = self.store.insert_version(&NewVersion {
                    id: &id,
                    source_key: &key,
                    content_hash: &hash,
                    source_path: &path_s,
                    format: e.format,
                    meta: &m,
                    text: &e.text,
                    passages: &passages,
                    paragraphs,
                })?;
                let status = if version == 1 {
                    AddStatus::Added
                } else {
                    AddStatus::NewVersion
                };
                outcomes.push(AddOutcome {
                    path: path_s,
                    id: id.clone(),
                    version,
                    status,
                    format: e.format,
                    paragraphs,
                    passages: n_pass,
                });
                changed.retain(|c| c.0 != id);
                changed.push((id, version, passages));
            }
            Ok(())
        })();
        if let Err(e) = r {
            let _ = self.store.conn.execute_batch("ROLLBACK");
            return Err(e);
        }
        let generation = if changed.is_empty() {
            None
        } else {
            Some(self.store.bump_generation()?)
        };
        self.store.conn.execute_batch("COMMIT")?;
        if let Some(g) = generation {
            let w = self.index.writer()?;
            for (id, _, _) in &changed {
                self.index.delete_doc(&w, id);
            }
            for (id, v, ps) in &changed {
                for p in ps.iter().filter(|p| p.searchable) {
                    self.index.add_passage(&w, id, *v, p)?;
                }
            }
            self.index.commit(w, g)?;
        }
        Ok(outcomes)
    }

    /// Picks the id for a file: a forced id; the stem when it looks like a
    /// seed id (`NNN_<16 hex>`); the document already added from the same
    /// path; otherwise a slug of the file stem, with `-2`, `-3`, ... appended
    /// when another file already holds it (first come, first served, and
    /// remembered from then on).
    fn choose_id(
        &self,
        path: &Path,
        key: &str,
        hash: &str,
        forced: Option<&str>,
    ) -> Result<String> {
        if let Some(id) = forced {
            if !valid_id(id) {
                return Err(CorpusError::Invalid(format!(
                    "invalid document id `{id}`: use letters, digits, `-`, `_` and `.`, starting with a letter or digit"
                )));
            }
            return Ok(id.to_string());
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("document");
        let stem = stem.strip_prefix("seed:").unwrap_or(stem);
        if is_seed_style_id(stem) {
            return Ok(stem.to_string());
        }
        if let Some(id) = self.store.doc_by_source(key)? {
            return Ok(id);
        }
        let base = slug(stem);
        for n in 1u32.. {
            let cand = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            match self.store.doc_head(&cand)? {
                None => return Ok(cand),
                Some((_, owner)) if owner == key || self.store.has_hash(&cand, hash)? => {
                    return Ok(cand)
                }
                Some(_) => continue,
            }
        }
        Err(CorpusError::Storage("no free document id".into()))
    }

    /// Latest version of every document.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        self.store.list()
    }

    /// One version of a document (`None` = latest).
    pub fn document(&self, id: &str, version: Option<u32>) -> Result<Option<DocumentInfo>> {
        self.store.info(id, version)
    }

    /// The normalised text of a document version.
    pub fn document_text(&self, id: &str, version: u32) -> Result<Option<String>> {
        self.store.text(id, version)
    }

    /// All passages of a version (paragraphs, then the chunks of each).
    pub fn passages(&self, id: &str, version: u32) -> Result<Vec<Passage>> {
        self.store.passages(id, version)
    }

    /// Resolves a citation to its passage.
    pub fn resolve(
        &self,
        c: &Citation,
    ) -> Result<std::result::Result<ResolvedPassage, Unresolved>> {
        let Some((latest, _)) = self.store.doc_head(&c.doc)? else {
            return Ok(Err(Unresolved::NoDocument { doc: c.doc.clone() }));
        };
        let version = c.version.unwrap_or(latest);
        let Some(info) = self.store.info(&c.doc, Some(version))? else {
            return Ok(Err(Unresolved::NoVersion {
                doc: c.doc.clone(),
                version,
                latest,
            }));
        };
        match self.store.passage(&c.doc, version, c.locator)? {
            Some(passage) => Ok(Ok(ResolvedPassage {
                doc: c.doc.clone(),
                version,
                latest,
                passage,
            })),
            None => Ok(Err(Unresolved::NoPassage {
                doc: c.doc.clone(),
                version,
                locator: c.locator.to_string(),
                paragraphs: info.paragraphs,
            })),
        }
    }

    /// The passage before and after `loc` at the same level (paragraphs for
    /// `pN`, chunks of the same paragraph for `pN.M`).
    pub fn neighbours(&self, r: &ResolvedPassage) -> Result<(Option<Passage>, Option<Passage>)> {
        let l = r.passage.locator;
        let (prev, next) = match l.chunk {
            None => (
                (l.para > 1).then(|| Locator::para(l.para - 1)),
                Some(Locator::para(l.para + 1)),
            ),
            Some(c) => (
                (c > 1).then(|| Locator::chunk(l.para, c - 1)),
                Some(Locator::chunk(l.para, c + 1)),
            ),
        };
        let get = |x: Option<Locator>| -> Result<Option<Passage>> {
            match x {
                Some(x) => self.store.passage(&r.doc, r.version, x),
                None => Ok(None),
            }
        };
        Ok((get(prev)?, get(next)?))
    }
}

/// Largest document file read (a PDF's text layer is a small part of it).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

fn read_one(path: &Path) -> Result<(Extracted, Metadata)> {
    let cannot = |e: std::io::Error| CorpusError::input(path, format!("cannot read: {e}"));
    // Only regular files: a FIFO would block, a device never end.
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(CorpusError::input(
            path,
            "not a regular file (a pipe, device or socket)",
        ));
    }
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        std::fs::File::open(path)
            .map_err(cannot)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CorpusError::input(
            path,
            format!("the file is larger than {} MB", MAX_FILE_BYTES >> 20),
        )
        .with_help("split it, or add its text as .txt"));
    }
    let e = ingest::extract(path, &bytes)?;
    let mut m = e.meta.clone();
    if let Some(side) = meta::load_sidecar(path)? {
        m.overlay(side);
    }
    Ok((e, m))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize, errors: &mut Vec<CorpusError>) {
    if depth > 32 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(CorpusError::input(dir, format!("cannot read folder: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden || meta::is_sidecar(&p) {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, depth + 1, errors);
        } else if Format::from_extension(&p).is_some() {
            out.push(p);
        }
    }
}
