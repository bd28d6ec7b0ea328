//! Terms of art that name the same thing in the sources, so a search for
//! one finds passages that use another. Each group is a set of equivalent
//! phrases; a query containing one phrase of a group (as a run of words,
//! after stemming) also searches the others, and the CLI says so. `--no-expand` turns this off. The list is short and specific to
//! the domain on purpose: it records usage, not guesses.

use crate::tokenize::terms;
use domei_i18n::is_cjk;

/// Equivalent phrases. The first group is Japan's cost-sharing for US
/// forces: "host nation support" (HNS) is the official English name; the
/// papers also say "cost of stationing", "cost-sharing", "special measures
/// agreement" (in Japanese 特別協定, "the special agreement"), "sympathy budget" (思いやり予算, omoiyari yosan) and, since
/// FY2022, "alliance resilience budget" (同盟強靱化予算).
pub const GROUPS: &[&[&str]] = &[
    &[
        "host nation support",
        "cost of stationing",
        "cost-sharing",
        "special measures agreement",
        "special agreement",
        "sympathy budget",
        "omoiyari yosan",
        "alliance resilience budget",
        "思いやり予算",
        "在日米軍駐留経費",
        "在日米軍駐留経費負担",
        "同盟強靱化予算",
        "特別協定",
    ],
    &[
        "status of forces agreement",
        "sofa",
        "日米地位協定",
        "地位協定",
    ],
    &[
        "defense spending",
        "defense budget",
        "defence spending",
        "defence budget",
        "military spending",
        "防衛費",
        "防衛予算",
        "防衛関係費",
    ],
    &["gross domestic product", "gdp", "国内総生産"],
    &[
        "counterstrike capabilities",
        "counter-strike capabilities",
        "反撃能力",
    ],
    // The terms of the bundled scenario's Japanese texts (issue 15), each
    // with the English the seed papers use, so a query in either language
    // finds passages in both.
    &["tariff", "tariffs", "関税"],
    &["reciprocal tariff", "reciprocal tariffs", "相互関税"],
    &[
        "us forces in japan",
        "u.s. forces in japan",
        "us bases in japan",
        "u.s. bases in japan",
        "usfj",
        "在日米軍",
        "在日米軍基地",
    ],
    &[
        "japan-us alliance",
        "japan-u.s. alliance",
        "us-japan alliance",
        "u.s.-japan alliance",
        "日米同盟",
    ],
    &[
        "japan-us security treaty",
        "japan-u.s. security treaty",
        "security treaty",
        "日米安全保障条約",
        "日米安保条約",
        "安保条約",
    ],
    &[
        "taiwan contingency",
        "taiwan crisis",
        "taiwan emergency",
        "台湾有事",
        "台湾危機",
    ],
    &["alliance", "alliances", "同盟"],
    &["self-defense forces", "sdf", "自衛隊"],
    &["foreign direct investment", "fdi", "直接投資", "対米投資"],
    &["nippon steel", "日本製鉄"],
    &["liquefied natural gas", "lng", "液化天然ガス"],
    &["critical minerals", "重要鉱物"],
    &["economic security", "経済安全保障", "経済安保"],
    &["semiconductors", "semiconductor", "半導体"],
    &["quad", "クアッド", "日米豪印"],
    &[
        "free and open indo-pacific",
        "foip",
        "自由で開かれたインド太平洋",
    ],
];

/// Phrases to search in addition to `query`: the other members of every
/// group one of whose phrases occurs in the query.
pub fn expansions(query: &str) -> Vec<String> {
    let q = terms(query);
    let mut out: Vec<String> = Vec::new();
    for group in GROUPS {
        let hit = group.iter().any(|p| {
            let pt = terms(p);
            !pt.is_empty() && q.windows(pt.len()).any(|w| w == pt.as_slice())
        });
        if hit {
            for p in group.iter() {
                let pt = terms(p);
                let present = !pt.is_empty() && q.windows(pt.len()).any(|w| w == pt.as_slice());
                if !present && !out.iter().any(|o| o == p) {
                    out.push((*p).to_string());
                }
            }
        }
    }
    out
}

