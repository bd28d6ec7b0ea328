//! Passage locators: `DOC#pN`, `DOC#pN.M`, and version-pinned `DOC@vK#pN`.
//!
//! `pN` is the N-th paragraph of the document (1-based); `pN.M` is the M-th
//! sentence-bounded chunk of a long paragraph (1-based). A bare `DOC#pN`
//! resolves against the latest version of the document; `DOC@vK#pN` against
//! version K, so a citation keeps resolving to the text it was written
//! against after the document is re-added with changes.

use crate::error::{CorpusError, Result};
use serde::Serialize;
use std::fmt;

/// Where a passage sits inside a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Locator {
    /// Paragraph number, from 1.
    pub para: u32,
    /// Chunk number inside the paragraph, from 1; `None` for the whole
    /// paragraph.
    pub chunk: Option<u32>,
}

impl Locator {
    /// The whole paragraph `para` (`pN`).
    pub fn para(para: u32) -> Self {
        Locator { para, chunk: None }
    }

    /// Chunk `chunk` of paragraph `para` (`pN.M`).
    pub fn chunk(para: u32, chunk: u32) -> Self {
        Locator {
            para,
            chunk: Some(chunk),
        }
    }

    /// Parses `p12` or `p12.3`.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = |why: &str| CorpusError::Invalid(format!("invalid passage locator `{s}`: {why}"));
        let rest = s
            .strip_prefix('p')
            .or_else(|| s.strip_prefix('P'))
            .ok_or_else(|| bad("expected `pN` or `pN.M` (e.g. `p12`)"))?;
        let (p, c) = match rest.split_once('.') {
            Some((p, c)) => (p, Some(c)),
            None => (rest, None),
        };
        let num = |t: &str| -> Result<u32> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("numbers must be plain digits"));
            }
            match t.parse::<u32>() {
                Ok(0) => Err(bad("numbering starts at 1")),
                Ok(n) => Ok(n),
                Err(_) => Err(bad("number too large")),
            }
        };
        let para = num(p)?;
        let chunk = c.map(num).transpose()?;
        Ok(Locator { para, chunk })
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.chunk {
            Some(c) => write!(f, "p{}.{c}", self.para),
            None => write!(f, "p{}", self.para),
        }
    }
}

/// A reference to a passage: document, optional version, locator.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Citation {
    /// Document id.
    pub doc: String,
    /// `None`: the latest version.
    pub version: Option<u32>,
    /// The passage within the version.
    pub locator: Locator,
}

impl Citation {
    /// Parses `DOC#pN`, `DOC#pN.M`, `DOC@vK#pN`.
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        let (doc, loc) = s.split_once('#').ok_or_else(|| {
            CorpusError::Invalid(format!(
                "invalid passage reference `{s}`: expected `DOC#pN` (e.g. `004_b3e4016961f00b53#p12`)"
            ))
        })?;
        Citation::from_parts(doc, loc)
    }

    /// Builds a citation from a document part (`DOC` or `DOC@vK`) and a
    /// locator (`pN`, `pN.M`).
    pub fn from_parts(doc: &str, locator: &str) -> Result<Self> {
        let (doc, version) = split_version(doc)?;
        if doc.is_empty() {
            return Err(CorpusError::Invalid(
                "empty document id in passage reference".into(),
            ));
        }
        Ok(Citation {
            doc: doc.to_string(),
            version,
            locator: Locator::parse(locator.trim())?,
        })
    }
}

/// Splits `DOC@vK` into `("DOC", Some(K))`; `DOC` into `("DOC", None)`.
pub fn split_version(doc: &str) -> Result<(&str, Option<u32>)> {
    let doc = doc.trim();
    match doc.rsplit_once('@') {
        None => Ok((doc, None)),
        Some((id, v)) => {
            let n = v
                .strip_prefix('v')
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    CorpusError::Invalid(format!(
                        "invalid document version `{doc}`: expected `DOC@vN` with N >= 1"
                    ))
                })?;
            Ok((id, Some(n)))
        }
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(v) => write!(f, "{}@v{v}#{}", self.doc, self.locator),
            None => write!(f, "{}#{}", self.doc, self.locator),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locators() {
        assert_eq!(Locator::parse("p12").ok(), Some(Locator::para(12)));
        assert_eq!(Locator::parse("p12.3").ok(), Some(Locator::chunk(12, 3)));
        for bad in [
            "",
            "p",
            "p0",
            "12",
            "p1.",
            "p1.0",
            "p+1",
            "p1.2.3",
            "p99999999999",
        ] {
            assert!(Locator::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Locator::chunk(4, 2).to_string(), "p4.2");
    }

    #[test]
    fn parses_citations() {
        let c = Citation::parse("004_b3e4016961f00b53#p61").ok();
        assert_eq!(
            c.as_ref().map(|c| c.doc.as_str()),
            Some("004_b3e4016961f00b53")
        );
        let c = Citation::parse("doc@v2#p3.1").ok();
        assert_eq!(c.as_ref().and_then(|c| c.version), Some(2));
        assert_eq!(c.map(|c| c.to_string()).as_deref(), Some("doc@v2#p3.1"));
        assert!(Citation::parse("doc").is_err());
        assert!(Citation::parse("doc@x#p1").is_err());
        assert!(Citation::parse("#p1").is_err());
    }
}
