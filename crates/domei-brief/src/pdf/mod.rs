//! The briefing as an A4 PDF, made in Rust with krilla: text in the bundled
//! IPAexGothic font (covers Japanese; krilla embeds only the glyphs used),
//! charts placed as vector graphics from their SVG (krilla-svg), page
//! numbers, and an outline of the sections. No browser, no network, no
//! system fonts.

mod layout;
pub mod text;

use crate::doc::{Block, Brief};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::Font;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use layout::{Layout, Op, CW, ML, PAGE_H, PAGE_W};
use std::sync::Arc;
use text::Metrics;

/// IPAexGothic 00401 (IPA Font License v1.0; see `fonts/`).
pub static FONT: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");
/// The font's family name, as SVG charts ask for it via `sans-serif`.
pub const FONT_FAMILY: &str = "IPAexGothic";

#[derive(Debug, thiserror::Error)]
/// Why the PDF could not be made.
pub enum PdfError {
    #[error("the bundled font cannot be read")]
    /// The bundled font ([`FONT`]) cannot be parsed.
    Font,
    #[error("cannot write the PDF: {0}")]
    /// The PDF writer failed (krilla's message).
    Write(String),
}

fn colour(style: u8) -> rgb::Color {
    match style {
        layout::CITE => rgb::Color::new(0, 85, 164),
        layout::GREY => rgb::Color::new(85, 85, 85),
        _ => rgb::Color::new(34, 34, 34),
    }
}

fn fill(c: rgb::Color) -> Fill {
    Fill {
        paint: c.into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn grey(g: u8) -> rgb::Color {
    rgb::Color::new(g, g, g)
}

/// Options for parsing the charts: the bundled font stands in for every
/// family, so chart text (Japanese included) renders with it.
pub(crate) fn svg_options() -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let db = opt.fontdb_mut();
    db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(FONT)));
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    opt
}

/// The chart's SVG with characters the font lacks replaced (as XML-safe
/// text), so no chart label is drawn as an empty box.
pub(crate) fn fold_svg(svg: &str, m: &Metrics) -> String {
    svg.chars()
        .map(|c| {
            if m.has_glyph(c) || c == '\n' {
                c.to_string()
            } else {
                text::fallback(c)
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            }
        })
        .collect()
}

fn draw_line(s: &mut Surface, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, g: u8) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: grey(g).into(),
            width,
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

fn draw_rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32, g: u8) {
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    pb.line_to(x + w, y);
    pb.line_to(x + w, y + h);
    pb.line_to(x, y + h);
    pb.close();
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(fill(grey(g))));
        s.draw_path(&path);
    }
}

// Position, size, text and style of one run, on a surface with its font.
#[allow(clippy::too_many_arguments)]
fn draw_text(
    s: &mut Surface,
    font: &Font,
    m: &Metrics,
    x: f32,
    y: f32,
    size: f32,
    text: &str,
    style: u8,
) {
    let c = colour(style);
    s.set_fill(Some(fill(c)));
    // Faux bold: the one bundled weight, filled and outlined.
    let bold = style == layout::BOLD;
    s.set_stroke(bold.then(|| Stroke {
        paint: c.into(),
        width: size * 0.035,
        ..Stroke::default()
    }));
    let text = m.fold(text);
    s.draw_glyphs(
        Point::from_xy(x, y),
        &m.glyphs(&text),
        font.clone(),
        &text,
        size,
        false,
    );
    s.set_stroke(None);
}

/// The briefing as PDF bytes.
pub fn pdf(b: &Brief) -> Result<Vec<u8>, PdfError> {
    let m = Metrics::new(FONT).ok_or(PdfError::Font)?;
    let font = Font::new(FONT.into(), 0).ok_or(PdfError::Font)?;
    let opt = svg_options();
    let trees: Vec<Option<usvg::Tree>> = b
        .blocks
        .iter()
        .filter_map(|blk| match blk {
            Block::Chart(c) => Some(usvg::Tree::from_str(&fold_svg(&c.svg, &m), &opt).ok()),
            _ => None,
        })
        .collect();
    let sizes: Vec<Option<(f32, f32)>> = trees
        .iter()
        .map(|t| t.as_ref().map(|t| (t.size().width(), t.size().height())))
        .collect();

    let mut lay = Layout::new(&m);
    lay.brief(b, &sizes);
    let total = lay.pages.len();

    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(b.title.clone())
            .language("en".into())
            .creator("domei".into()),
    );
    for (k, ops) in lay.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError::Write("bad page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    text,
                    style,
                } => draw_text(&mut s, &font, &m, *x, *y, *size, text, *style),
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    grey,
                } => draw_line(&mut s, *x1, *y1, *x2, *y2, *width, *grey),
                Op::Rect { x, y, w, h, grey } => draw_rect(&mut s, *x, *y, *w, *h, *grey),
                Op::Chart { x, y, w, h, chart } => {
                    if let (Some(Some(tree)), Some(size)) =
                        (trees.get(*chart), Size::from_wh(*w, *h))
                    {
                        s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                        s.draw_svg(tree, size, SvgSettings::default());
                        s.pop();
                    }
                }
            }
        }
        // Footer: the title and the page number.
        let foot_y = PAGE_H - 34.0;
        draw_line(&mut s, ML, foot_y - 10.0, ML + CW, foot_y - 10.0, 0.4, 180);
        let title = text::truncate_to(&m, &b.title, 7.5, CW - 90.0);
        draw_text(&mut s, &font, &m, ML, foot_y, 7.5, &title, layout::GREY);
        let num = domei_i18n::tr_args(
            b.lang,
            "brief-page",
            &[("page", (k + 1).to_string()), ("total", total.to_string())],
        );
        draw_text(
            &mut s,
            &font,
            &m,
            ML + CW - m.width(&num, 7.5),
            foot_y,
            7.5,
            &num,
            layout::GREY,
        );
        s.finish();
        page.finish();
    }

    // Bookmarks: sections, and issues under them.
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for (level, text, page, y) in &lay.marks {
        let node = OutlineNode::new(
            m.fold(text),
            XyzDestination::new(*page, Point::from_xy(0.0, *y)),
        );
        match (level, current.as_mut()) {
            (1, _) | (_, None) => {
                if let Some(done) = current.take() {
                    outline.push_child(done);
                }
                current = Some(node);
            }
            (2, Some(parent)) => parent.push_child(node),
            _ => {}
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    doc.set_outline(outline);
    doc.finish().map_err(|e| PdfError::Write(e.to_string()))
}
