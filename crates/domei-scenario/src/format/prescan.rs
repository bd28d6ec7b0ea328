//! The size limits (domei-limits: `actors`, `issues`, `stances`, `table`)
//! checked by one cheap linear pass over a file's text, before the reader
//! parses it: a TOML parser holds every table of the document at once (a
//! 4.7 MB file of 58,000 actors costs over 200 MB to parse), and the
//! delimited readers every record, so a file far past the limits is refused
//! here in a few milliseconds and a few bytes per line. The validator
//! checks the same limits again on the draft (`validate::size_limits`): this
//! pass only makes the refusal cheap, it adds no rule.
//!
//! - TOML: counts `[[actors]]`, `[[issues]]` and `[[stances]]` headers (and
//!   the inline tables of a top-level `actors = [ {…}, … ]` array), outside
//!   strings and comments.
//! - Delimited files (CSV, TSV): counts records (line ends outside
//!   double-quoted fields) against the limit of what a row is.
//!
//! The refusal points at the first table or row past the limit.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Loc;
use domei_limits::{Limit, ACTORS, ISSUES, STANCES, TABLE};
use std::path::Path;

/// The diagnostic for `n` of `limit`'s things, more than it allows, at
/// `loc` (shared with the validator, so both refusals read the same).
pub fn too_many(path: &Path, loc: Loc, limit: Limit, n: u64, here: &str) -> Diagnostic {
    Diagnostic::new(
        path,
        loc,
        format!(
            "too many {}: {n}, more than the limit of {} (`{}`){here}",
            limit.what, limit.max, limit.name
        ),
    )
    .help(limit.hint)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Actors,
    Issues,
    Stances,
}

impl Kind {
    fn of(name: &str) -> Option<Kind> {
        match name.trim().trim_matches('"').trim_matches('\'') {
            "actors" => Some(Kind::Actors),
            "issues" => Some(Kind::Issues),
            "stances" => Some(Kind::Stances),
            _ => None,
        }
    }
}

/// Running counts, and where each limit was first passed.
#[derive(Default)]
struct Counts {
    n: [u64; 3],
    past: [Option<Loc>; 4],
}

impl Counts {
    fn add(&mut self, kind: Kind, loc: Loc) {
        let k = kind as usize;
        self.n[k] += 1;
        let limit = [ACTORS, ISSUES, STANCES][k];
        if self.n[k] > limit.max && self.past[k].is_none() {
            self.past[k] = Some(loc);
        }
        if self.n[0].saturating_mul(self.n[1]) > TABLE.max && self.past[3].is_none() {
            self.past[3] = Some(loc);
        }
    }

