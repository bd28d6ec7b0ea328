//! The briefing as one HTML file: inline CSS (print-friendly, A4), inline
//! SVG charts, no scripts and no external resources; every string escaped.

use crate::doc::{Block, Brief, Cite, Rich, Span, Table};
use domei_charts::svg::esc;
use domei_i18n::{tr, tr_args};
use std::fmt::Write;

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", "Hiragino Sans", "Yu Gothic", "Noto Sans JP", "IPAexGothic", sans-serif;
  color: #222; background: #fff; max-width: 50rem; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; line-height: 1.25; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #222; padding-bottom: .15rem; }
h3 { font-size: 1.12rem; margin: 1.8rem 0 .5rem; border-bottom: 1px solid #bbb; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.subtitle { color: #555; margin: 0 0 1.2rem; font-size: .9rem; }
nav ol { columns: 2; font-size: .9rem; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #444; background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .85rem; color: #444; margin-top: .2rem; }
.note { border-left: 4px solid #E69F00; background: #fff8e6; padding: .4rem .8rem; }
sup.cite a { text-decoration: none; color: #0055a4; font-size: .75em; }
ol.refs { list-style: none; padding-left: 0; font-size: .85rem; }
ol.refs > li { margin: 0 0 .7rem; padding-left: 3.2rem; text-indent: -3.2rem; }
ol.refs > li > * { text-indent: 0; }
ol.refs ul { margin: .15rem 0 0; padding-left: 1.2rem; }
.marker { display: inline-block; min-width: 3rem; text-indent: 0; font-weight: bold; }
.loc { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; color: #333; }
q { font-style: italic; }
footer { margin-top: 3rem; font-size: .8rem; color: #555; border-top: 1px solid #ccc; padding-top: .5rem; }
@media print {
  @page { size: A4; margin: 16mm 15mm 18mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-before: page; }
  h2#summary, h2#bottom-line { break-before: auto; }
  div.page-break { break-after: page; }
  h2, h3, h4 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; }
}
"#;

fn rich(r: &Rich) -> String {
    let mut out = String::new();
    for s in &r.0 {
        match s {
            Span::Text(t) => out.push_str(&esc(t)),
            Span::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", esc(t));
            }
            Span::Cite(c) => {
                let _ = write!(
                    out,
                    "<sup class=\"cite\"><a href=\"#{}\">{}</a></sup>",
                    c.anchor(),
                    esc(&c.label())
                );
            }
        }
    }
    out
}

fn table(t: &Table) -> String {
    let num = |k: usize| t.numeric.get(k).copied().unwrap_or(false);
    let mut out = String::from("<table>\n<thead><tr>");
    for (k, h) in t.head.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            if num(k) { " class=\"num\"" } else { "" },
            esc(h)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (k, cell) in row.iter().enumerate() {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                if num(k) { " class=\"num\"" } else { "" },
                rich(cell)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn anchor_id(a: &str) -> String {
    a.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Renders `list` into `out`.
fn blocks(out: &mut String, list: &[Block]) {
    for blk in list {
        match blk {
            Block::Heading {
                level,
                text,
                anchor,
            } => {
                let h = (*level + 1).min(6);
                let _ = writeln!(
                    out,
                    "<h{h} id=\"{}\">{}</h{h}>",
                    anchor_id(anchor),
                    esc(text)
                );
            }
            Block::Para(r) => {
                let _ = writeln!(out, "<p>{}</p>", rich(r));
            }
            Block::Note(r) => {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", rich(r));
            }
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for it in items {
                    let _ = writeln!(out, "<li>{}</li>", rich(it));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(t) => out.push_str(&table(t)),
            Block::Chart(c) => {
                // The SVG is built by domei-charts, which escapes every string.
                let _ = writeln!(
                    out,
                    "<figure class=\"chart\">\n{}<figcaption>{}</figcaption>\n</figure>",
                    c.svg,
                    esc(&c.caption)
                );
            }
            Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }
}

/// The briefing as a complete HTML document.
pub fn html(b: &Brief) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"domei\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n",
        b.lang.code(),
        esc(&b.title),
        esc(&tr(b.lang, "brief-briefing")),
        esc(&b.title),
        esc(&b.subtitle)
    );

    // What comes before the first page break (the bottom line) opens the
    // document, ahead of the contents.
    let first = b
        .blocks
        .iter()
        .position(|x| matches!(x, Block::PageBreak))
        .map_or(0, |k| k + 1);
    let (opening, rest) = b.blocks.split_at(first);
    if !opening.is_empty() {
        out.push_str("<section class=\"bottom-line\">\n");
        blocks(&mut out, opening);
        out.push_str("</section>\n");
    }

    // Contents: sections and issues.
    let contents = esc(&tr(b.lang, "brief-contents"));
    let _ = write!(
        out,
        "<nav aria-label=\"{contents}\">\n<h2 id=\"contents\">{contents}</h2>\n<ol>\n"
    );
    for blk in rest {
        if let Block::Heading {
            level,
            text,
            anchor,
        } = blk
        {
            if *level <= 2 && anchor != "gaps" && anchor != "glance" {
                let _ = writeln!(
                    out,
                    "<li{}><a href=\"#{}\">{}</a></li>",
                    if *level == 2 { " class=\"sub\"" } else { "" },
                    anchor_id(anchor),
                    esc(text)
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "<li><a href=\"#citations\">{}</a></li>",
        esc(&tr(b.lang, "brief-citations"))
    );
    if !b.references.is_empty() {
        let _ = writeln!(
            out,
            "<li><a href=\"#references\">{}</a></li>",
            esc(&tr(b.lang, "brief-references"))
        );
    }
    let _ = write!(
        out,
        "<li><a href=\"#judgements\">{}</a></li>\n</ol>\n</nav>\n<main>\n",
        esc(&tr(b.lang, "brief-judgements"))
    );

    blocks(&mut out, rest);
    out.push_str("</main>\n");

    let _ = writeln!(
        out,
        "<section>\n<h2 id=\"citations\">{}</h2>",
        esc(&tr(b.lang, "brief-citations"))
    );
    if b.citations.is_empty() {
        out.push_str("<p>No value in this scenario cites evidence.</p>\n");
    } else {
        let _ = writeln!(
            out,
            "<p>{}</p>\n<ol class=\"refs\">",
            esc(&tr(b.lang, "brief-citations-intro"))
        );
        for c in &b.citations {
            let _ = write!(
                out,
                "<li id=\"{}\"><span class=\"marker\">{}</span><strong>{}</strong>: {}\n<ul>\n",
                Cite::Note(c.n).anchor(),
                esc(&Cite::Note(c.n).label()),
                esc(&c.what),
                esc(&c.value)
            );
            for p in &c.passages {
                out.push_str("<li>");
                if let Some(q) = &p.quote {
                    let _ = write!(out, "<q>{}</q> ", esc(q));
                }
                let _ = write!(
                    out,
                    "<a class=\"loc\" href=\"#{}\">{}</a>",
                    reference_anchor(&p.doc),
                    esc(&p.locator)
                );
                out.push_str("</li>\n");
            }
            if let Some(j) = &c.judgement {
                let _ = writeln!(
                    out,
                    "<li>{}</li>",
                    esc(&tr_args(
                        b.lang,
                        "brief-analyst-judgement",
                        &[("text", j.clone())]
                    ))
                );
            }
            out.push_str("</ul></li>\n");
        }
        out.push_str("</ol>\n");
    }
    if !b.references.is_empty() {
        let _ = writeln!(
            out,
            "</section>\n<section>\n<h2 id=\"references\">{}</h2>\n<p>{}</p>\n<ul class=\"refs\">",
            esc(&tr(b.lang, "brief-references")),
            esc(&tr(b.lang, "brief-references-intro"))
        );
        for r in &b.references {
            let _ = write!(
                out,
                "<li id=\"{}\"><span class=\"loc\">{}</span> — {}",
                reference_anchor(&r.doc),
                esc(&r.doc),
                esc(&r.text)
            );
            if let Some(u) = &r.url {
                let _ = write!(out, " <span class=\"loc\">{}</span>", esc(u));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "</section>\n<section>\n<h2 id=\"judgements\">{}</h2>",
        esc(&tr(b.lang, "brief-judgements"))
    );
    if b.judgements.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&tr(b.lang, "brief-judgements-none")));
    } else {
        out.push_str("<p>Values that cite no passage, with the analyst's reasoning.</p>\n<ol class=\"refs\">\n");
        for j in &b.judgements {
            let _ = writeln!(
                out,
                "<li id=\"{}\"><span class=\"marker\">{}</span><strong>{}</strong>: {}<br>{}</li>",
                Cite::Judgement(j.n).anchor(),
                esc(&Cite::Judgement(j.n).label()),
                esc(&j.what),
                esc(&j.value),
                esc(&j.reasoning)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    if !b.unsourced.is_empty() {
        out.push_str("<section>\n<h2 id=\"unsourced\">Unsourced values</h2>\n<p>These values cite neither evidence nor judgement.</p>\n<ul>\n");
        for u in &b.unsourced {
            let _ = writeln!(out, "<li>{}</li>", esc(u));
        }
        out.push_str("</ul>\n</section>\n");
    }
    let _ = write!(
        out,
        "<footer>{} — {}</footer>\n</body>\n</html>\n",
        esc(&b.title),
        esc(&b.subtitle)
    );
    out
}

/// The HTML id of a cited document's entry in the references: `ref-` and
/// the id's letters, digits, `-` and `_` (document ids are made of those;
/// anything else becomes `_`).
fn reference_anchor(doc: &str) -> String {
    let id: String = doc
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("ref-{id}")
}
