//! The small SVG toolkit every chart uses: escaping, deterministic number
//! formatting, text-width estimates, linear scales, "nice" ticks, and a
//! writer that emits the accessible document frame.
//!
//! Output is deterministic: numbers are written with fixed precision, never
//! through `f64`'s shortest round-trip form, and nothing depends on the
//! clock, the locale or hash order.

use std::fmt::Write;

/// Default font size of labels, in SVG user units (px).
pub const FONT: f64 = 12.0;
/// Colour of text and axes (near-black, contrast 15:1 on white).
pub const INK: &str = "#222222";
/// Size of tick labels, captions and legends.
pub const SMALL: f64 = 10.0;
/// Colour of secondary lines (grid, anchors).
pub const GRID: &str = "#b8b8b8";
/// Generic font family: no external font is referenced; viewers (and the
/// PDF renderer, which maps it to the bundled font) pick their sans-serif.
pub const FAMILY: &str = "sans-serif";

/// Escapes `s` for XML text and attribute values. Characters XML 1.0 does
/// not allow (control characters other than tab, newline and carriage
/// return) are dropped, so any user string yields well-formed SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with two decimals, trailing zeros trimmed; `-0` and
/// non-finite values become `0`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let mut s = format!("{x:.2}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// Decimal places that suit a scale (domei-scenario's one rule, so charts
/// and tables print the same figures).
pub use domei_scenario::decimals;

