//! Reading a scenario part: TOML with spans into located diagnostics, and
//! the sourced values and evidence references every part shares.
//!
//! The rules for a value are those of `scenario.toml`
//! (docs/scenario-format.md, "Values"): finite numbers, `low <= value <=
//! high`, a range needs both ends, the midpoint when only a range is given,
//! references of the form `DOC#LOCATOR`. The parts add one rule: every value
//! must cite evidence or record a judgement (the analyses are only as good as
//! their sources).

use domei_scenario::diag::LineIndex;
use domei_scenario::{Diagnostic, Diagnostics, EvidenceRef, Loc, Value};
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where the formats are documented (for help lines).
pub const DOCS: &str = "docs/seeds-analyses.md";

/// Parses `text` (the contents of `path`) as TOML into `T`; a syntax error
/// or an unknown key becomes one located diagnostic.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Japanese forms (`name_ja`, ...) are not part of the data: read the
    // English view, which keeps every line and column (a text already in
    // the Japanese view has none left).
    let viewed = domei_scenario::lang::view(text, domei_scenario::lang::Lang::En);
    let text = viewed.as_str();
    toml::from_str(text).map_err(|e| {
        let idx = LineIndex::new(text);
        let loc = e.span().map_or(Loc::new(1, 1), |s| idx.loc(s.start));
        let msg = e.message().trim().to_string();
        let help = if msg.contains("unknown field") {
            format!("check the spelling; {DOCS} lists every key")
        } else if msg.contains("missing field") {
            format!("add the key; {DOCS} lists the required keys")
        } else {
            format!("this is not valid here; see {DOCS} for the layout")
        };
        Diagnostics::single(Diagnostic::new(path, loc, msg).help(help))
    })
}

use domei_scenario::format::toml::{draft_ref, draft_value};
/// Values and references are written exactly as in `scenario.toml`; the
/// scenario reader owns their syntax.
pub use domei_scenario::format::toml::{RawRef, RawValue};
use domei_scenario::{check_reference, check_value};

/// Collects the diagnostics of one file while its parsed form is checked.
pub struct Reader<'a> {
    path: PathBuf,
    idx: LineIndex<'a>,
    diags: Diagnostics,
}

impl<'a> Reader<'a> {
    /// A reader of `text`, the contents of the file at `path` (a leading
    /// byte-order mark is skipped when counting columns).
    pub fn new(path: &Path, text: &'a str) -> Self {
        Reader {
            path: path.to_path_buf(),
            idx: LineIndex::new(text.strip_prefix('\u{feff}').unwrap_or(text)),
            diags: Diagnostics::default(),
        }
    }

    /// The file being read, as diagnostics name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Line and column of a byte span's start.
    pub fn loc(&self, span: Range<usize>) -> Loc {
        self.idx.loc(span.start)
    }

    /// Line and column of a spanned item.
    pub fn at<T>(&self, s: &Spanned<T>) -> Loc {
        self.loc(s.span())
    }

