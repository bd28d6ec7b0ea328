//! Monte Carlo distributions of one issue's forecast: one histogram strip per
//! model on a shared axis (the scale), with the 10th, 50th and 90th
//! percentiles marked, the input-uncertainty band (p10–p90: how the
//! forecast moves when the inputs vary; not an 80% interval) shaded, and the point forecast drawn
//! with the model's symbol.

use crate::style::{style, symbol_path};
use crate::svg::{decimals, fixed, text_width, Anchor, Linear, Svg, INK, SMALL};
use domei_i18n::{tr, tr_args, Lang};

/// One histogram bar: draws with `lo <= x < hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Lower edge of the bar, on the scale (inclusive).
    pub lo: f64,
    /// Upper edge of the bar, on the scale (exclusive).
    pub hi: f64,
    /// Number of draws whose forecast falls in `[lo, hi)`.
    pub count: u64,
}

/// One model's distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    /// The model's name, shown at the left of its strip.
    pub label: String,
    /// Series style index: colour and symbol ([`crate::style`]).
    pub style: usize,
    /// The histogram, in order along the scale.
    pub bars: Vec<Bar>,
    /// 10th percentile of the draws' forecasts (`None` when no draw produced one).
    pub p10: Option<f64>,
    /// Median of the draws' forecasts (`None` when no draw produced one).
    pub p50: Option<f64>,
    /// 90th percentile of the draws' forecasts (`None` when no draw produced one).
    pub p90: Option<f64>,
    /// The deterministic forecast with every input at its point value.
    pub point: Option<f64>,
    /// Draws that produced a forecast, and draws where the model failed.
    pub n: u64,
    /// Draws where the model failed (no forecast).
    pub failed: u64,
}

/// One issue's Monte Carlo distributions, one strip per model, on a shared axis.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionChart {
    /// Unique on the page (element ids derive from it).
    pub id: String,
    /// The chart's heading, also the SVG's `<title>`.
    pub title: String,
    /// The unit, written under the axis.
    pub unit: String,
    /// Low end of the scale: the axis starts here.
    pub min: f64,
    /// High end of the scale: the axis ends here.
    pub max: f64,
    /// The status quo, drawn as a reference line (`None`: not drawn).
    pub status_quo: Option<f64>,
    /// One strip per model, drawn top to bottom in this order.
    pub strips: Vec<Strip>,
    /// The language of the chart's own words.
    pub lang: Lang,
}

const W: f64 = 720.0;
const STRIP: f64 = 58.0;

fn describe(c: &DistributionChart, d: usize) -> String {
    let na = tr(c.lang, "report-na");
    let f = |x: Option<f64>| x.map_or(na.clone(), |x| fixed(x, d));
    let mut s = tr_args(
        c.lang,
        "chart-distribution-desc",
        &[
            ("unit", c.unit.clone()),
            ("min", fixed(c.min, d)),
            ("max", fixed(c.max, d)),
        ],
    );
    for st in &c.strips {
        s.push_str(&tr_args(
            c.lang,
            "chart-distribution-desc-strip",
            &[
                ("model", st.label.clone()),
                ("draws", st.n.to_string()),
                ("p10", f(st.p10)),
                ("p90", f(st.p90)),
                ("p50", f(st.p50)),
                ("point", f(st.point)),
            ],
        ));
    }
    s
}

