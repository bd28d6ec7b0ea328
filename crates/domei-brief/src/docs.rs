//! Bibliographic records of the documents a scenario cites, and the
//! built-in records of the five seed papers (`corpus/seeds/README.md`), used
//! when the evidence corpus is not available.

/// What a citation needs to know about a document. The caller provides these
/// (from the evidence corpus); [`seed_docs`] is the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    /// The corpus document id, e.g. `004_b3e4016961f00b53`.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Its authors, as they are to be printed.
    pub authors: String,
    /// Its publisher or the publication it appeared in.
    pub publisher: String,
    /// As stated in the document (may be approximate: "undated, spring 2025").
    pub date: String,
    /// Where the document can be read; `None` when unknown.
    pub url: Option<String>,
}

impl DocInfo {
    /// `Authors, “Title”, Publisher, Date.` leaving out empty parts.
    pub fn reference(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.authors.trim().is_empty() {
            parts.push(self.authors.trim().to_string());
        }
        if !self.title.trim().is_empty() {
            parts.push(format!("“{}”", self.title.trim()));
        }
        for p in [&self.publisher, &self.date] {
            if !p.trim().is_empty() {
                parts.push(p.trim().to_string());
            }
        }
        if parts.is_empty() {
            return format!("document {}", self.id);
        }
        let mut s = parts.join(", ");
        if !s.ends_with('.') {
            s.push('.');
        }
        s
    }
}

fn doc(id: &str, title: &str, authors: &str, publisher: &str, date: &str) -> DocInfo {
    DocInfo {
        id: id.into(),
        title: title.into(),
        authors: authors.into(),
        publisher: publisher.into(),
        date: date.into(),
        url: None,
    }
}

/// The five seed papers, as attributed in `corpus/seeds/README.md`.
pub fn seed_docs() -> Vec<DocInfo> {
    vec![
        doc(
            "000_8c2cdf9cea876b0f",
            "The Growing Importance of U.S.-Japan Cooperation on Non-Military Issues Under the Second Trump Administration",
            "MAESHIMA Kazuhiro",
            "The Japan Forum on International Relations (JFIR), commentary No.159",
            "31 March 2025 (English translation of a 23 March 2025 commentary)",
        ),
        doc(
            "001_983274cfa627c9ed",
            "Japan-US Ties in the Trump 2.0 Era: Continuity, Change, and Strategic Challenges",
            "Saume Saptaparna Nath",
            "KRF Center for Bangladesh and Global Affairs (CBGA) brief",
            "undated, written around the January 2025 inauguration",
        ),
        doc(
            "002_7af13c97b0079a92",
            "The Second Trump Administration and Japan-US Relations: Viewed by a Former Practitioner of Diplomacy",
            "Koji Tomita (former Ambassador to the United States); translation by Tsutomu Inuzuka",
            "proposal (publisher not stated)",
            "undated, written between the 5 November 2024 election and the January 2025 inauguration",
        ),
        doc(
            "003_2b65af7bab35098d",
            "(untitled commentary on the 7 February 2025 Ishiba–Trump summit and after)",
            "author not stated",
            "The Japan Forum on International Relations (JFIR)",
            "undated, spring 2025",
        ),
        doc(
            "004_b3e4016961f00b53",
            "How to Engage the Trump Administration — The Need for Japanese Political Courage (Policy Recommendations)",
            "Kyoji Yanagisawa, Mike Mochizuki, Shigeru Handa, Akihiro Sado, Sayo Saruta",
            "New Diplomacy Initiative (ND)",
            "May 2025",
        ),
    ]
}

/// Looks a document up in the caller's records first, then in the seeds.
pub fn lookup<'a>(docs: &'a [DocInfo], seeds: &'a [DocInfo], id: &str) -> Option<&'a DocInfo> {
    docs.iter()
        .find(|d| d.id == id)
        .or_else(|| seeds.iter().find(|d| d.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_references_are_complete() {
        let seeds = seed_docs();
        assert_eq!(seeds.len(), 5);
        let r = seeds[4].reference();
        assert!(r.starts_with("Kyoji Yanagisawa"), "{r}");
        assert!(r.contains("“How to Engage the Trump Administration"));
        assert!(r.ends_with("May 2025."));
    }

    #[test]
    fn caller_records_win_over_seeds() {
        let mine = vec![doc("004_b3e4016961f00b53", "Mine", "", "", "")];
        let seeds = seed_docs();
        assert_eq!(
            lookup(&mine, &seeds, "004_b3e4016961f00b53").map(|d| d.title.as_str()),
            Some("Mine")
        );
        assert!(lookup(&mine, &seeds, "000_8c2cdf9cea876b0f").is_some());
        assert!(lookup(&mine, &seeds, "nope").is_none());
        assert_eq!(doc("x", "", "", "", "").reference(), "document x");
    }
}
