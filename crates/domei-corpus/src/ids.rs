//! Document ids: the seeds' `NNN_<hash>` scheme, the rule every id
//! follows, and the slug an added file's stem becomes.

use sha2::{Digest, Sha256};

/// `NNN_<16 lower-case hex>`, the seeds' naming scheme.
pub fn is_seed_style_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[..3].iter().all(u8::is_ascii_digit)
        && b[3] == b'_'
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

/// Valid document ids: `[A-Za-z0-9][A-Za-z0-9._-]*`, at most 100 characters.
pub fn valid_id(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.len() <= 100
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Lower-case ASCII slug of a file stem: runs of other characters become
/// `-`; non-ASCII stems fall back to `doc-` and a hash of the stem.
pub fn slug(stem: &str) -> String {
    let mut s = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').chars().take(80).collect::<String>();
    if s.chars().filter(|c| c.is_ascii_alphanumeric()).count() < 2 {
        return format!("doc-{}", &hex(&Sha256::digest(stem.as_bytes()))[..12]);
    }
    s.trim_matches('-').to_string()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_seed_style_id("004_b3e4016961f00b53"));
        assert!(!is_seed_style_id("004_b3e4016961f00b5"));
        assert_eq!(slug("My Paper (2025) — final"), "my-paper-2025-final");
        assert!(slug("日本").starts_with("doc-"));
        assert!(valid_id("a.b-c_1") && !valid_id("-a") && !valid_id("a b"));
    }
}