/// The two-character sequences of the Japanese runs of `text`.
fn bigrams(text: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = text.chars().collect();
    cs.windows(2)
        .filter(|w| is_cjk(w[0]) && is_cjk(w[1]))
        .map(|w| (w[0], w[1]))
        .collect()
}

/// English terms of the glossary to try when a query with Japanese text
/// finds nothing (the corpus may hold only English passages): the first
/// English phrase of every group with a Japanese phrase that shares a
/// two-character sequence with the query (or one character, for a
/// one-character query), the group naming the query exactly first, then
/// by the number of shared sequences. Empty when the query
/// has no Japanese text or the glossary has nothing close.
pub fn english_suggestions(query: &str) -> Vec<&'static str> {
    let q = bigrams(query);
    let singles: Vec<char> = query.chars().filter(|&c| is_cjk(c)).collect();
    if singles.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &'static str)> = Vec::new();
    for (k, group) in GROUPS.iter().enumerate() {
        let score = group
            .iter()
            .filter(|p| p.chars().any(is_cjk))
            .map(|p| {
                let exact: String = query.chars().filter(|&c| is_cjk(c)).collect();
                if **p == exact {
                    // The query is this very term.
                    1000
                } else if q.is_empty() {
                    usize::from(p.chars().any(|c| singles.contains(&c)))
                } else {
                    let pb = bigrams(p);
                    q.iter().filter(|b| pb.contains(b)).count()
                }
            })
            .max()
            .unwrap_or(0);
        let english = group.iter().find(|p| !p.chars().any(is_cjk));
        if let (true, Some(en)) = (score > 0, english) {
            scored.push((score, k, en));
        }
    }
    // Closest first; equal scores in the glossary's order.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, en)| en).take(5).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_english_terms_for_japanese_queries() {
        // A term the glossary has, and a part of one.
        assert_eq!(english_suggestions("関税")[0], "tariff");
        let s = english_suggestions("駐留経費");
        assert_eq!(s[0], "host nation support", "{s:?}");
        assert_eq!(english_suggestions("同盟")[0], "alliance");
        // Nothing Japanese, or nothing close: no suggestion.
        assert!(english_suggestions("tariff").is_empty());
        assert!(english_suggestions("寿司").is_empty());
    }

    #[test]
    fn expands_terms_of_art() {
        let e = expansions("Host Nation Support");
        assert!(e.contains(&"cost of stationing".to_string()));
        assert!(!e.contains(&"host nation support".to_string()));
        assert!(expansions("host support").is_empty());
        assert!(expansions("思いやり予算").contains(&"host nation support".to_string()));
    }

    /// The bundled scenario's Japanese terms reach the English the seeds
    /// use, and the English reaches the Japanese.
    #[test]
    fn japanese_terms_both_ways() {
        for (ja, en) in [
            ("関税", "tariffs"),
            ("相互関税", "reciprocal tariffs"),
            ("在日米軍", "u.s. forces in japan"),
            ("思いやり予算", "host nation support"),
            ("防衛費", "defense spending"),
            ("日米同盟", "japan-u.s. alliance"),
            ("台湾有事", "taiwan crisis"),
            ("日米地位協定", "status of forces agreement"),
        ] {
            assert!(
                expansions(ja).iter().any(|e| e == en),
                "{ja} -> {en}: {:?}",
                expansions(ja)
            );
            assert!(
                expansions(en).iter().any(|e| e == ja),
                "{en} -> {ja}: {:?}",
                expansions(en)
            );
        }
        // A longer Japanese term also reaches the groups of the terms it
        // contains: 在日米軍駐留経費負担 is host-nation support and names US forces in Japan.
        let e = expansions("在日米軍駐留経費負担");
        assert!(e.iter().any(|x| x == "host nation support"), "{e:?}");
    }
}
