//! The briefing of a small scenario: citation numbering, what is said to be
//! missing, escaping, the golden HTML file and a PDF smoke test. After an
//! intended change, regenerate the golden file with
//! `DOMEI_BLESS=1 cargo test -p domei-brief --test brief` and review the diff.

use domei_brief::doc::{Block, Cite, Span};
use domei_brief::{compose, html, pdf, BestResponses, BriefInput, WhatIf};
use domei_engines::{ModelId, Options};
use domei_scenario::{from_toml_str, Requirements, Scenario};
use domei_sim::{McOptions, Perturbation};
use domei_strategy::Limits;
use std::path::{Path, PathBuf};

fn scenario() -> Scenario {
    from_toml_str(
        Path::new("small.toml"),
        include_str!("data/small.toml"),
        Requirements::default(),
    )
    .unwrap()
}

const MODELS: [ModelId; 4] = [
    ModelId::Compromise,
    ModelId::Median,
    ModelId::Bdm,
    ModelId::Nash,
];

/// Renders the full briefing (everything computed) and the bare one.
fn briefs(s: &Scenario) -> (domei_brief::Brief, domei_brief::Brief) {
    let opts = Options::default();
    let f = domei_run::forecast(s, &MODELS, &opts);
    let sim = domei_sim::simulate(
        s,
        &MODELS,
        &Options {
            explain: false,
            ..opts.clone()
        },
        &McOptions {
            draws: 200,
            seed: 3,
            ..McOptions::default()
        },
        &|_, _| {},
    );
    let sens = domei_sim::sensitivity(s, &[ModelId::Compromise], &opts, &Perturbation::default());
    let lim = Limits::default();
    let resp = domei_strategy::best_response(s, "jp", &[], &MODELS, &opts, &lim).unwrap();
    let edits = vec!["jp.defense.salience=1".parse().unwrap()];
    let after = domei_strategy::edit::apply(s, &edits).unwrap();
    let (_, _, changes) = domei_strategy::compare(s, &after, &MODELS, &opts);
    let whatifs = vec![WhatIf {
        label: "jp.defense.salience=1".into(),
        changes,
    }];
    let mut full = BriefInput::new(s, &f);
    full.sim = Some(&sim);
    full.sensitivity = Some(&sens);
    full.best_response = Some(BestResponses {
        actor: "jp".into(),
        limits: lim,
        responses: &resp,
    });
    full.whatifs = &whatifs;
    full.generated = Some("domei test".into());
    let bare = BriefInput::new(s, &f);
    (compose(&full), compose(&bare))
}

fn golden(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("DOMEI_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with DOMEI_BLESS=1 to create it)",
            path.display()
        )
    });
    if want != text {
        let line = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\n  want: {}\n  got:  {}\n(run with DOMEI_BLESS=1 to accept)",
            line + 1,
            want.lines().nth(line).unwrap_or(""),
            text.lines().nth(line).unwrap_or("")
        );
    }
}

/// The full reference of the document a passage quotes (listed once).
fn reference<'a>(b: &'a domei_brief::Brief, p: &domei_brief::doc::Passage) -> &'a str {
    let r = b.references.iter().find(|r| r.doc == p.doc);
    &r.unwrap_or_else(|| panic!("{} is not in the references", p.doc))
        .text
}

