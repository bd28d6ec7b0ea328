//! A chart as a PNG image (the workbench's chart downloads): domei-charts'
//! SVG drawn by resvg with the briefing's font setup — the bundled
//! IPAexGothic for every family, characters it lacks folded as in the PDF —
//! so a PNG shows the same text as the PDF's vector chart. resvg was
//! already in the tree (krilla-svg draws with it): no new dependency.

use crate::pdf::text::Metrics;
use crate::pdf::{fold_svg, svg_options, FONT};

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PngError {
    #[error("the chart's SVG cannot be read: {0}")]
    /// The SVG parser's message.
    Svg(String),
    #[error("the chart is too large to draw ({0} × {1} pixels)")]
    /// The requested width and height, in pixels.
    Size(u32, u32),
    #[error("the bundled font cannot be read")]
    /// The bundled font ([`crate::pdf::FONT`]) cannot be parsed.
    Font,
    #[error("the PNG cannot be encoded: {0}")]
    /// The PNG encoder's message.
    Encode(String),
}

/// Largest side of a drawn chart, in pixels.
pub const MAX_SIDE: u32 = 8192;

/// `svg` drawn at `scale` × its own size (2 for a sharp image on a
/// high-density screen or a slide) on its own background, as PNG bytes.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let m = Metrics::new(FONT).ok_or(PngError::Font)?;
    let tree = usvg::Tree::from_str(&fold_svg(svg, &m), &svg_options())
        .map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(PngError::Size(w, h));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chart becomes a PNG of twice its size whose pixels are not all
    /// the background; bad SVG is an error, not a panic.
    #[test]
    fn a_chart_is_drawn_as_png() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\"><rect width=\"40\" height=\"20\" fill=\"#ffffff\"/><rect x=\"5\" y=\"5\" width=\"10\" height=\"10\" fill=\"#0072b2\"/><text x=\"20\" y=\"15\" font-size=\"8\">同盟</text></svg>";
        let bytes = png(svg, 2.0).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let img = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (80, 40));
        let blue = img
            .pixels()
            .iter()
            .filter(|p| p.blue() > 150 && p.red() < 50)
            .count();
        assert!(blue >= 15 * 15, "{blue} blue pixels");
        assert!(matches!(png("<svg", 1.0), Err(PngError::Svg(_))));
        assert!(matches!(png(svg, 1000.0), Err(PngError::Size(..))));
    }
}