/// Draws the chart as a standalone, accessible SVG document (deterministic).
pub fn distribution_svg(c: &DistributionChart) -> String {
    let d = decimals(c.min, c.max);
    let f = |x: f64| fixed(x, d);
    let lw = c
        .strips
        .iter()
        .map(|s| text_width(&s.label, 11.0))
        .fold(90.0, f64::max)
        .min(160.0)
        + 8.0;
    let (x0, x1) = (12.0 + lw + 10.0, W - 28.0);
    let x = Linear::new(c.min, c.max, x0, x1);
    let ok = |v: f64| v.is_finite() && v >= c.min - 1e-9 && v <= c.max + 1e-9;
    let top = 64.0;
    let axis_y = top + c.strips.len().max(1) as f64 * STRIP;
    let legend_y = axis_y + 54.0;
    let height = legend_y + 12.0;

    let mut svg = Svg::new(&c.id, W, height, &c.title, &describe(c, d));
    svg.text(12.0, 20.0, &c.title, Anchor::Start, 14.0, INK, true);
    svg.text(
        12.0,
        34.0,
        &tr_args(
            c.lang,
            "chart-distribution-sub",
            &[("unit", c.unit.clone())],
        ),
        Anchor::Start,
        SMALL,
        INK,
        false,
    );

    if let Some(sq) = c.status_quo.filter(|v| ok(*v)) {
        let px = x.map(sq);
        svg.line(px, top - 6.0, px, axis_y, INK, 1.0, Some("5 3"));
        svg.text_halo(
            px,
            top - 9.0,
            &tr_args(c.lang, "chart-status-quo-value", &[("value", f(sq))]),
            if px > x1 - 60.0 {
                Anchor::End
            } else {
                Anchor::Middle
            },
            SMALL,
            INK,
            false,
        );
    }

    if c.strips.is_empty() {
        svg.text(
            (x0 + x1) / 2.0,
            top + 30.0,
            &tr(c.lang, "chart-no-mc"),
            Anchor::Middle,
            11.0,
            INK,
            false,
        );
    }
    for (k, s) in c.strips.iter().enumerate() {
        let st = style(s.style);
        let (sy0, sy1) = (
            top + k as f64 * STRIP + 6.0,
            top + (k + 1) as f64 * STRIP - 8.0,
        );
        svg.open_group(Some(&tr_args(
            c.lang,
            "chart-group-distribution",
            &[("model", s.label.clone())],
        )));
        let mid = (sy0 + sy1) / 2.0;
        svg.label(x0 - 10.0, mid - 6.0, &s.label, lw, Anchor::End, 11.0, INK);
        let sub = if s.failed > 0 {
            tr_args(
                c.lang,
                "chart-n-failed",
                &[("n", s.n.to_string()), ("failed", s.failed.to_string())],
            )
        } else {
            format!("n={}", s.n)
        };
        svg.label(x0 - 10.0, mid + 7.0, &sub, lw, Anchor::End, 9.0, INK);
        if let (Some(p10), Some(p90)) = (s.p10, s.p90) {
            svg.label(
                x0 - 10.0,
                mid + 19.0,
                &tr_args(c.lang, "chart-band", &[("low", f(p10)), ("high", f(p90))]),
                lw,
                Anchor::End,
                9.0,
                INK,
            );
        }
        if let (Some(p10), Some(p90)) = (s.p10.filter(|v| ok(*v)), s.p90.filter(|v| ok(*v))) {
            svg.rect(
                x.map(p10),
                sy0 - 2.0,
                x.map(p90) - x.map(p10),
                sy1 - sy0 + 2.0,
                "#f0f0f0",
                None,
            );
        }
        let peak = s.bars.iter().map(|b| b.count).max().unwrap_or(0);
        let total: u64 = s.bars.iter().map(|b| b.count).sum();
        for b in s
            .bars
            .iter()
            .filter(|b| b.count > 0 && b.lo.is_finite() && b.hi.is_finite())
        {
            let h = (sy1 - sy0) * b.count as f64 / peak.max(1) as f64;
            let (bx0, bx1) = (x.map(b.lo.max(c.min)), x.map(b.hi.min(c.max)));
            svg.raw(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>{}</title></rect>\n",
                crate::svg::num(bx0),
                crate::svg::num(sy1 - h),
                crate::svg::num((bx1 - bx0).max(0.5)),
                crate::svg::num(h),
                st.colour,
                crate::svg::esc(&tr_args(
                    c.lang,
                    "chart-bar-tip",
                    &[
                        ("low", f(b.lo)),
                        ("high", f(b.hi)),
                        ("count", b.count.to_string()),
                        ("share", fixed(100.0 * b.count as f64 / total.max(1) as f64, 1)),
                    ],
                ))
            ));
        }
        svg.line(x0, sy1, x1, sy1, "#9a9a9a", 0.8, None);
        for (p, dash, name) in [
            (s.p10, Some("3 2"), "p10"),
            (s.p50, None, "p50"),
            (s.p90, Some("3 2"), "p90"),
        ] {
            if let Some(v) = p.filter(|v| ok(*v)) {
                let px = x.map(v);
                svg.line(
                    px,
                    sy0 - 2.0,
                    px,
                    sy1,
                    INK,
                    if name == "p50" { 1.6 } else { 1.0 },
                    dash,
                );
            }
        }
        if let Some(v) = s.point.filter(|v| ok(*v)) {
            svg.path(
                &symbol_path(st.symbol, x.map(v), sy1, 5.0),
                st.colour,
                INK,
                0.8,
                None,
            );
        }
        svg.close_group();
    }

    svg.x_axis(&x, x0, x1, axis_y, c.min, c.max, 8);
    svg.x_axis_title(x0, x1, axis_y, &c.unit);

    svg.open_group(Some(&tr(c.lang, "chart-group-legend")));
    let mut lx = 12.0;
    let cy = legend_y - 4.0;
    svg.rect(lx, cy - 5.0, 18.0, 10.0, "#f0f0f0", Some("#9a9a9a"));
    let band = tr(c.lang, "chart-legend-band");
    svg.text(lx + 22.0, legend_y, &band, Anchor::Start, SMALL, INK, false);
    lx += 22.0 + text_width(&band, SMALL) + 16.0;
    svg.line(lx, cy, lx + 18.0, cy, INK, 1.6, None);
    let median = tr(c.lang, "chart-legend-median");
    svg.text(
        lx + 22.0,
        legend_y,
        &median,
        Anchor::Start,
        SMALL,
        INK,
        false,
    );
    lx += 22.0 + text_width(&median, SMALL) + 16.0;
    svg.line(lx, cy, lx + 18.0, cy, INK, 1.0, Some("3 2"));
    svg.text(
        lx + 22.0,
        legend_y,
        "p10, p90",
        Anchor::Start,
        SMALL,
        INK,
        false,
    );
    lx += 22.0 + text_width("p10, p90", SMALL) + 16.0;
    svg.path(
        &symbol_path(crate::style::Symbol::Diamond, lx + 8.0, cy, 5.0),
        "#ffffff",
        INK,
        0.8,
        None,
    );
    svg.text(
        lx + 20.0,
        legend_y,
        &tr(c.lang, "chart-legend-point"),
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

    #[test]
    fn marks_percentiles_and_point() {
        let c = DistributionChart {
            lang: Lang::En,
            id: "d".into(),
            title: "t".into(),
            unit: "%".into(),
            min: 0.0,
            max: 10.0,
            status_quo: Some(2.0),
            strips: vec![Strip {
                label: "compromise".into(),
                style: 0,
                bars: vec![
                    Bar {
                        lo: 0.0,
                        hi: 5.0,
                        count: 3,
                    },
                    Bar {
                        lo: 5.0,
                        hi: 10.0,
                        count: 1,
                    },
                ],
                p10: Some(1.0),
                p50: Some(4.0),
                p90: Some(8.0),
                point: Some(4.5),
                n: 4,
                failed: 0,
            }],
        };
        let s = distribution_svg(&c);
        assert!(s.contains("band: 1.00–8.00"));
        assert!(s.contains("0.00–5.00: 3 draws (75.0%)"));
        assert!(s.contains("status quo 2.00"));
    }
}