#[test]
fn values_are_numbered_in_reading_order_with_full_references() {
    let s = scenario();
    let (b, _) = briefs(&s);
    // The first cited value is the main driver in the bottom line, the
    // second the status quo in the table at a glance.
    assert!(
        b.citations[0].what.starts_with("Position of US"),
        "{}",
        b.citations[0].what
    );
    let sq = &b.citations[1];
    assert_eq!(sq.what, "Status quo of Japan's defense spending");
    assert_eq!(sq.value, "1.80 % of GDP");
    assert_eq!(sq.passages[0].locator, "001_983274cfa627c9ed#p9");
    assert!(reference(&b, &sq.passages[0]).contains("Japan-US Ties in the Trump 2.0 Era"));
    assert!(reference(&b, &sq.passages[0]).contains("Saume Saptaparna Nath"));
    // Numbers run 1..n without gaps; judgements separately.
    for (k, c) in b.citations.iter().enumerate() {
        assert_eq!(c.n, k + 1);
    }
    assert_eq!(b.citations.len(), 4, "{:#?}", b.citations);
    let us_pos = b
        .citations
        .iter()
        .find(|c| c.what.starts_with("Position of US"))
        .unwrap();
    assert_eq!(us_pos.value, "3.00 % of GDP (range 2.50–3.50)");
    assert_eq!(us_pos.passages.len(), 2);
    assert!(reference(&b, &us_pos.passages[1]).contains("no bibliographic record"));
    let jp_pos = b
        .citations
        .iter()
        .find(|c| c.what.starts_with("Position of 日本政府"))
        .unwrap();
    assert_eq!(
        jp_pos.judgement.as_deref(),
        Some("The government's stated plan.")
    );
    assert!(reference(&b, &jp_pos.passages[0]).contains("New Diplomacy Initiative (ND), May 2025"));
    // Each cited document once in the references, every passage's among them.
    let mut docs: Vec<&str> = b.references.iter().map(|r| r.doc.as_str()).collect();
    let n = docs.len();
    docs.sort();
    docs.dedup();
    assert_eq!(docs.len(), n, "a document listed twice");
    for p in b.citations.iter().flat_map(|c| &c.passages) {
        assert!(p.locator.starts_with(&format!("{}#", p.doc)), "{p:?}");
        assert!(docs.contains(&p.doc.as_str()));
    }
    assert_eq!(b.judgements.len(), 3);
    assert_eq!(
        b.judgements[0].what,
        "Capability of US <script>alert('x')</script>"
    );
    // Values with neither are listed by name.
    assert!(
        b.unsourced.iter().any(|u| u.contains("opp.capability")),
        "{:?}",
        b.unsourced
    );
    assert!(b.unsourced.iter().any(|u| u.contains("us.tariff.position")));
}

