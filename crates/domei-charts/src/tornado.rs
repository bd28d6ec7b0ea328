//! Tornado chart of one-at-a-time sensitivity: for each input (labelled
//! `actor.field`), a bar from the forecast with the input at its low end to
//! the forecast with it at its high end, around the base forecast; largest
//! swing first.

use crate::svg::{decimals, fixed, num, text_width, Anchor, Linear, Svg, INK, SMALL};
use domei_i18n::{tr, tr_args, Lang};

/// Colour of the bar part with the input at its low end.
pub const LOW_COLOUR: &str = "#0072B2";
/// Colour of the bar part with the input at its high end.
pub const HIGH_COLOUR: &str = "#E69F00";

/// One input's bar: the forecasts with the input at its low and at its high end.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// `actor.field`, e.g. `us-admin.salience`.
    pub label: String,
    /// The input's low and high ends, as text (units differ by field).
    pub input_low: String,
    /// The input's high end, as text.
    pub input_high: String,
    /// The forecast with this input at its low end, on the scale.
    pub forecast_low: f64,
    /// The forecast with this input at its high end, on the scale.
    pub forecast_high: f64,
}

impl TornadoBar {
    /// How far the forecast moves between the input's ends (absolute).
    pub fn swing(&self) -> f64 {
        (self.forecast_high - self.forecast_low).abs()
    }
}

/// One issue's one-at-a-time sensitivity, largest swing first.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoChart {
    /// Unique on the page (element ids derive from it).
    pub id: String,
    /// The chart's heading, also the SVG's `<title>`.
    pub title: String,
    /// The unit, written under the axis.
    pub unit: String,
    /// The scale (sets the decimals).
    pub min: f64,
    /// High end of the scale.
    pub max: f64,
    /// The forecast with every input at its point value.
    pub base: f64,
    /// One bar per input, in any order (drawn sorted by swing).
    pub bars: Vec<TornadoBar>,
    /// Draw at most this many bars (the largest swings).
    pub top: usize,
    /// The language of the chart's own words.
    pub lang: Lang,
}

const W: f64 = 720.0;
const ROW: f64 = 22.0;

/// The bars drawn: finite ones, largest swing first (ties by label), at
/// most `top`.
pub fn ranked(c: &TornadoChart) -> Vec<&TornadoBar> {
    let mut bars: Vec<&TornadoBar> = c
        .bars
        .iter()
        .filter(|b| b.forecast_low.is_finite() && b.forecast_high.is_finite())
        .collect();
    bars.sort_by(|a, b| {
        b.swing()
            .total_cmp(&a.swing())
            .then_with(|| a.label.cmp(&b.label))
    });
    bars.truncate(c.top);
    bars
}

fn describe(c: &TornadoChart, bars: &[&TornadoBar], d: usize) -> String {
    let mut s = tr_args(
        c.lang,
        "chart-tornado-desc",
        &[("base", fixed(c.base, d)), ("unit", c.unit.clone())],
    );
    for b in bars {
        s.push_str(&tr_args(
            c.lang,
            "chart-tornado-desc-bar",
            &[
                ("input", b.label.clone()),
                ("low", fixed(b.forecast_low, d)),
                ("at-low", b.input_low.clone()),
                ("high", fixed(b.forecast_high, d)),
                ("at-high", b.input_high.clone()),
            ],
        ));
    }
    if bars.is_empty() {
        s.push_str(&tr(c.lang, "chart-tornado-desc-none"));
    }
    s
}

