//! Iterative models round by round: one line per series (e.g. BDM's median
//! and its weighted mean), round on the horizontal axis, the issue's scale
//! (zoomed to the data) on the vertical axis, the status quo as a dashed
//! reference line.

use crate::style::{style, symbol_path};
use crate::svg::{
    decimals, fixed, num, text_width, tick_label, ticks, Anchor, Linear, Svg, INK, SMALL,
};
use domei_i18n::{tr, tr_args, Lang};

/// One line: `points` are `(round, value)`, round 0 being the initial state.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The series' name, shown in the legend.
    pub label: String,
    /// Colour and symbol ([`crate::style`]).
    pub style: usize,
    /// Dashed (e.g. the mean beside a solid median).
    pub dashed: bool,
    /// `(round, value)` pairs in round order; values on the issue's scale.
    pub points: Vec<(u32, f64)>,
}

/// An iterative model's trajectory on one issue: one line per series, by round.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundsChart {
    /// Unique on the page (element ids derive from it).
    pub id: String,
    /// The chart's heading, also the SVG's `<title>`.
    pub title: String,
    /// The issue's unit, written beside the vertical axis.
    pub unit: String,
    /// The issue's scale: the vertical axis stays inside it.
    pub min: f64,
    /// High end of the issue's scale (see `min`).
    pub max: f64,
    /// The issue's status quo, a dashed reference line (`None`: not drawn).
    pub status_quo: Option<f64>,
    /// The series, drawn in this order.
    pub lines: Vec<Line>,
    /// The language of the chart's own words.
    pub lang: Lang,
}

const W: f64 = 720.0;

fn describe(c: &RoundsChart, d: usize, desc_key: &str) -> String {
    let mut s = tr_args(c.lang, desc_key, &[("unit", c.unit.clone())]);
    for l in &c.lines {
        if let (Some(first), Some(last)) = (l.points.first(), l.points.last()) {
            s.push_str(&tr_args(
                c.lang,
                "chart-rounds-desc-line",
                &[
                    ("line", l.label.clone()),
                    ("first", fixed(first.1, d)),
                    ("from", first.0.to_string()),
                    ("last", fixed(last.1, d)),
                    ("to", last.0.to_string()),
                ],
            ));
        }
    }
    if let Some(sq) = c.status_quo {
        s.push_str(&tr_args(
            c.lang,
            "chart-desc-status-quo",
            &[("value", fixed(sq, d))],
        ));
    }
    s
}

/// Draws the chart as a standalone, accessible SVG document (deterministic).
pub fn rounds_svg(c: &RoundsChart) -> String {
    draw(c, "chart-rounds-desc", "chart-rounds-sub")
}

/// The actors' positions round by round (one line per actor, the model's
/// median beside them): `domei history` as a chart.
pub fn history_svg(c: &RoundsChart) -> String {
    draw(c, "chart-history-desc", "chart-history-sub")
}