fn missing(b: &domei_brief::Brief) -> String {
    let at = b
        .blocks
        .iter()
        .position(|x| matches!(x, Block::Heading { anchor, .. } if anchor == "gaps"))
        .unwrap();
    match &b.blocks[at + 1] {
        Block::Bullets(items) => items.iter().map(|r| r.plain() + "\n").collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn says_what_is_missing() {
    let s = scenario();
    let (full, bare) = briefs(&s);
    let m = missing(&bare);
    assert!(m.contains("Monte Carlo not run"), "{m}");
    assert!(m.contains("Sensitivity not run"), "{m}");
    assert!(m.contains("Strategic options not computed"), "{m}");
    assert!(
        m.contains("US tariff on Japanese goods was not forecast by nash"),
        "{m}"
    );
    assert!(m.contains("No bibliographic record for 999_unknown"), "{m}");
    let m = missing(&full);
    assert!(
        !m.contains("Monte Carlo not run")
            && !m.contains("Sensitivity not run")
            && !m.contains("Strategic options not"),
        "{m}"
    );
}

#[test]
fn every_marker_points_at_an_entry() {
    let s = scenario();
    let (b, _) = briefs(&s);
    let mut seen = 0;
    for blk in &b.blocks {
        let riches: Vec<&domei_brief::doc::Rich> = match blk {
            Block::Para(r) | Block::Note(r) => vec![r],
            Block::Bullets(items) => items.iter().collect(),
            Block::Table(t) => t.rows.iter().flatten().collect(),
            _ => vec![],
        };
        for r in riches {
            for span in &r.0 {
                if let Span::Cite(c) = span {
                    seen += 1;
                    match c {
                        Cite::Note(n) => assert!(*n >= 1 && *n <= b.citations.len()),
                        Cite::Judgement(n) => assert!(*n >= 1 && *n <= b.judgements.len()),
                    }
                }
            }
        }
    }
    assert!(seen >= b.citations.len() + b.judgements.len());
}

#[test]
fn html_matches_golden_and_is_escaped_and_self_contained() {
    let s = scenario();
    let (b, _) = briefs(&s);
    let h = html(&b);
    assert!(!h.contains("<script"), "unescaped script");
    assert!(h.contains("US &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(h.contains("日本政府"));
    for bad in ["src=", "<link", "@import", "url(", "http://", "https://"] {
        assert!(
            !h.contains(bad)
                || bad == "http://"
                    && h.matches("http://").count()
                        == h.matches("http://www.w3.org/2000/svg").count(),
            "{bad}"
        );
    }
    assert!(h.contains("<sup class=\"cite\"><a href=\"#cite-1\">[1]</a></sup>"));
    assert!(h.contains("<li id=\"cite-1\">"));
    assert!(h.contains("<q>increasing the defense budget from 1% to 2% of GDP by 2027</q>"));
    assert!(h.matches("<svg ").count() >= 6, "charts");
    assert!(h.contains("Best responses of 日本政府"));
    assert!(h.contains("What if jp.defense.salience=1"));
    golden("small.html", &h);
}

#[test]
fn pdf_renders_with_a_subset_font() {
    let s = scenario();
    let (b, bare) = briefs(&s);
    let bytes = pdf(&b).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The 6 MB font is subset to the glyphs used.
    assert!(bytes.len() < 1_500_000, "{} bytes", bytes.len());
    assert_eq!(bytes, pdf(&b).unwrap(), "deterministic");
    assert!(pdf(&bare).unwrap().starts_with(b"%PDF-"));
    if let Some(dir) = std::env::var_os("DOMEI_BRIEF_OUT") {
        std::fs::write(Path::new(&dir).join("small.pdf"), &bytes).unwrap();
        std::fs::write(Path::new(&dir).join("small.html"), html(&b)).unwrap();
    }
}

#[test]
fn the_bottom_line_opens_the_briefing_on_a_page_of_its_own() {
    let s = scenario();
    let f = domei_run::forecast(&s, &MODELS, &Options::default());
    let sens = domei_sim::sensitivity(
        &s,
        &[ModelId::Compromise],
        &Options::default(),
        &Perturbation::default(),
    );
    let mut inp = BriefInput::new(&s, &f);
    inp.sensitivity = Some(&sens);
    inp.headlines = vec![(
        "defense".to_string(),
        domei_ledger::Headline {
            value: 2.61,
            ranges: domei_ledger::Ranges {
                p50: Some((2.4, 2.8)),
                p80: Some((2.2, 3.0)),
                p95: Some((1.9, 3.3)),
            },
            calibration: Some("deu3-dev@1".into()),
            disagreement: Some("bdm forecasts 3.40, outside the 80% range".into()),
        },
    )];
    let b = compose(&inp);
    assert!(matches!(&b.blocks[0], Block::Heading { anchor, .. } if anchor == "bottom-line"));
    let Block::Table(t) = &b.blocks[1] else {
        panic!("{:?}", b.blocks[1])
    };
    assert_eq!(t.head[1], "Headline forecast (80% range)");
    let row = |k: usize| t.rows[k].iter().map(|c| c.plain()).collect::<Vec<_>>();
    let defense = row(0);
    assert_eq!(defense[0], "Japan's defense spending");
    assert_eq!(defense[1], "2.61 % of GDP (80%: 2.20–3.00)");
    // The driver is the first bar of the compromise tornado.
    let top = &sens.iter().find(|t| t.issue == 0).unwrap().bars[0];
    assert!(
        defense[2].contains(&format!(
            "'s {}",
            match top.field {
                domei_sim::sensitivity::Field::Position => "position",
                domei_sim::sensitivity::Field::Salience => "salience",
                domei_sim::sensitivity::Field::Capability => "capability",
            }
        )),
        "{defense:?}"
    );
    assert!(defense[2].contains("compromise"), "{defense:?}");
    assert_eq!(defense[3], "bdm forecasts 3.40, outside the 80% range");
    // The tariff has no headline: said so, with the models' span.
    let tariff = row(1);
    assert!(tariff[1].starts_with("none"), "{tariff:?}");
    assert!(tariff[3].starts_with("models range from "), "{tariff:?}");
    assert!(matches!(&b.blocks[2], Block::Note(n) if n.plain().contains("calibration deu3-dev@1")));
    assert!(matches!(b.blocks[3], Block::PageBreak));
    assert!(matches!(&b.blocks[4], Block::Heading { anchor, .. } if anchor == "summary"));
    // HTML: the bottom line comes before the contents.
    let h = html(&b);
    let (bottom, contents) = (
        h.find("id=\"bottom-line\"").unwrap(),
        h.find("id=\"contents\"").unwrap(),
    );
    assert!(bottom < contents);
    assert!(
        !h[contents..].contains("href=\"#bottom-line\""),
        "the bottom line is not in the contents"
    );
    // Without sensitivity or headlines, it says so.
    let bare = compose(&BriefInput::new(&s, &f));
    let Block::Table(t) = &bare.blocks[1] else {
        panic!()
    };
    assert_eq!(t.rows[0][2].plain(), "– (sensitivity not run)");
    assert!(
        matches!(&bare.blocks[2], Block::Note(n) if n.plain().starts_with("No headline forecast"))
    );
}

/// Why they moved: with the issues' histories, each issue's detail gets a
/// "why they moved" heading and its largest moves with their causes, in
/// the briefing's language; without them, nothing.
#[test]
fn why_they_moved_lists_the_largest_moves_with_their_causes() {
    let s = scenario();
    let opts = Options::default();
    let f = domei_run::forecast(&s, &MODELS, &opts);
    let hs: Vec<domei_run::History> = domei_run::history::histories(&s, ModelId::Bdm, &opts)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let moved = hs
        .iter()
        .find(|h| h.rounds.iter().any(|r| !r.moves.is_empty()));
    let h = moved.expect("some issue of the small scenario moves under BDM");
    let biggest = h
        .rounds
        .iter()
        .flat_map(|r| &r.moves)
        .max_by(|a, b| (a.to - a.from).abs().total_cmp(&(b.to - b.from).abs()))
        .unwrap();
    for lang in [domei_i18n::Lang::En, domei_i18n::Lang::Ja] {
        let mut inp = BriefInput::new(&s, &f);
        inp.lang = lang;
        inp.histories = &hs;
        let b = compose(&inp);
        let heading = domei_i18n::tr_args(lang, "brief-why-moved", &[("model", "bdm".into())]);
        let headings = b
            .blocks
            .iter()
            .filter(|x| matches!(x, Block::Heading { text, .. } if *text == heading))
            .count();
        assert_eq!(headings, hs.len(), "one section per issue");
        let issue = s.issues.iter().find(|i| i.id == h.issue).unwrap();
        let because = biggest.because_in(lang, domei_run::history::ScaleOf::of(issue));
        let page = html(&b);
        let escaped = because.replace('\'', "&#39;");
        assert!(
            page.contains(&because) || page.contains(&escaped),
            "the largest move's cause is missing: {because}"
        );
    }
    let bare = compose(&BriefInput::new(&s, &f));
    assert!(!html(&bare).contains("Why they moved"));
}

/// The short briefing (`full = false`): the bottom line, the summary and
/// the evidence strength; no per-issue sections, actors table or charts;
/// only the values it shows are cited, each document's reference once.
#[test]
fn the_short_briefing_keeps_the_summary_and_cites_what_it_shows() {
    let s = scenario();
    let opts = Options::default();
    let f = domei_run::forecast(&s, &MODELS, &opts);
    let sens = domei_sim::sensitivity(&s, &[ModelId::Compromise], &opts, &Perturbation::default());
    let mut inp = BriefInput::new(&s, &f);
    inp.sensitivity = Some(&sens);
    inp.generated = Some("domei test".into());
    let full = compose(&inp);
    inp.full = false;
    let short = compose(&inp);
    let anchors = |b: &domei_brief::Brief| -> Vec<String> {
        b.blocks
            .iter()
            .filter_map(|x| match x {
                Block::Heading { anchor, .. } => Some(anchor.clone()),
                _ => None,
            })
            .collect()
    };
    let a = anchors(&short);
    for want in ["bottom-line", "summary", "gaps", "evidence-strength"] {
        assert!(a.iter().any(|x| x == want), "{want} missing: {a:?}");
    }
    for gone in ["glance", "actors", "issues", "options", "issue-defense"] {
        assert!(!a.iter().any(|x| x == gone), "{gone} in the short briefing");
        assert!(
            anchors(&full).iter().any(|x| x == gone),
            "{gone} not in the full one"
        );
    }
    assert!(!short.blocks.iter().any(|x| matches!(x, Block::Chart(_))));
    assert!(short
        .blocks
        .iter()
        .any(|x| matches!(x, Block::Note(n) if n.plain().contains("domei brief --full"))));
    // Fewer citations, every one of them marked in the text, none twice.
    assert!(short.citations.len() < full.citations.len());
    let mut marked = Vec::new();
    for blk in &short.blocks {
        let riches: Vec<&domei_brief::doc::Rich> = match blk {
            Block::Para(r) | Block::Note(r) => vec![r],
            Block::Bullets(items) => items.iter().collect(),
            Block::Table(t) => t.rows.iter().flatten().collect(),
            _ => vec![],
        };
        for r in riches {
            for span in &r.0 {
                if let Span::Cite(Cite::Note(n)) = span {
                    marked.push(*n);
                }
            }
        }
    }
    for c in &short.citations {
        assert!(marked.contains(&c.n), "[{}] is listed but not marked", c.n);
    }
    assert!(
        !short.citations.is_empty(),
        "the drivers cite their evidence"
    );
    // One reference per document.
    let h = html(&short);
    for r in &short.references {
        let text = domei_charts::svg::esc(&r.text);
        assert_eq!(h.matches(&text).count(), 1, "{} not listed once", r.doc);
    }
    let (f, fh) = (&full, html(&full));
    for r in &f.references {
        let text = domei_charts::svg::esc(&r.text);
        assert_eq!(fh.matches(&text).count(), 1, "{} not listed once", r.doc);
    }
    assert!(f.citations.iter().flat_map(|c| &c.passages).count() > f.references.len());
    golden("small-short.html", &h);
}