/// Draws the chart as a standalone, accessible SVG document (deterministic).
pub fn tornado_svg(c: &TornadoChart) -> String {
    let d = decimals(c.min, c.max);
    let f = |x: f64| fixed(x, d);
    let bars = ranked(c);
    let lw = bars
        .iter()
        .map(|b| text_width(&b.label, 11.0))
        .fold(80.0, f64::max)
        .min(220.0)
        + 8.0;
    let (x0, x1) = (12.0 + lw + 10.0, W - 110.0);
    let mut lo = bars
        .iter()
        .map(|b| b.forecast_low.min(b.forecast_high))
        .fold(c.base, f64::min);
    let mut hi = bars
        .iter()
        .map(|b| b.forecast_low.max(b.forecast_high))
        .fold(c.base, f64::max);
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (c.min, c.max);
    }
    let pad = ((hi - lo) * 0.08).max((c.max - c.min) * 0.01);
    let (lo, hi) = (lo - pad, hi + pad);
    let x = Linear::new(lo, hi, x0, x1);
    let top = 58.0;
    let axis_y = top + bars.len().max(1) as f64 * ROW + 4.0;
    let legend_y = axis_y + 52.0;
    let height = legend_y + 12.0;

    let mut svg = Svg::new(&c.id, W, height, &c.title, &describe(c, &bars, d));
    svg.text(12.0, 20.0, &c.title, Anchor::Start, 14.0, INK, true);
    svg.text(
        12.0,
        34.0,
        &tr_args(c.lang, "chart-tornado-sub", &[("unit", c.unit.clone())]),
        Anchor::Start,
        SMALL,
        INK,
        false,
    );

    let bx = x.map(c.base);
    if c.base.is_finite() {
        svg.text(
            bx,
            top - 8.0,
            &tr_args(c.lang, "chart-base", &[("value", f(c.base))]),
            Anchor::Middle,
            SMALL,
            INK,
            true,
        );
    }
    if bars.is_empty() {
        svg.text(
            (x0 + x1) / 2.0,
            top + 14.0,
            &tr(c.lang, "chart-no-input"),
            Anchor::Middle,
            11.0,
            INK,
            false,
        );
    }
    for (k, b) in bars.iter().enumerate() {
        let y = top + k as f64 * ROW;
        let (yb, hb) = (y + 4.0, ROW - 8.0);
        svg.open_group(Some(&b.label));
        svg.label(
            x0 - 10.0,
            y + ROW / 2.0 + 4.0,
            &b.label,
            lw,
            Anchor::End,
            11.0,
            INK,
        );
        // Draw the farther end first so the nearer stays visible when both
        // ends lie on the same side of the base.
        let mut ends = [
            (
                b.forecast_low,
                LOW_COLOUR,
                &b.input_low,
                "chart-tornado-tip-low",
            ),
            (
                b.forecast_high,
                HIGH_COLOUR,
                &b.input_high,
                "chart-tornado-tip-high",
            ),
        ];
        ends.sort_by(|a, b| (b.0 - c.base).abs().total_cmp(&(a.0 - c.base).abs()));
        for (v, colour, input, which) in ends {
            let (a, z) = (bx.min(x.map(v)), bx.max(x.map(v)));
            let tip = tr_args(
                c.lang,
                which,
                &[
                    ("input", b.label.clone()),
                    ("value", input.clone()),
                    ("forecast", f(v)),
                ],
            );
            svg.raw(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" stroke=\"{INK}\" stroke-width=\"0.5\"><title>{}</title></rect>\n",
                num(a),
                num(yb),
                num((z - a).max(1.0)),
                num(hb),
                crate::svg::esc(&tip)
            ));
        }
        let text = format!(
            "{} – {}",
            f(b.forecast_low.min(b.forecast_high)),
            f(b.forecast_low.max(b.forecast_high))
        );
        svg.text(
            x1 + 8.0,
            y + ROW / 2.0 + 4.0,
            &text,
            Anchor::Start,
            SMALL,
            INK,
            false,
        );
        svg.close_group();
    }
    if c.base.is_finite() {
        svg.line(bx, top - 4.0, bx, axis_y, INK, 1.4, None);
    }

    svg.x_axis(&x, x0, x1, axis_y, lo, hi, 6);
    svg.x_axis_title(x0, x1, axis_y, &c.unit);

    svg.open_group(Some(&tr(c.lang, "chart-group-legend")));
    svg.rect(12.0, legend_y - 9.0, 16.0, 10.0, LOW_COLOUR, Some(INK));
    let low = tr(c.lang, "chart-legend-low");
    svg.text(32.0, legend_y, &low, Anchor::Start, SMALL, INK, false);
    let lx = 32.0 + text_width(&low, SMALL) + 18.0;
    svg.rect(lx, legend_y - 9.0, 16.0, 10.0, HIGH_COLOUR, Some(INK));
    svg.text(
        lx + 20.0,
        legend_y,
        &tr(c.lang, "chart-legend-high"),
        Anchor::Start,
        SMALL,
        INK,
        false,
    );
    svg.close_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, lo: f64, hi: f64) -> TornadoBar {
        TornadoBar {
            label: label.into(),
            input_low: "0.50".into(),
            input_high: "0.90".into(),
            forecast_low: lo,
            forecast_high: hi,
        }
    }

    #[test]
    fn ranks_largest_first_and_cuts_to_top() {
        let c = TornadoChart {
            lang: Lang::En,
            id: "t".into(),
            title: "t".into(),
            unit: "u".into(),
            min: 0.0,
            max: 10.0,
            base: 5.0,
            bars: vec![
                bar("a.position", 4.9, 5.1),
                bar("b.salience", 3.0, 6.0),
                bar("c.capability", 4.0, 5.5),
                bar("nan", f64::NAN, 1.0),
            ],
            top: 2,
        };
        let r: Vec<&str> = ranked(&c).iter().map(|b| b.label.as_str()).collect();
        assert_eq!(r, ["b.salience", "c.capability"]);
        let s = tornado_svg(&c);
        assert!(s.contains("base 5.00"));
        assert!(s.contains("3.00 – 6.00"));
        assert!(!s.contains("a.position"));
    }
}
