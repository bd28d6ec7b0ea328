//! The quantity extractor's tokenizer and word lists.

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tk {
    Num(f64),
    Word(String),
    Sym(char),
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub t: Tk,
    pub s: usize,
    pub e: usize,
    /// Digits only, no comma or decimal point.
    pub plain_int: bool,
}

impl Tok {
    pub fn word(&self) -> Option<&str> {
        match &self.t {
            Tk::Word(w) => Some(w),
            _ => None,
        }
    }
    pub fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }
    pub fn sym(&self) -> Option<char> {
        match self.t {
            Tk::Sym(c) => Some(c),
            _ => None,
        }
    }
}

pub(super) fn tokenize(chars: &[char]) -> Vec<Tok> {
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_ascii_digit() {
            let s = i;
            let mut plain = true;
            while i < n {
                if chars[i].is_ascii_digit() {
                    i += 1;
                } else if chars[i] == ','
                    && i + 3 < n + 1
                    && chars
                        .get(i + 1..i + 4)
                        .is_some_and(|d| d.iter().all(char::is_ascii_digit))
                    && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
                {
                    plain = false;
                    i += 4;
                } else if chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                    plain = false;
                    i += 1;
                } else {
                    break;
                }
            }
            let digits: String = chars[s..i].iter().filter(|c| **c != ',').collect();
            if let Ok(v) = digits.parse::<f64>() {
                out.push(Tok {
                    t: Tk::Num(v),
                    s,
                    e: i,
                    plain_int: plain,
                });
            }
            continue;
        }
        if c.is_alphabetic() && !domei_i18n::is_cjk(c) {
            let s = i;
            while i < n
                && ((chars[i].is_alphabetic() && !domei_i18n::is_cjk(chars[i]))
                    || (matches!(chars[i], '\'' | '’')
                        && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())))
            {
                i += 1;
            }
            let w: String = chars[s..i]
                .iter()
                .collect::<String>()
                .to_lowercase()
                .replace('’', "'");
            out.push(Tok {
                t: Tk::Word(w),
                s,
                e: i,
                plain_int: false,
            });
            continue;
        }
        if !c.is_whitespace() {
            out.push(Tok {
                t: Tk::Sym(c),
                s: i,
                e: i + 1,
                plain_int: false,
            });
        }
        i += 1;
    }
    out
}

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number at token `i`: digits, or words ("three", "twenty-eight",
/// "two hundred"). Returns the value, the index after it, and whether it
/// was written in words.
pub(super) fn number_at(toks: &[Tok], i: usize) -> Option<(f64, usize, bool)> {
    let t = toks.get(i)?;
    if let Tk::Num(v) = t.t {
        return Some((v, i + 1, false));
    }
    let w = t.word()?;
    let mut v;
    let mut j = i + 1;
    if let Some(u) = UNITS.iter().position(|x| *x == w) {
        v = u as f64;
    } else if let Some(tn) = TENS.iter().position(|x| *x == w) {
        v = (20 + 10 * tn) as f64;
        if toks.get(j).and_then(Tok::sym) == Some('-') {
            if let Some(u) = toks
                .get(j + 1)
                .and_then(Tok::word)
                .and_then(|w| UNITS.iter().position(|x| *x == w))
            {
                if (1..10).contains(&u) {
                    v += u as f64;
                    j += 2;
                }
            }
        }
    } else {
        return None;
    }
    if toks.get(j).is_some_and(|t| t.is_word("hundred")) {
        v *= 100.0;
        j += 1;
    }
    Some((v, j, true))
}

pub(super) fn scale_word(w: &str) -> Option<(f64, &'static str)> {
    Some(match w {
        "thousand" => (1e3, "thousand"),
        "million" | "mn" => (1e6, "million"),
        "billion" | "bn" => (1e9, "billion"),
        "trillion" | "tn" => (1e12, "trillion"),
        _ => return None,
    })
}

pub(super) fn cjk_scale(c: char) -> Option<(f64, &'static str)> {
    Some(match c {
        '兆' => (1e12, "兆"),
        '億' => (1e8, "億"),
        '万' => (1e4, "万"),
        '千' => (1e3, "千"),
        _ => return None,
    })
}

pub(super) fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "yen" | "jpy" => "JPY",
        "dollar" | "dollars" | "usd" => "USD",
        "euro" | "euros" | "eur" => "EUR",
        "pound" | "pounds" | "gbp" => "GBP",
        "yuan" | "renminbi" | "rmb" | "cny" => "CNY",
        "won" | "krw" => "KRW",
        _ => return None,
    })
}

