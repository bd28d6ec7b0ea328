//! Fuzz-style property tests: the same invariants as the cargo-fuzz targets
//! in `fuzz/` (see `domei_corpus::fuzzing`), over arbitrary and mutated
//! inputs, in the normal test suite (stable toolchain, no libFuzzer).

use domei_corpus::fuzzing::{check_claims, check_extracted};
use domei_corpus::ingest::{extract_as, Format};
use domei_corpus::pdfgen;
use domei_testkit::seeded;
use proptest::prelude::*;
use std::path::Path;

fn run(format: Format, bytes: &[u8]) {
    if let Ok(e) = extract_as(format, Path::new("fuzz.bin"), bytes) {
        check_extracted(&e);
    }
}

/// Text that looks like the inputs (markup, numbers, CJK, quotes) more often
/// than uniform bytes would.
fn texty() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<div>",
        "<script>",
        "</script>",
        "<br>",
        "&amp;",
        "&#x26085;",
        "<!--",
        "-->",
        "# ",
        "**",
        "```",
        "\n",
        "\n\n",
        " ",
        "3%",
        "18 trillion yen",
        "$1",
        "billion",
        "FY2027",
        "from 1% to 2%",
        "twenty-",
        "日本",
        "兆円",
        "“",
        "”",
        "—",
        ".",
        "U.S.",
        "10 to 20 percent",
        "of GDP",
        "(",
        ")",
        "28 member states",
        "between",
        "and",
        "---",
        "|",
        "[x](y)",
        "\r\n",
        "\u{0}",
        "\u{feff}",
        "%PDF-1.4",
        "0",
        "99999999999",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

/// The fixed seed of the property tests (`domei_testkit::seeded`).
const SEED: u64 = 0x5eed_d0e1;

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..seeded(256, SEED) })]

    #[test]
    fn text_ingestion_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        run(Format::Text, &bytes);
    }

    #[test]
    fn text_ingestion_texty(s in texty()) {
        run(Format::Text, s.as_bytes());
        run(Format::Markdown, s.as_bytes());
    }

    #[test]
    fn html_ingestion_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        run(Format::Html, &bytes);
    }

    #[test]
    fn html_ingestion_texty(s in texty()) {
        run(Format::Html, s.as_bytes());
    }

    #[test]
    fn pdf_ingestion_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        run(Format::Pdf, &bytes);
    }

    #[test]
    fn pdf_ingestion_mutated(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let mut pdf = pdfgen::simple_pdf(&[vec!["Host nation support is 3% of GDP.".to_string(), "Second paragraph.".into()]], Some("T"));
        for (i, b) in flips {
            let k = i.index(pdf.len());
            pdf[k] = b;
        }
        let keep = cut.index(pdf.len() + 1);
        if keep > pdf.len() / 2 {
            pdf.truncate(keep);
        }
        run(Format::Pdf, &pdf);
    }

    #[test]
    fn quantity_extractor(s in texty()) {
        check_claims(&s);
    }

    #[test]
    fn quantity_extractor_any_string(s in any::<String>()) {
        check_claims(&s);
    }
}