    fn result(&self, path: &Path) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::default();
        for (k, limit) in [ACTORS, ISSUES, STANCES, TABLE].into_iter().enumerate() {
            if let Some(loc) = self.past[k] {
                let n = if k == 3 {
                    self.n[0].saturating_mul(self.n[1])
                } else {
                    self.n[k]
                };
                let here = if k == 3 {
                    " (this table makes the actors × issues table pass it)"
                } else {
                    " (this is the first one past the limit)"
                };
                diags.push(too_many(path, loc, limit, n, here));
            }
        }
        diags.into_result()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum In {
    Code,
    Basic,
    Literal,
    MlBasic,
    MlLiteral,
    Comment,
}

/// Refuses a TOML scenario whose `[[actors]]`, `[[issues]]` or
/// `[[stances]]` tables (or inline tables of top-level arrays of those
/// names) pass their limits, without parsing it. Linear in the text, no
/// allocation.
pub fn toml(path: &Path, text: &str) -> Result<(), Diagnostics> {
    let b = text.as_bytes();
    let mut counts = Counts::default();
    let mut state = In::Code;
    let mut line: u32 = 1;
    let mut line_start = true;
    // Brackets open in the current value; the array whose inline tables
    // count (a top-level `actors = [` ...), and the depth of its brackets.
    let mut depth: u32 = 0;
    let mut counted: Option<Kind> = None;
    // No `[table]` header yet: top-level keys are the document's own.
    let mut at_root = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            line_start = true;
            if matches!(state, In::Comment | In::Basic | In::Literal) {
                state = In::Code;
            }
            i += 1;
            continue;
        }
        match state {
            In::Code => {
                if line_start && depth == 0 {
                    if c == b' ' || c == b'\t' || c == b'\r' {
                        i += 1;
                        continue;
                    }
                    line_start = false;
                    if c == b'[' {
                        // A table header: `[[name]]` or `[name]`; the rest
                        // of the line is a comment at most.
                        let double = b.get(i + 1) == Some(&b'[');
                        let start = i + if double { 2 } else { 1 };
                        let end = b[start..]
                            .iter()
                            .position(|&x| x == b']' || x == b'\n')
                            .map_or(b.len(), |p| start + p);
                        at_root = false;
                        if double {
                            if let Some(k) =
                                std::str::from_utf8(&b[start..end]).ok().and_then(Kind::of)
                            {
                                counts.add(k, Loc::new(line, 1));
                            }
                        }
                        // Skip to the end of the line (a `#` comment or
                        // nothing may follow a header).
                        i = b[end..]
                            .iter()
                            .position(|&x| x == b'\n')
                            .map_or(b.len(), |p| end + p);
                        continue;
                    }
                    if at_root {
                        let key_end = b[i..]
                            .iter()
                            .position(|&x| x == b'=' || x == b'\n')
                            .map_or(b.len(), |p| i + p);
                        if b.get(key_end) == Some(&b'=') {
                            counted = std::str::from_utf8(&b[i..key_end]).ok().and_then(Kind::of);
                        }
                    }
                }
                line_start = false;
                match c {
                    b'#' => state = In::Comment,
                    b'"' if b[i..].starts_with(b"\"\"\"") => {
                        state = In::MlBasic;
                        i += 3;
                        continue;
                    }
                    b'\'' if b[i..].starts_with(b"'''") => {
                        state = In::MlLiteral;
                        i += 3;
                        continue;
                    }
                    b'"' => state = In::Basic,
                    b'\'' => state = In::Literal,
                    b'[' | b'{' => {
                        depth += 1;
                        if c == b'{' && depth == 2 {
                            if let Some(k) = counted {
                                counts.add(k, Loc::new(line, 1));
                            }
                        }
                    }
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            counted = None;
                        }
                    }
                    _ => {}
                }
            }
            In::Basic | In::MlBasic if c == b'\\' => {
                // An escape: the next byte is not a closing quote (an
                // escaped newline still counts as a line).
                if b.get(i + 1) == Some(&b'\n') {
                    line += 1;
                }
                i += 2;
                continue;
            }
            In::Basic if c == b'"' => state = In::Code,
            In::Literal if c == b'\'' => state = In::Code,
            In::MlBasic if b[i..].starts_with(b"\"\"\"") => {
                // Up to two more quotes may belong to the string.
                let mut j = i + 3;
                while j < b.len() && b[j] == b'"' && j < i + 5 {
                    j += 1;
                }
                state = In::Code;
                i = j;
                continue;
            }
            In::MlLiteral if b[i..].starts_with(b"'''") => {
                let mut j = i + 3;
                while j < b.len() && b[j] == b'\'' && j < i + 5 {
                    j += 1;
                }
                state = In::Code;
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    counts.result(path)
}

