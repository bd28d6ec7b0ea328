//! A small, seeded, coverage-blind mutator: from a corpus, inputs made by
//! stacking a few edits (bit flips, bytes set to boundary values, deletions,
//! insertions of random bytes or of tokens the parsers care about, chunk
//! duplication, splicing two corpus entries, truncation). Deterministic: the
//! same seed and corpus give the same inputs, so a failure is reproduced by
//! its seed and index.

/// SplitMix64: a tiny, well-mixed 64-bit generator (Steele, Lea and
/// Flood, "Fast splittable pseudorandom number generators", 2014).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`; equal seeds give equal streams.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits (one SplitMix64 step).
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Tokens that matter to domei's parsers (TOML, CSV/TSV, HTML, Markdown,
/// PDF, numbers and units), inserted whole.
const TOKENS: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\t",
    b",",
    b"\"",
    b"'",
    b"=",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b".",
    b"#",
    b"0",
    b"-1",
    b"1e308",
    b"-1e308",
    b"1.7976931348623157e308",
    b"nan",
    b"inf",
    b"-0.0",
    b"18446744073709551616",
    b"\xe6\x97\xa5\xe6\x9c\xac",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<p>",
    b"</p>",
    b"<script>",
    b"<!--",
    b"&#x10FFFF;",
    b"&amp",
    b"# ",
    b"```",
    b"obj",
    b"endobj",
    b"stream\n",
    b"\nendstream",
    b" 0 R",
    b"<<",
    b">>",
    b"/Type /Pages",
    b"/Kids [",
    b"/Filter /FlateDecode",
    b"/Length 999999",
    b"xref\n",
    b"trailer",
    b"BT",
    b"ET",
    b"Tj",
    b"(",
    b")",
    b"%",
    b"percent",
    b"trillion yen",
    b"billion",
    b" to ",
    b"actor",
    b"issue",
    b"position",
    b"salience",
    b"capability",
    b"status_quo",
    b"evidence",
    b"quote",
    b"passage",
];

/// Boundary byte values.
const BYTES: &[u8] = &[
    0, 1, 0x7f, 0x80, 0xff, b'\n', b'\r', b' ', b'"', b'\\', b'0', b'9', b'-', b'+', b'.', b'e',
];

/// Longest input produced.
pub const MAX_LEN: usize = 64 * 1024;

/// The next input: a corpus entry (or nothing, with an empty corpus) with
/// one to four edits stacked.
pub fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut x = if corpus.is_empty() {
        Vec::new()
    } else {
        corpus[rng.below(corpus.len())].clone()
    };
    for _ in 0..1 + rng.below(4) {
        edit(rng, &mut x, corpus);
    }
    x.truncate(MAX_LEN);
    x
}

fn edit(rng: &mut Rng, x: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let len = x.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            x[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            x[i] = BYTES[rng.below(BYTES.len())];
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below(16.min(len - at));
            x.drain(at..at + n);
        }
        3 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            x.splice(at..at, bytes);
        }
        4 | 5 => {
            let at = rng.below(len + 1);
            let t = TOKENS[rng.below(TOKENS.len())];
            x.splice(at..at, t.iter().copied());
        }
        6 if len > 0 => {
            let from = rng.below(len);
            let n = 1 + rng.below((len - from).min(256));
            let chunk = x[from..from + n].to_vec();
            let at = rng.below(len + 1);
            x.splice(at..at, chunk);
        }
        7 if !corpus.is_empty() => {
            let other = &corpus[rng.below(corpus.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            x.truncate(cut);
            x.extend_from_slice(&other[from..]);
        }
        8 if len > 0 => {
            x.truncate(rng.below(len));
        }
        _ => {
            let at = rng.below(len + 1);
            x.insert(at, BYTES[rng.below(BYTES.len())]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_inputs() {
        let corpus = vec![b"[scenario]\nid = \"x\"\n".to_vec(), b"a,b\n1,2\n".to_vec()];
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..200)
                .map(|_| mutate(&mut rng, &corpus))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        assert!(run(7).iter().all(|x| x.len() <= MAX_LEN));
    }

    #[test]
    fn an_empty_corpus_still_gives_inputs() {
        let mut rng = Rng::new(1);
        let lens: Vec<usize> = (0..100).map(|_| mutate(&mut rng, &[]).len()).collect();
        assert!(lens.iter().any(|&n| n > 0));
    }
}