/// The chart, described by the catalogue's `desc_key`, with `sub_key`'s
/// subtitle under its title (both take the unit).
fn draw(c: &RoundsChart, desc_key: &str, sub_key: &str) -> String {
    let d = decimals(c.min, c.max);
    let finite = |v: f64| v.is_finite();
    let values: Vec<f64> = c
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .chain(c.status_quo)
        .filter(|v| finite(*v))
        .collect();
    let last_round = c
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .max()
        .unwrap_or(1)
        .max(1);
    let (mut lo, mut hi) = (
        values.iter().copied().fold(f64::INFINITY, f64::min),
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (c.min, c.max);
    }
    let pad = ((hi - lo) * 0.15).max((c.max - c.min) * 0.03);
    let (lo, hi) = ((lo - pad).max(c.min), (hi + pad).min(c.max));
    let (lo, hi) = if hi > lo { (lo, hi) } else { (c.min, c.max) };

    let (px0, px1, py0, py1) = (70.0, W - 24.0, 62.0, 262.0);
    let x = Linear::new(0.0, last_round as f64, px0, px1);
    let y = Linear::new(lo, hi, py1, py0);

    // Legend layout (wrapping).
    let mut legend_pos = Vec::new();
    let (mut lx, mut ly) = (12.0, py1 + 52.0);
    let mut items: Vec<String> = c.lines.iter().map(|l| l.label.clone()).collect();
    if c.status_quo.is_some() {
        items.push(tr(c.lang, "chart-status-quo"));
    }
    for text in &items {
        let w = 36.0 + text_width(text, SMALL) + 14.0;
        if lx + w > W - 8.0 && lx > 12.0 {
            lx = 12.0;
            ly += 16.0;
        }
        legend_pos.push((lx, ly));
        lx += w;
    }
    let height = ly + 12.0;

    let mut svg = Svg::new(&c.id, W, height, &c.title, &describe(c, d, desc_key));
    svg.text(12.0, 20.0, &c.title, Anchor::Start, 14.0, INK, true);
    svg.text(
        12.0,
        34.0,
        &tr_args(c.lang, sub_key, &[("unit", c.unit.clone())]),
        Anchor::Start,
        SMALL,
        INK,
        false,
    );

    // Grid and axes.
    let (yt, ystep) = ticks(lo, hi, 6);
    for t in yt {
        let py = y.map(t);
        svg.line(px0, py, px1, py, "#e6e6e6", 1.0, None);
        svg.text(
            px0 - 8.0,
            py + 4.0,
            &tick_label(t, ystep),
            Anchor::End,
            SMALL,
            INK,
            false,
        );
    }
    svg.line(px0, py1, px1, py1, INK, 1.0, None);
    svg.line(px0, py0, px0, py1, INK, 1.0, None);
    let (xt, xstep) = ticks(0.0, last_round as f64, 10.min(last_round as usize));
    for t in xt {
        let px = x.map(t);
        svg.line(px, py1, px, py1 + 5.0, INK, 1.0, None);
        svg.text(
            px,
            py1 + 17.0,
            &tick_label(t, xstep.max(1.0)),
            Anchor::Middle,
            SMALL,
            INK,
            false,
        );
    }
    svg.text(
        (px0 + px1) / 2.0,
        py1 + 33.0,
        &tr(c.lang, "chart-round"),
        Anchor::Middle,
        11.0,
        INK,
        false,
    );
    svg.label(
        px0 - 8.0,
        py0 - 12.0,
        &c.unit,
        px0 + 200.0,
        Anchor::Start,
        SMALL,
        INK,
    );

    if let Some(sq) = c.status_quo.filter(|v| finite(*v) && *v >= lo && *v <= hi) {
        let py = y.map(sq);
        svg.line(px0, py, px1, py, INK, 1.2, Some("5 3"));
        svg.text(
            px1,
            py - 4.0,
            &tr_args(c.lang, "chart-status-quo-value", &[("value", fixed(sq, d))]),
            Anchor::End,
            SMALL,
            INK,
            false,
        );
    }

    for l in &c.lines {
        let st = style(l.style);
        let pts: Vec<(f64, f64)> = l
            .points
            .iter()
            .filter(|p| finite(p.1))
            .map(|p| (x.map(p.0 as f64), y.map(p.1)))
            .collect();
        svg.open_group(Some(&l.label));
        if pts.len() > 1 {
            let d: Vec<String> = pts
                .iter()
                .enumerate()
                .map(|(i, (a, b))| {
                    format!("{}{} {}", if i == 0 { "M" } else { "L" }, num(*a), num(*b))
                })
                .collect();
            svg.path(
                &d.join(" "),
                "none",
                st.colour,
                2.0,
                if l.dashed { Some("6 4") } else { st.dash },
            );
        }
        for (px, py) in &pts {
            svg.path(
                &symbol_path(st.symbol, *px, *py, 3.5),
                if l.dashed { "#ffffff" } else { st.colour },
                st.colour,
                1.2,
                None,
            );
        }
        svg.close_group();
    }
    if c.lines.iter().all(|l| l.points.is_empty()) {
        svg.text(
            (px0 + px1) / 2.0,
            (py0 + py1) / 2.0,
            &tr(c.lang, "chart-no-rounds"),
            Anchor::Middle,
            11.0,
            INK,
            false,
        );
    }

    svg.open_group(Some(&tr(c.lang, "chart-group-legend")));
    for (k, (text, (lx, ly))) in items.iter().zip(legend_pos.iter().copied()).enumerate() {
        let cy = ly - 4.0;
        match c.lines.get(k) {
            Some(l) => {
                let st = style(l.style);
                svg.line(
                    lx,
                    cy,
                    lx + 30.0,
                    cy,
                    st.colour,
                    2.0,
                    if l.dashed { Some("6 4") } else { st.dash },
                );
                svg.path(
                    &symbol_path(st.symbol, lx + 15.0, cy, 3.5),
                    if l.dashed { "#ffffff" } else { st.colour },
                    st.colour,
                    1.2,
                    None,
                );
            }
            None => svg.line(lx, cy, lx + 30.0, cy, INK, 1.2, Some("5 3")),
        }
        svg.text(lx + 36.0, ly, text, Anchor::Start, SMALL, INK, false);
    }
    svg.close_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_path_per_series_and_a_legend() {
        let c = RoundsChart {
            lang: Lang::En,
            id: "r".into(),
            title: "BDM rounds".into(),
            unit: "% of GDP".into(),
            min: 1.0,
            max: 3.5,
            status_quo: Some(1.8),
            lines: vec![
                Line {
                    label: "bdm median".into(),
                    style: 2,
                    dashed: false,
                    points: vec![(0, 2.0), (1, 2.5), (2, 3.0)],
                },
                Line {
                    label: "bdm mean".into(),
                    style: 2,
                    dashed: true,
                    points: vec![(0, 2.2), (1, 2.4), (2, 2.6)],
                },
            ],
        };
        let s = rounds_svg(&c);
        assert_eq!(
            s.matches("stroke-width=\"2\" stroke-linejoin=\"round\"")
                .count(),
            2
        );
        assert!(s.contains(">bdm mean</text>") && s.contains(">bdm median</text>"));
        assert!(s.contains("status quo 1.80"));
    }

    #[test]
    fn history_chart_says_what_it_shows() {
        let c = RoundsChart {
            lang: Lang::En,
            id: "h".into(),
            title: "History".into(),
            unit: "u".into(),
            min: 0.0,
            max: 10.0,
            status_quo: None,
            lines: vec![Line {
                label: "a".into(),
                style: 0,
                dashed: false,
                points: vec![(0, 1.0), (1, 4.0)],
            }],
        };
        let s = history_svg(&c);
        assert!(s.contains("each actor&#39;s position"), "{s}");
        assert!(s.contains("Positions by round"));
        assert!(!rounds_svg(&c).contains("each actor"));
    }

    #[test]
    fn empty_chart_says_so() {
        let c = RoundsChart {
            lang: Lang::En,
            id: "e".into(),
            title: "t".into(),
            unit: "u".into(),
            min: 0.0,
            max: 1.0,
            status_quo: None,
            lines: vec![],
        };
        assert!(rounds_svg(&c).contains("no rounds to show"));
    }
}