/// `x` with `d` decimals, without a minus sign on zero; `n/a` when not
/// finite.
pub fn fixed(x: f64, d: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let s = format!("{x:.d$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

// Characters drawn about one em wide: one definition, `domei_i18n::script`.
use domei_i18n::is_wide;

/// Estimated width of `s` at font size `size`: 0.6 em per ordinary
/// character, 1 em per wide one. Used only for layout decisions (column
/// widths, label placement), so a rough estimate on the safe side suffices.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

/// `s` cut to fit `max` (estimated) with an ellipsis when it does not.
pub fn truncate(s: &str, max: f64, size: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = text_width("…", size);
    for c in s.chars() {
        let cw = if is_wide(c) { size } else { 0.6 * size };
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// A linear map from a domain to a range of coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    /// Domain start (data units).
    pub d0: f64,
    /// Domain end (data units).
    pub d1: f64,
    /// Coordinate that `d0` maps to (pixels).
    pub r0: f64,
    /// Coordinate that `d1` maps to (pixels).
    pub r1: f64,
}

impl Linear {
    /// The map taking `d0` to `r0` and `d1` to `r1`.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Linear {
        // A degenerate domain maps everything to the middle of the range.
        Linear { d0, d1, r0, r1 }
    }

    /// The coordinate of `x`; the middle of the range when the domain is empty or `x` is not finite.
    pub fn map(&self, x: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() || !x.is_finite() {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (x - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Round tick values covering `[lo, hi]`, about `target` of them, and the
/// step between them.
pub fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (vec![if lo.is_finite() { lo } else { 0.0 }], 1.0);
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let mut out = Vec::new();
    let mut k = 0.0;
    loop {
        let v = (first + k) * step;
        if v > hi + step * 1e-9 || out.len() > 100 {
            break;
        }
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (out, step)
}

/// A tick label: as many decimals as the step needs.
pub fn tick_label(x: f64, step: f64) -> String {
    let d = (0..6).find(|&d| {
        let scaled = step * 10f64.powi(d);
        (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
    });
    fixed(x, d.unwrap_or(6) as usize)
}

/// Cleans `id` to the characters allowed in an XML id (letters, digits,
/// `-`, `_`), prefixed with `c-` so it starts with a letter.
pub fn clean_id(id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("c-{body}")
}

/// Text anchoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at the point (left-aligned).
    Start,
    /// Text is centred on the point.
    Middle,
    /// Text ends at the point (right-aligned).
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Builds one SVG document.
#[derive(Debug)]
pub struct Svg {
    out: String,
}

// Drawing calls take coordinates, paint and style as plain arguments.
#[allow(clippy::too_many_arguments)]
impl Svg {
    /// Opens the document: size, `role="img"`, and the `<title>` and
    /// `<desc>` that screen readers announce (both escaped).
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Svg {
        let id = clean_id(id);
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"domei-chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{FAMILY}\" font-size=\"{fs}\">\n<title id=\"{id}-title\">{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = num(width),
            h = num(height),
            fs = num(FONT),
            t = esc(title),
            d = esc(desc),
        );
        Svg { out }
    }

    /// Closes the document and returns its markup.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    /// Raw markup (already escaped by the caller).
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Opens a `<g>`, with an `aria-label` when `label` is given; close it with [`Svg::close_group`].
    pub fn open_group(&mut self, label: Option<&str>) {
        match label {
            Some(l) => {
                let _ = writeln!(self.out, "<g aria-label=\"{}\">", esc(l));
            }
            None => self.out.push_str("<g>\n"),
        }
    }

    /// Closes the group last opened with [`Svg::open_group`].
    pub fn close_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// A tooltip for the enclosing element (an SVG `<title>` child).
    pub fn tooltip(&mut self, text: &str) {
        let _ = writeln!(self.out, "<title>{}</title>", esc(text));
    }

    /// A straight line of stroke colour `stroke` and width `width` (pixels), dashed by the SVG pattern `dash` if any.
    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{dash}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
    }

    /// A rectangle with its top-left corner at `(x, y)` (negative sizes drawn as 0), optionally outlined.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: Option<&str>) {
        let stroke = stroke
            .map(|s| format!(" stroke=\"{s}\" stroke-width=\"0.8\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{stroke}/>",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    /// A circle of radius `r` at `(cx, cy)`, filled with `fill` at `opacity`, with an optional tooltip.
    pub fn circle(
        &mut self,
        cx: f64,
        cy: f64,
        r: f64,
        fill: &str,
        stroke: &str,
        opacity: f64,
        tip: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" fill-opacity=\"{}\" stroke=\"{stroke}\" stroke-width=\"1\"",
            num(cx),
            num(cy),
            num(r),
            num(opacity)
        );
        match tip {
            Some(t) => {
                let _ = writeln!(self.out, "><title>{}</title></circle>", esc(t));
            }
            None => self.out.push_str("/>\n"),
        }
    }

    /// A path with fill and stroke (`d` is built by the caller from numbers).
    pub fn path(&mut self, d: &str, fill: &str, stroke: &str, width: f64, dash: Option<&str>) {
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<path d=\"{d}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{dash}/>",
            num(width)
        );
    }

    /// Text at `(x, y)` (baseline), escaped.
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        s: &str,
        anchor: Anchor,
        size: f64,
        fill: &str,
        bold: bool,
    ) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let size = if (size - FONT).abs() > 1e-9 {
            format!(" font-size=\"{}\"", num(size))
        } else {
            String::new()
        };
        let anchor = if anchor == Anchor::Start {
            String::new()
        } else {
            format!(" text-anchor=\"{}\"", anchor.as_str())
        };
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\"{anchor}{size}{weight} fill=\"{fill}\">{}</text>",
            num(x),
            num(y),
            esc(s)
        );
    }

    /// Text with a white outline, legible over the lines it crosses.
    pub fn text_halo(
        &mut self,
        x: f64,
        y: f64,
        s: &str,
        anchor: Anchor,
        size: f64,
        fill: &str,
        bold: bool,
    ) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let anchor = if anchor == Anchor::Start {
            String::new()
        } else {
            format!(" text-anchor=\"{}\"", anchor.as_str())
        };
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\"{anchor} font-size=\"{}\"{weight} fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
            num(x),
            num(y),
            num(size),
            esc(s)
        );
    }

    /// A horizontal axis at `y` from `x0` to `x1`: its line, and about
    /// `target` ticks over `[lo, hi]` (placed by `x`) with their labels.
    #[allow(clippy::too_many_arguments)]
    pub fn x_axis(
        &mut self,
        x: &Linear,
        x0: f64,
        x1: f64,
        y: f64,
        lo: f64,
        hi: f64,
        target: usize,
    ) {
        self.line(x0, y, x1, y, INK, 1.0, None);
        let (tv, step) = ticks(lo, hi, target);
        for t in tv {
            let px = x.map(t);
            self.line(px, y, px, y + 5.0, INK, 1.0, None);
            self.text(
                px,
                y + 17.0,
                &tick_label(t, step),
                Anchor::Middle,
                SMALL,
                INK,
                false,
            );
        }
    }

    /// The title of a horizontal axis at `y` (its unit), centred under it.
    pub fn x_axis_title(&mut self, x0: f64, x1: f64, y: f64, title: &str) {
        self.text(
            (x0 + x1) / 2.0,
            y + 33.0,
            title,
            Anchor::Middle,
            11.0,
            INK,
            false,
        );
    }

    /// A text label cut to `max` width, with the full text as its tooltip
    /// when it had to be cut.
    pub fn label(
        &mut self,
        x: f64,
        y: f64,
        s: &str,
        max: f64,
        anchor: Anchor,
        size: f64,
        fill: &str,
    ) {
        let cut = truncate(s, max, size);
        if cut == s {
            self.text(x, y, s, anchor, size, fill, false);
        } else {
            let anchor_attr = if anchor == Anchor::Start {
                String::new()
            } else {
                format!(" text-anchor=\"{}\"", anchor.as_str())
            };
            let size_attr = if (size - FONT).abs() > 1e-9 {
                format!(" font-size=\"{}\"", num(size))
            } else {
                String::new()
            };
            let _ = writeln!(
                self.out,
                "<text x=\"{}\" y=\"{}\"{anchor_attr}{size_attr} fill=\"{fill}\"><title>{}</title>{}</text>",
                num(x),
                num(y),
                esc(s),
                esc(&cut)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(esc("日本政府"), "日本政府");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.25");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-1.5, 1), "-1.5");
    }

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        let (t, step) = ticks(1.0, 3.5, 6);
        assert_eq!(step, 0.5);
        assert_eq!(t, vec![1.0, 1.5, 2.0, 2.5, 3.0, 3.5]);
        let (t, step) = ticks(0.0, 100.0, 5);
        assert_eq!(step, 20.0);
        assert_eq!(t.len(), 6);
        assert_eq!(tick_label(2.5, 0.5), "2.5");
        assert_eq!(tick_label(40.0, 20.0), "40");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
        assert_eq!(ticks(5.0, 5.0, 5).0, vec![5.0]);
    }

    #[test]
    fn wide_text_is_measured_wider() {
        assert!(text_width("日本政府", 10.0) > text_width("Japan", 10.0));
        assert_eq!(truncate("abcdefghij", 30.0, 10.0), "abcd…");
        assert_eq!(truncate("abc", 30.0, 10.0), "abc");
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(clean_id("pos-a b\"<"), "c-pos-a_b__");
    }
}
