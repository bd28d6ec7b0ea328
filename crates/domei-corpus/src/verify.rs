//! Citation verification: does a reference resolve, does its quote occur in
//! the passage, and if not, which passage comes closest.
//!
//! A quote matches when it occurs in the passage after both are put through
//! [`quote_key`] (whitespace runs → one space; all quote marks → `'`/`"`;
//! dashes and minus signs → `-`; full-width ASCII → ASCII). Nothing else is
//! forgiven: case, spelling and punctuation must be as in the source.
//!
//! The closest passage is found by approximate substring matching (Sellers'
//! algorithm, edit distance of the quote against the best-matching stretch
//! of a passage, case-insensitive); similarity = 1 − distance / quote
//! length. Candidates are every passage of the cited document version, or —
//! when the document is missing — the top 50 search hits for the quote's
//! words across the corpus.

use crate::corpus::{Corpus, ResolvedPassage, Unresolved};
use crate::error::Result;
use crate::locator::Citation;
use crate::normalize::{quote_key, quote_key_with_map};
use crate::passage::Passage;
use crate::search::SearchOptions;
use serde::Serialize;

/// The outcome of checking one reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    /// Resolves and the quote matches.
    Verified,
    /// Resolves; no quote to check.
    Resolved,
    /// Resolves, but the quote is not in the passage.
    QuoteMismatch,
    /// Document, version or passage missing.
    Unresolved,
    /// Not a well-formed reference.
    Invalid,
}

/// The passage that best matches a quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closest {
    /// `DOC#LOC` (or `DOC@vK#LOC` for an older version).
    pub passage: String,
    /// 0..=1; 1 means the quote occurs there verbatim (after normalisation).
    pub similarity: f64,
    /// The stretch of the passage that matched best.
    pub excerpt: String,
}

/// The check of one citation (and its quote, when one is given).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitationCheck {
    /// As written: `DOC#LOC`.
    pub reference: String,
    /// What the check found.
    pub status: CheckStatus,
    /// The passage it resolved to, with version when not the latest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// Why it does not resolve, or what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// With a quote not found where cited: the passage that matches it
    /// best (in the cited document, or the corpus when there is no such
    /// document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<Closest>,
}

impl CitationCheck {
    /// Whether the citation resolves (and its quote, if any, was found).
    pub fn ok(&self) -> bool {
        matches!(self.status, CheckStatus::Verified | CheckStatus::Resolved)
    }
}

impl Corpus {
    /// Checks a reference given as document part (`DOC` or `DOC@vK`),
    /// locator (`pN`, `pN.M`) and optional quote.
    pub fn check_reference(
        &self,
        doc: &str,
        locator: &str,
        quote: Option<&str>,
    ) -> Result<CitationCheck> {
        let reference = format!("{doc}#{locator}");
        let quote = quote.filter(|q| !q.trim().is_empty());
        let c = match Citation::from_parts(doc, locator) {
            Ok(c) => c,
            Err(e) => {
                return Ok(CitationCheck {
                    reference,
                    status: CheckStatus::Invalid,
                    resolved: None,
                    problem: Some(e.to_string().trim_start_matches("error: ").to_string()),
                    closest: None,
                })
            }
        };
        match self.resolve(&c)? {
            Ok(r) => {
                let cited = r.citation();
                let resolved = Some(cited.clone());
                let Some(q) = quote else {
                    return Ok(CitationCheck {
                        reference,
                        status: CheckStatus::Resolved,
                        resolved,
                        problem: None,
                        closest: None,
                    });
                };
                if quote_key(&r.passage.text).contains(&quote_key(q)) {
                    return Ok(CitationCheck {
                        reference,
                        status: CheckStatus::Verified,
                        resolved,
                        problem: None,
                        closest: None,
                    });
                }
                let closest = self.closest_in_doc(&r.doc, r.version, r.latest, q)?;
                Ok(CitationCheck {
                    reference,
                    status: CheckStatus::QuoteMismatch,
                    resolved,
                    problem: Some(format!("quote not found in {cited}")),
                    closest,
                })
            }
            Err(u) => {
                let closest = match (&u, quote) {
                    (Unresolved::NoDocument { .. }, Some(q)) => self.closest_in_corpus(q)?,
                    (Unresolved::NoVersion { doc, latest, .. }, Some(q)) => {
                        self.closest_in_doc(doc, *latest, *latest, q)?
                    }
                    (Unresolved::NoPassage { doc, version, .. }, Some(q)) => {
                        let latest = self.store.doc_head(doc)?.map_or(*version, |h| h.0);
                        self.closest_in_doc(doc, *version, latest, q)?
                    }
                    (_, None) => None,
                };
                Ok(CitationCheck {
                    reference,
                    status: CheckStatus::Unresolved,
                    resolved: None,
                    problem: Some(u.to_string()),
                    closest,
                })
            }
        }
    }