pub(super) fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '¥' | '￥' => "JPY",
        '€' => "EUR",
        '£' => "GBP",
        _ => return None,
    })
}

pub(super) const TIME_UNITS: &[(&str, &str)] = &[
    ("second", "second"),
    ("seconds", "second"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("day", "day"),
    ("days", "day"),
    ("week", "week"),
    ("weeks", "week"),
    ("month", "month"),
    ("months", "month"),
    ("year", "year"),
    ("years", "year"),
    ("decade", "decade"),
    ("decades", "decade"),
];

pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a number that make it a label, not a quantity.
pub(super) const LABELS: &[&str] = &[
    "article",
    "no",
    "section",
    "chapter",
    "part",
    "page",
    "pages",
    "p",
    "pp",
    "figure",
    "fig",
    "table",
    "paragraph",
    "item",
    "vol",
    "volume",
    "number",
    "para",
    "rule",
    "resolution",
    "route",
    "commentary",
    "issue",
    "phase",
    "step",
    "annex",
    "appendix",
    "clause",
    "point",
    "level",
    "tier",
    "grade",
    "g",
    "f",
    "su",
    "mq",
    "ch",
    "type",
    "model",
];

/// Nouns a count can be of: anything alphabetic that is not one of these.
pub(super) const NOT_COUNTED: &[&str] = &[
    "of", "to", "and", "or", "in", "on", "at", "by", "for", "from", "with", "the", "a", "an",
    "percent", "per", "times", "is", "was", "are", "were", "has", "had", "have", "will", "would",
    "that", "which", "as", "than", "st", "nd", "rd", "th", "s", "this", "these", "those", "it",
    "its", "more", "less", "out", "up", "years", "year",
];

pub(super) fn qualifier_before(toks: &[Tok], i: usize) -> Option<&'static str> {
    let w = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| toks.get(j))
            .and_then(Tok::word)
    };
    match (w(2), w(1)) {
        (Some("more" | "greater"), Some("than")) | (Some("upwards"), Some("of")) => {
            return Some("more-than")
        }
        (Some("less" | "fewer"), Some("than")) => return Some("less-than"),
        (Some("at"), Some("least")) => return Some("at-least"),
        (Some("no"), Some("less")) => return Some("at-least"),
        (Some("up"), Some("to")) | (Some("at"), Some("most")) => return Some("up-to"),
        (Some("close"), Some("to")) => return Some("approximately"),
        _ => {}
    }
    match w(1)? {
        "about" | "approximately" | "around" | "roughly" | "some" | "circa" | "approx"
        | "nearly" | "almost" => Some("approximately"),
        "over" | "exceeds" | "exceed" | "exceeding" | "exceeded" | "above" => Some("more-than"),
        "under" | "below" => Some("less-than"),
        "from" => Some("from"),
        _ => None,
    }
}

/// `(period, tokens consumed)` for "annually", "a year", "per year", ...
pub(super) fn per_after(toks: &[Tok], j: usize) -> Option<(&'static str, usize)> {
    let w = |k: usize| toks.get(j + k).and_then(Tok::word);
    match (w(0), w(1)) {
        (Some("annually" | "yearly"), _) => Some(("year", 1)),
        (Some("a" | "per" | "each" | "every"), Some("year" | "annum")) => Some(("year", 2)),
        (Some("monthly"), _) => Some(("month", 1)),
        (Some("a" | "per" | "each" | "every"), Some("month")) => Some(("month", 2)),
        (Some("a" | "per" | "each" | "every"), Some("day")) | (Some("daily"), _) => {
            Some(("day", 2))
        }
        _ => None,
    }
}
