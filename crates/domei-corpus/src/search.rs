//! Ranked passage search (BM25) with phrase queries, a small glossary of
//! terms of art, and highlighted snippets.
//!
//! Query syntax: words are OR-ed and ranked by BM25 (a passage holding more
//! of them, rarer ones, more often, ranks higher); `"..."` is a phrase; a
//! word that tokenizes into several terms (`host-nation`, `U.S.`, Japanese
//! text) is a phrase of them. An unquoted multi-word query also scores the
//! words as a phrase (boost 2), so passages with the exact wording come
//! first. A passage matching only some parts of a multi-word query scores
//! each part at 1/n. Glossary expansions (see [`crate::glossary`]) are
//! scored like a full match of the query's words at half weight (a
//! passage saying the query verbatim ranks before one saying its
//! translation) and reported in [`SearchResults::expansions`].
//!
//! Only the top hits' stored fields are read: the index is memory-mapped and
//! nothing proportional to the corpus is loaded per query.

use crate::corpus::Corpus;
use crate::error::{CorpusError, Result};
use crate::glossary;
use crate::normalize::byte_to_char;
use crate::tokenize::terms;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

/// The weight of a glossary expansion against the query's own words.
const EXPANSION_BOOST: f32 = 0.5;

/// How to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// Only passages of this document.
    pub doc: Option<String>,
    /// Add glossary expansions (default true).
    pub expand: bool,
    /// Maximum snippet length in characters.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            doc: None,
            expand: true,
            snippet_chars: 220,
        }
    }
}

/// One passage found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// 1 for the best hit.
    pub rank: usize,
    /// BM25 score (higher matches better; comparable within one search only).
    pub score: f32,
    /// Document id.
    pub doc: String,
    /// The document version the passage is from.
    pub version: u32,
    /// The passage's locator (`pN` or `pN.M`).
    pub locator: String,
    /// `DOC#LOCATOR`, ready to cite.
    pub passage: String,
    /// The document's title, when known.
    pub title: Option<String>,
    /// An excerpt of the passage around the matches.
    pub snippet: String,
    /// Matched spans in `snippet`, as `[start, end)` character offsets.
    pub highlights: Vec<(usize, usize)>,
}

/// What a search found (`domei corpus search --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Glossary phrases searched in addition to the query.
    pub expansions: Vec<String>,
    /// The passages found, best first.
    pub hits: Vec<SearchHit>,
}