    /// Reports an error at `loc`, with a hint on how to fix it.
    pub fn err(&mut self, loc: Loc, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(&self.path, loc, message).help(help));
    }

    /// True once any error has been reported.
    pub fn has_errors(&self) -> bool {
        !self.diags.is_empty()
    }

    /// `Ok(())` when nothing was reported, else every diagnostic in order.
    pub fn finish(self) -> Result<(), Diagnostics> {
        self.diags.into_result()
    }

    /// Checks an id: `[A-Za-z0-9][A-Za-z0-9_-]*`.
    pub fn check_id(&mut self, what: &str, id: &str, loc: Loc) -> bool {
        let ok = domei_scenario::is_valid_id(id);
        if !ok {
            self.err(
                loc,
                format!("{what} id {id:?} is not a valid id"),
                "ids start with a letter or digit and contain only letters, digits, '-' and '_'",
            );
        }
        ok
    }

    /// The file's header table `[TABLE]`, with its location; when it is
    /// missing, the error that says so (every part file starts with one).
    pub fn header<H>(
        mut self,
        table: &str,
        header: Option<Spanned<H>>,
    ) -> Result<(Self, Loc, H), Diagnostics> {
        let Some(header) = header else {
            self.err(
                Loc::new(1, 1),
                format!("no [{table}] table"),
                format!("start the file with [{table}] and its id"),
            );
            return Err(self.finish().err().unwrap_or_default());
        };
        let at = self.at(&header);
        Ok((self, at, header.into_inner()))
    }

    /// The header's `id`, checked; an error (and an empty id) when it is
    /// missing.
    pub fn header_id(&mut self, table: &str, at: Loc, id: Option<&Spanned<String>>) -> String {
        match id {
            Some(id) => {
                self.check_id(table, id.get_ref(), self.at(id));
                id.get_ref().clone()
            }
            None => {
                self.err(
                    at,
                    format!("[{table}] has no id"),
                    format!("add `id = \"...\"` under [{table}]"),
                );
                String::new()
            }
        }
    }

    /// Checks the header's optional `scenario` id against the scenario the
    /// part file sits beside (`file` names the part, e.g. `plan.toml`).
    pub fn scenario_id(&mut self, file: &str, written: Option<&Spanned<String>>, actual: &str) {
        if let Some(sid) = written {
            if sid.get_ref() != actual {
                self.err(
                    self.at(sid),
                    format!(
                        "written for scenario {:?}, but the scenario beside it is {:?}",
                        sid.get_ref(),
                        actual
                    ),
                    format!("use the {file} of this scenario, or fix `scenario`"),
                );
            }
        }
    }

    /// Validates references written at `refs` by the scenario's rules
    /// (`domei_scenario::check_reference`).
    pub fn refs(&mut self, name: &str, refs: &[Spanned<RawRef>]) -> Vec<EvidenceRef> {
        refs.iter()
            .filter_map(|r| {
                let d = draft_ref(&self.idx, r);
                check_reference(&self.path, name, &d, &mut self.diags)
            })
            .collect()
    }

    /// Requires `evidence` or `judgement` on something that is not a value
    /// (an action, a lexicon entry).
    pub fn require_source(
        &mut self,
        name: &str,
        evidence: &[EvidenceRef],
        judgement: Option<&str>,
        loc: Loc,
    ) {
        if evidence.is_empty() && judgement.map(str::trim).unwrap_or("").is_empty() {
            self.err(
                loc,
                format!("{name} has neither evidence nor judgement"),
                "add `evidence = [{ passage = \"DOC#pN\", quote = \"...\" }]`, or `judgement = \"...\"` with your reasoning",
            );
        }
    }

    /// Checks a sourced value by the scenario's rules
    /// (`domei_scenario::check_value`: numbers finite, range ordered and
    /// containing the point, everything within `bounds` (`(lo, hi, what)`),
    /// references well formed) plus the parts' own: evidence or judgement
    /// present.
    pub fn value(
        &mut self,
        name: &str,
        raw: &Spanned<RawValue>,
        bounds: Option<(f64, f64, &str)>,
    ) -> Option<Value> {
        let d = draft_value(&self.idx, raw);
        let v = check_value(&self.path, name, &d, bounds, 1.0, &mut self.diags)?;
        self.require_source(name, &v.evidence, v.judgement.as_deref(), v.loc);
        Some(v)
    }
}

/// The candidate closest to `name` by edit distance, when close enough to be
/// a likely typo: for "did you mean" hints.
pub fn suggest<'s>(name: &str, candidates: impl IntoIterator<Item = &'s str>) -> Option<&'s str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