/// Refuses a delimited file with more than `limit.max` records after its
/// `header` rows (each record one of `limit`'s things: an actor of a
/// simple or KTAB CSV, a row of a DEU III table), without reading the
/// records. Blank lines do not count; a line end inside a double-quoted
/// field does not end a record.
pub fn rows(path: &Path, text: &str, header: u64, limit: Limit) -> Result<(), Diagnostics> {
    let mut n: u64 = 0;
    let mut line: u32 = 1;
    let mut quoted = false;
    let mut blank = true;
    let mut first_past: Option<u32> = None;
    let mut record_line = 1;
    for c in text.bytes().chain(std::iter::once(b'\n')) {
        match c {
            b'"' => {
                quoted = !quoted;
                blank = false;
            }
            b'\n' => {
                if !quoted {
                    if !blank {
                        n += 1;
                        if n > header + limit.max && first_past.is_none() {
                            first_past = Some(record_line);
                        }
                    }
                    blank = true;
                    record_line = line + 1;
                }
                line += 1;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => blank = false,
        }
    }
    match first_past {
        Some(l) => Err(Diagnostics::single(too_many(
            path,
            Loc::new(l, 1),
            limit,
            n - header,
            " (this row is the first one past the limit)",
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(n: usize, inline: bool) -> String {
        let mut t = String::from("[scenario]\nid = \"x\" # [[actors]]\n");
        if inline {
            t.push_str("actors = [\n");
            for a in 0..n {
                t.push_str(&format!("  {{ id = \"a{a}\", capability = 1 }},\n"));
            }
            t.push_str("]\n");
            return t.replace("[scenario]\nid = \"x\" # [[actors]]\n", "");
        }
        for a in 0..n {
            t.push_str(&format!("[[actors]]\nid = \"a{a}\"\ncapability = 1\n"));
        }
        t
    }

    #[test]
    fn headers_past_the_limit_are_refused_at_the_first_one_past() {
        let p = Path::new("s.toml");
        assert!(toml(p, &many(10_000, false)).is_ok());
        let e = toml(p, &many(10_001, false)).unwrap_err();
        assert_eq!(e.len(), 1);
        let d = &e.0[0];
        // Two header lines, then three lines per actor.
        assert_eq!(d.loc, Loc::new(3 + 3 * 10_000, 1));
        assert!(d.message.contains("10001") && d.message.contains("`actors`"));
        let e = toml(p, &many(10_001, true)).unwrap_err();
        assert_eq!(e.0[0].loc, Loc::new(2 + 10_000, 1), "{e}");
    }

    #[test]
    fn headers_in_strings_and_comments_do_not_count() {
        let p = Path::new("s.toml");
        let fake = "[[actors]]\n".repeat(10_001);
        for t in [
            format!("[scenario]\ndescription = \"\"\"\n{fake}\"\"\"\n"),
            format!("[scenario]\ndescription = '''\n{fake}'''\n"),
            format!("[scenario]\ndescription = \"\"\"\\\"\"\"\n{fake}\"\"\"\n"),
            fake.lines().map(|l| format!("# {l}\n")).collect(),
        ] {
            assert!(toml(p, &t).is_ok(), "{}", &t[..60]);
        }
    }

    #[test]
    fn the_table_limit_counts_actors_times_issues() {
        let p = Path::new("s.toml");
        let mut t = String::new();
        for i in 0..60 {
            t.push_str(&format!("[[issues]]\nid = \"i{i}\"\n"));
        }
        for a in 0..9_000 {
            t.push_str(&format!("[[actors]]\nid = \"a{a}\"\n"));
        }
        let e = toml(p, &t).unwrap_err();
        assert!(e.0[0].message.contains("`table`"), "{e}");
        // 60 × 8,334 = 500,040 cells: the 8,334th actor passes it.
        assert_eq!(e.0[0].loc.line, 120 + 2 * 8_333 + 1);
    }

    #[test]
    fn rows_count_records_not_lines() {
        let p = Path::new("s.csv");
        let mut t = String::from("actor,capability,position,salience\n\n");
        for i in 0..10_000 {
            t.push_str(&format!("\"a\n{i}\",1,2,3\n"));
        }
        assert!(rows(p, &t, 1, ACTORS).is_ok());
        t.push_str("last,1,2,3");
        let e = rows(p, &t, 1, ACTORS).unwrap_err();
        assert_eq!(e.0[0].loc, Loc::new(3 + 2 * 10_000, 1), "{e}");
        assert!(e.0[0].message.contains("10001"), "{e}");
    }
}