/// Splits a query into `(text, quoted)` segments.
fn segments(q: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = q;
    while let Some(i) = rest.find('"') {
        for w in rest[..i].split_whitespace() {
            out.push((w.to_string(), false));
        }
        let after = &rest[i + 1..];
        match after.find('"') {
            Some(j) => {
                out.push((after[..j].to_string(), true));
                rest = &after[j + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    for w in rest.split_whitespace() {
        out.push((w.to_string(), false));
    }
    out
}

impl Corpus {
    /// Builds the query for `q`; returns it with the expansions used.
    fn build_query(&self, q: &str, opts: &SearchOptions) -> Result<(Box<dyn Query>, Vec<String>)> {
        let field = self.index.fields.text;
        let term_query = |t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqsAndPositions,
            ))
        };
        let phrase_or_term = |ts: &[String]| -> Option<Box<dyn Query>> {
            match ts.len() {
                0 => None,
                1 => Some(term_query(&ts[0])),
                _ => Some(Box::new(PhraseQuery::new(
                    ts.iter().map(|t| Term::from_field_text(field, t)).collect(),
                ))),
            }
        };
        // Each query segment: a term, or a phrase (quoted, or a word that
        // tokenizes into several terms).
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        let mut bare_terms: Vec<String> = Vec::new();
        let mut bare_words = 0;
        for (seg, quoted) in segments(q) {
            let ts = terms(&seg);
            if !quoted {
                bare_words += 1;
                bare_terms.extend(ts.iter().cloned());
            }
            if let Some(cq) = phrase_or_term(&ts) {
                parts.push(cq);
            }
        }
        if parts.is_empty() {
            return Err(CorpusError::Invalid(format!(
                "the query `{q}` has no searchable words"
            )));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let n = parts.len();
        if n == 1 {
            clauses.extend(parts.into_iter().map(|p| (Occur::Should, p)));
        } else {
            // Passages with every part score fully; passages with only some
            // score each part at 1/n (a coordination factor), so a passage
            // matching one common word of a multi-word query ranks below
            // one matching them all, or one naming the concept another way.
            let all: Vec<(Occur, Box<dyn Query>)> =
                parts.iter().map(|p| (Occur::Must, p.box_clone())).collect();
            clauses.push((Occur::Should, Box::new(BooleanQuery::new(all))));
            for p in parts {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(p, 1.0 / n as f32))));
            }
        }
        if bare_words >= 2 && bare_terms.len() >= 2 {
            if let Some(pq) = phrase_or_term(&bare_terms) {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(pq, 2.0))));
            }
        }
        let mut expansions = Vec::new();
        if opts.expand {
            for alt in glossary::expansions(q) {
                if let Some(pq) = phrase_or_term(&terms(&alt)) {
                    // Below the query's own words: a passage in the query's
                    // language that says it verbatim ranks before one that
                    // says the glossary's translation.
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(pq, EXPANSION_BOOST)),
                    ));
                    expansions.push(alt);
                }
            }
        }
        let main: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let query: Box<dyn Query> = match &opts.doc {
            Some(d) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, main),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.index.fields.doc_id, d),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
            None => main,
        };
        Ok((query, expansions))
    }

    /// Searches the latest version of every document.
    pub fn search(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults> {
        if let Some(d) = &opts.doc {
            if self.store.doc_head(d)?.is_none() {
                return Err(CorpusError::NotFound(format!(
                    "document `{d}` is not in the corpus"
                )));
            }
        }
        let (query, expansions) = self.build_query(q, opts)?;
        let searcher = self.index.reader.searcher();
        let limit = opts.limit.max(1);
        let top = searcher.search(&*query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut gen = SnippetGenerator::create(&searcher, &*query, self.index.fields.text)?;
        gen.set_max_num_chars(opts.snippet_chars.max(40));
        let f = &self.index.fields;
        let mut hits = Vec::new();
        let mut titles: std::collections::HashMap<String, Option<String>> = Default::default();
        for (i, (score, addr)) in top.into_iter().enumerate() {
            let d: TantivyDocument = searcher.doc(addr)?;
            let s = |fld| {
                d.get_first(fld)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let doc = s(f.doc_id);
            let version = d.get_first(f.version).and_then(|v| v.as_u64()).unwrap_or(1) as u32;
            let locator = s(f.locator);
            let snip = gen.snippet_from_doc(&d);
            let (snippet, highlights) = if snip.fragment().is_empty() {
                let text = s(f.text);
                (
                    text.chars().take(opts.snippet_chars).collect::<String>(),
                    Vec::new(),
                )
            } else {
                let frag = snip.fragment();
                let hl = snip
                    .highlighted()
                    .iter()
                    .map(|r| (byte_to_char(frag, r.start), byte_to_char(frag, r.end)))
                    .collect();
                (frag.to_string(), hl)
            };
            let title = match titles.get(&doc) {
                Some(t) => t.clone(),
                None => {
                    let t = self.store.info(&doc, None)?.and_then(|i| i.meta.title);
                    titles.insert(doc.clone(), t.clone());
                    t
                }
            };
            let passage = format!("{doc}#{locator}");
            hits.push(SearchHit {
                rank: i + 1,
                score,
                doc,
                version,
                locator,
                passage,
                title,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults {
            query: q.to_string(),
            expansions,
            hits,
        })
    }
}

/// The snippet with each highlight wrapped in `open`/`close`.
pub fn mark(snippet: &str, highlights: &[(usize, usize)], open: &str, close: &str) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    let mut hl = highlights.to_vec();
    hl.sort_unstable();
    let mut out = String::new();
    let mut pos = 0;
    for (s, e) in hl {
        let (s, e) = (s.max(pos).min(chars.len()), e.min(chars.len()));
        if s >= e {
            continue;
        }
        out.extend(&chars[pos..s]);
        out.push_str(open);
        out.extend(&chars[s..e]);
        out.push_str(close);
        pos = e;
    }
    out.extend(&chars[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_segments() {
        assert_eq!(
            segments(r#"host "nation support" x "unclosed"#),
            vec![
                ("host".to_string(), false),
                ("nation support".into(), true),
                ("x".into(), false),
                ("unclosed".into(), false)
            ]
        );
    }

    #[test]
    fn marks_highlights() {
        assert_eq!(
            mark("a host nation", &[(2, 6), (7, 13)], "[", "]"),
            "a [host] [nation]"
        );
        assert_eq!(mark("日本語", &[(0, 2)], "[", "]"), "[日本]語");
    }
}