use domei_scenario::validate::edit_distance;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct T {
        x: Spanned<RawValue>,
    }

    fn check(text: &str, bounds: Option<(f64, f64, &str)>) -> Result<Value, Diagnostics> {
        let path = Path::new("t.toml");
        let t: T = parse(path, text)?;
        let mut r = Reader::new(path, text);
        let v = r.value("x", &t.x, bounds);
        r.finish()?;
        Ok(v.unwrap())
    }

    #[derive(Deserialize)]
    struct Head {
        id: Option<Spanned<String>>,
    }

    #[derive(Deserialize)]
    struct File {
        plan: Option<Spanned<Head>>,
    }

    fn head(text: &str) -> Result<String, Diagnostics> {
        let path = Path::new("plan.toml");
        let f: File = parse(path, text)?;
        let (mut r, at, h) = Reader::new(path, text).header("plan", f.plan)?;
        let id = r.header_id("plan", at, h.id.as_ref());
        r.finish().map(|_| id)
    }

    #[test]
    fn the_header_table_and_its_id_are_required_and_located() {
        assert_eq!(head("[plan]\nid = \"p-1\"\n").unwrap(), "p-1");
        let e = head("# nothing\n").unwrap_err().to_string();
        assert!(
            e.contains("plan.toml:1:1") && e.contains("no [plan] table"),
            "{e}"
        );
        let e = head("\n[plan]\n").unwrap_err().to_string();
        assert!(
            e.contains("[plan] has no id") && e.contains("add `id = \"...\"` under [plan]"),
            "{e}"
        );
        let e = head("[plan]\nid = \"bad id\"\n").unwrap_err().to_string();
        assert!(
            e.contains("plan.toml:2:") && e.contains("not a valid id"),
            "{e}"
        );
    }

    #[test]
    fn values_follow_the_scenario_rules() {
        let v = check(
            "x = { low = 0.2, high = 0.4, judgement = \"j\" }",
            Some((0.0, 1.0, "a probability")),
        )
        .unwrap();
        assert!((v.value - 0.3).abs() < 1e-12);
        assert_eq!(v.range, Some((0.2, 0.4)));
        let e = check(
            "x = { value = 1.5, judgement = \"j\" }",
            Some((0.0, 1.0, "a probability")),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("t.toml:1:5: error: x: 1.5 lies outside a probability 0..1"),
            "{e}"
        );
        let e = check("x = 0.5", None).unwrap_err();
        assert!(
            e.to_string().contains("neither evidence nor judgement"),
            "{e}"
        );
        let e = check("\n\nx = { value = 0.5, evidence = [\"nohash\"] }", None).unwrap_err();
        assert!(e.to_string().starts_with("t.toml:3:"), "{e}");
        let v = check(
            "x = { value = 0.5, evidence = [{ passage = \"D#p1\", quote = \"q\" }] }",
            None,
        )
        .unwrap();
        assert_eq!(v.evidence[0].passage(), "D#p1");
        assert_eq!(v.evidence[0].loc, Loc::new(1, 32)); // the `{` of the reference
    }

    #[test]
    fn support_and_voice_follow_the_scenario_rules() {
        let v = check(
            "x = { value = 0.5, evidence = [{ passage = \"D#p1\", quote = \"q\", support = \"implies\", voice = \"actor\", review = \"needed\" }] }",
            None,
        )
        .unwrap();
        let r = &v.evidence[0];
        assert_eq!(
            (r.support, r.voice, r.needs_review),
            (
                domei_scenario::Support::Implies,
                domei_scenario::Voice::Actor,
                true
            )
        );
        let e = check(
            "x = { value = 0.5, evidence = [{ passage = \"D#p1\", support = \"bogus\" }] }",
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("t.toml:1:62: error: x: support \"bogus\" is not one of states, implies, context, unrated"),
            "{e}"
        );
        let e = check(
            "x = { value = 0.5, judgement = \"j\", evidence = [{ passage = \"D#p1\", voice = \"me\" }] }",
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("t.toml:1:") && e.contains("voice \"me\" is not one of"),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_and_unknown_keys_are_located() {
        let e = check("x = { value = 0.5, judgment = \"typo\" }", None).unwrap_err();
        let s = e.to_string();
        assert!(
            s.starts_with("t.toml:1:") && s.contains("unknown field"),
            "{s}"
        );
        let e = check("x = [", None).unwrap_err();
        assert!(e.to_string().starts_with("t.toml:1:"), "{e}");
    }

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(
            suggest("us-admn", ["us-admin", "japan-gov"]),
            Some("us-admin")
        );
        assert_eq!(suggest("zzz", ["us-admin"]), None);
    }
}