    /// The passage of one document version that best matches `quote`.
    pub fn closest_in_doc(
        &self,
        doc: &str,
        version: u32,
        latest: u32,
        quote: &str,
    ) -> Result<Option<Closest>> {
        let passages = self.store.passages(doc, version)?;
        let cands = passages.into_iter().map(|p| ResolvedPassage {
            doc: doc.to_string(),
            version,
            latest,
            passage: p,
        });
        Ok(best_match(cands, quote))
    }

    /// The passage of the whole corpus that best matches `quote`, among the
    /// top search hits for its words.
    pub fn closest_in_corpus(&self, quote: &str) -> Result<Option<Closest>> {
        let opts = SearchOptions {
            limit: 50,
            doc: None,
            expand: false,
            snippet_chars: 40,
        };
        let hits = match self.search(quote, &opts) {
            Ok(h) => h.hits,
            Err(crate::error::CorpusError::Invalid(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut cands = Vec::new();
        for h in hits {
            if let Ok(c) = Citation::parse(&h.passage) {
                if let Ok(r) = self.resolve(&Citation {
                    version: Some(h.version),
                    ..c
                })? {
                    cands.push(r);
                }
            }
        }
        Ok(best_match(cands.into_iter(), quote))
    }
}

fn best_match(cands: impl Iterator<Item = ResolvedPassage>, quote: &str) -> Option<Closest> {
    let q: Vec<char> = quote_key(quote).to_lowercase().chars().collect();
    if q.is_empty() {
        return None;
    }
    let mut best: Option<(f64, bool, ResolvedPassage, (usize, usize))> = None;
    for r in cands {
        let (key, map) = quote_key_with_map(&r.passage.text);
        let lower: Vec<char> = key
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        let (dist, s, e) = sellers(&q, &lower);
        let sim = 1.0 - dist as f64 / q.len() as f64;
        let whole = r.passage.locator.chunk.is_none();
        let better = match &best {
            None => true,
            Some((bs, bw, _, _)) => {
                sim > *bs + 1e-9 || ((sim - *bs).abs() <= 1e-9 && whole && !*bw)
            }
        };
        if better {
            let span = if e > s {
                (map[s], map[e - 1] + 1)
            } else {
                (0, 0)
            };
            best = Some((sim, whole, r, span));
        }
    }
    best.map(|(sim, _, r, (s, e))| Closest {
        passage: r.citation(),
        similarity: (sim.max(0.0) * 100.0).round() / 100.0,
        excerpt: excerpt(&r.passage, s, e),
    })
}

fn excerpt(p: &Passage, s: usize, e: usize) -> String {
    let text: String = p.text.chars().skip(s).take(e.saturating_sub(s)).collect();
    let text = text.trim();
    if text.chars().count() > 300 {
        let mut t: String = text.chars().take(297).collect();
        t.push_str("...");
        t
    } else {
        text.to_string()
    }
}

/// Approximate substring match: the minimum edit distance between `q` and
/// any substring of `t`, with that substring's `[start, end)` in `t`.
pub fn sellers(q: &[char], t: &[char]) -> (usize, usize, usize) {
    let m = q.len();
    if m == 0 {
        return (0, 0, 0);
    }
    // prev[i] = distance of q[..i] ending at the previous text position;
    // start[i] = where that alignment starts in t.
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut prev_start: Vec<usize> = vec![0; m + 1];
    let mut best = (m, 0usize, 0usize);
    let mut cur = vec![0usize; m + 1];
    let mut cur_start = vec![0usize; m + 1];
    for (j, &tc) in t.iter().enumerate() {
        cur[0] = 0;
        cur_start[0] = j + 1;
        for i in 1..=m {
            let sub = prev[i - 1] + usize::from(q[i - 1] != tc);
            let del = prev[i] + 1; // t char unmatched
            let ins = cur[i - 1] + 1; // q char unmatched
            if sub <= del && sub <= ins {
                cur[i] = sub;
                cur_start[i] = if i == 1 { j } else { prev_start[i - 1] };
            } else if del <= ins {
                cur[i] = del;
                cur_start[i] = prev_start[i];
            } else {
                cur[i] = ins;
                cur_start[i] = cur_start[i - 1];
            }
        }
        if cur[m] < best.0 {
            best = (cur[m], cur_start[m], j + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    best
}

impl Corpus {
    /// The sentence of the cited passage that contains `quote` (matched as
    /// [`CitationCheck`] matches quotes), for suggesting a fuller quote in
    /// place of a short one. `None` when the reference does not resolve or
    /// the quote is not in the passage.
    pub fn enclosing_sentence(
        &self,
        doc: &str,
        locator: &str,
        quote: &str,
    ) -> Result<Option<String>> {
        let Ok(c) = Citation::from_parts(doc, locator) else {
            return Ok(None);
        };
        Ok(match self.resolve(&c)? {
            Ok(r) => enclosing_sentence(&r.passage.text, quote),
            Err(_) => None,
        })
    }
}

/// The sentence of `text` containing `quote` (both compared through
/// [`quote_key`]); sentences end at `.`, `!`, `?` followed by a space, or at
/// `。！？`.
pub fn enclosing_sentence(text: &str, quote: &str) -> Option<String> {
    let q: Vec<char> = quote_key(quote).chars().collect();
    if q.is_empty() {
        return None;
    }
    let (key, map) = quote_key_with_map(text);
    let at = key.windows(q.len()).position(|w| w == q.as_slice())?;
    let chars: Vec<char> = text.chars().collect();
    let (first, last) = (map[at], map[at + q.len() - 1]);
    let ends = |i: usize| {
        matches!(chars[i], '。' | '！' | '？')
            || (matches!(chars[i], '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace()))
    };
    let start = (0..first).rev().find(|&i| ends(i)).map_or(0, |i| i + 1);
    let end = (last..chars.len())
        .find(|&i| ends(i))
        .map_or(chars.len(), |i| i + 1);
    let s: String = chars[start..end].iter().collect();
    Some(s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn sellers_finds_best_window() {
        let t = chars("the quick brown fox jumps");
        assert_eq!(sellers(&chars("brown"), &t), (0, 10, 15));
        let (d, s, e) = sellers(&chars("browm fox"), &t);
        assert_eq!((d, s, e), (1, 10, 19));
        assert_eq!(sellers(&chars("xyz"), &chars("")).0, 3);
    }

    #[test]
    fn enclosing_sentence_extends_a_short_quote() {
        let t = "The alliance held. Japan's position has become unstable after the summit. Later, talks resumed.";
        assert_eq!(
            enclosing_sentence(t, "has become unstable").as_deref(),
            Some("Japan's position has become unstable after the summit.")
        );
        assert_eq!(enclosing_sentence(t, "not there"), None);
        assert_eq!(
            enclosing_sentence("日本は同盟を重視する。米国は関税を課す。", "関税").as_deref(),
            Some("米国は関税を課す。")
        );
    }
}
