//! Positions by actor on one issue's scale: a dot plot with one row per
//! actor (marker area proportional to capability × salience, the range where
//! sources disagree drawn behind it), one row per model's forecast (its own
//! colour and symbol), the status quo and the labelled anchors as
//! vertical lines, and a horizontal axis in the unit.

use crate::style::{style, symbol_path};
use crate::svg::{decimals, fixed, num, text_width, Anchor, Linear, Svg, GRID, INK, SMALL};
use domei_i18n::{tr, tr_args, Lang};

/// A labelled point on the scale.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleAnchor {
    /// Where the anchor sits on the scale.
    pub value: f64,
    /// The anchor's text, e.g. what the value means.
    pub label: String,
}

/// One actor's stance.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorPoint {
    /// The actor's name, shown at the left of its row.
    pub name: String,
    /// The actor's position on the scale.
    pub position: f64,
    /// `(low, high)` where sources disagree.
    pub range: Option<(f64, f64)>,
    /// Capability × salience: sets the marker's area.
    pub weight: f64,
}

/// A point forecast drawn with series style `style` ([`crate::style`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The model's name.
    pub label: String,
    /// The forecast, on the scale.
    pub value: f64,
    /// Series style index: colour and symbol.
    pub style: usize,
}

/// One issue's positions by actor, with the models' forecasts, on the scale.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionsChart {
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
    /// The labelled points, drawn as vertical lines.
    pub anchors: Vec<ScaleAnchor>,
    /// The status quo, drawn as a vertical line (`None`: not drawn).
    pub status_quo: Option<f64>,
    /// Drawn top to bottom in this order.
    pub actors: Vec<ActorPoint>,
    /// One row per model's forecast, below the actors.
    pub forecasts: Vec<Mark>,
    /// The language of the chart's own words (the data's texts are given).
    pub lang: Lang,
}

const W: f64 = 720.0;
const ROW: f64 = 18.0;
const FROW: f64 = 17.0;

/// Places labels centred on their x in as few rows as possible without
/// overlap; returns each label's row and its text anchor x.
fn stagger(items: &[(f64, String)], x0: f64, x1: f64) -> Vec<(usize, f64, Anchor)> {
    let mut ends: Vec<f64> = Vec::new();
    let mut out = Vec::new();
    for (x, text) in items {
        let w = text_width(text, SMALL);
        let (left, anchor, ax) = if x - w / 2.0 < x0 {
            (*x, Anchor::Start, *x)
        } else if x + w / 2.0 > x1 {
            (x - w, Anchor::End, *x)
        } else {
            (x - w / 2.0, Anchor::Middle, *x)
        };
        let row = ends
            .iter()
            .position(|&e| e + 6.0 <= left)
            .unwrap_or(ends.len());
        if row == ends.len() {
            ends.push(left + w);
        } else {
            ends[row] = left + w;
        }
        out.push((row, ax, anchor));
    }
    out
}

fn describe(c: &PositionsChart, d: usize) -> String {
    let f = |x: f64| fixed(x, d);
    let l = c.lang;
    let mut s = tr_args(
        l,
        "chart-positions-desc",
        &[
            ("actors", c.actors.len().to_string()),
            ("min", f(c.min)),
            ("max", f(c.max)),
            ("unit", c.unit.clone()),
        ],
    );
    if let Some(sq) = c.status_quo {
        s.push_str(&tr_args(l, "chart-desc-status-quo", &[("value", f(sq))]));
    }
    if !c.forecasts.is_empty() {
        let v: Vec<String> = c
            .forecasts
            .iter()
            .filter(|m| m.value.is_finite())
            .map(|m| format!("{} {}", m.label, f(m.value)))
            .collect();
        s.push_str(&tr_args(
            l,
            "chart-desc-forecasts",
            &[("list", v.join(", "))],
        ));
    }
    if !c.actors.is_empty() {
        let v: Vec<String> = c
            .actors
            .iter()
            .filter(|a| a.position.is_finite())
            .map(|a| format!("{} {}", a.name, f(a.position)))
            .collect();
        s.push_str(&tr_args(
            l,
            "chart-desc-positions",
            &[("list", v.join("; "))],
        ));
    }
    s
}

/// Draws the chart as a standalone, accessible SVG document (deterministic).
pub fn positions_svg(c: &PositionsChart) -> String {
    let d = decimals(c.min, c.max);
    let f = |x: f64| fixed(x, d);
    let names = c
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .chain(c.forecasts.iter().map(|m| m.label.as_str()));
    let lw = names
        .map(|n| text_width(n, 11.0))
        .fold(70.0, f64::max)
        .min(230.0)
        + 8.0;
    let (x0, x1) = (12.0 + lw + 10.0, W - 28.0);
    let x = Linear::new(c.min, c.max, x0, x1);
    let inside = |v: f64| v.is_finite() && v >= c.min - 1e-9 && v <= c.max + 1e-9;

    // Labels above the plot: the status quo and the anchors.
    let mut top_labels: Vec<(f64, String, bool)> = Vec::new();
    if let Some(sq) = c.status_quo.filter(|v| inside(*v)) {
        top_labels.push((
            x.map(sq),
            tr_args(c.lang, "chart-status-quo-value", &[("value", f(sq))]),
            true,
        ));
    }
    for a in c.anchors.iter().filter(|a| inside(a.value)) {
        let text = format!(
            "{} ({})",
            crate::svg::truncate(&a.label, 300.0, SMALL),
            f(a.value)
        );
        top_labels.push((x.map(a.value), text, false));
    }
    top_labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let items: Vec<(f64, String)> = top_labels.iter().map(|(x, t, _)| (*x, t.clone())).collect();
    let placed = stagger(&items, 12.0, W - 8.0);
    let label_rows = placed.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let label_top = 40.0;
    let plot_top = label_top + label_rows as f64 * 14.0 + 6.0;
    let f_top = plot_top + 4.0;
    let a_top =
        f_top + c.forecasts.len() as f64 * FROW + if c.forecasts.is_empty() { 0.0 } else { 6.0 };
    let axis_y = a_top + c.actors.len().max(1) as f64 * ROW + 6.0;

    // Legend items wrap onto lines: a model's symbol, or the key of one of
    // the three other marks (actor, status quo, labelled point).
    let mut legend: Vec<(Option<usize>, &str, String)> = vec![
        (None, "actor", tr(c.lang, "chart-legend-actor")),
        (None, "status-quo", tr(c.lang, "chart-status-quo")),
        (None, "anchor", tr(c.lang, "chart-legend-anchor")),
    ];
    legend.extend(c.forecasts.iter().map(|m| {
        (
            Some(m.style),
            "",
            tr_args(
                c.lang,
                "chart-legend-forecast",
                &[("model", m.label.clone())],
            ),
        )
    }));
    let mut legend_pos = Vec::new();
    let (mut lx, mut ly) = (12.0, axis_y + 56.0);
    for (_, _, text) in &legend {
        let w = 22.0 + text_width(text, SMALL) + 14.0;
        if lx + w > W - 8.0 && lx > 12.0 {
            lx = 12.0;
            ly += 16.0;
        }
        legend_pos.push((lx, ly));
        lx += w;
    }
    let height = ly + 12.0;

    let mut svg = Svg::new(&c.id, W, height, &c.title, &describe(c, d));
    svg.text(12.0, 20.0, &c.title, Anchor::Start, 14.0, INK, true);
    svg.text(
        12.0,
        34.0,
        &tr_args(c.lang, "chart-positions-sub", &[("unit", c.unit.clone())]),
        Anchor::Start,
        SMALL,
        INK,
        false,
    );

    // Vertical reference lines, then their labels.
    for ((xp, text, is_sq), (row, ax, anchor)) in top_labels.iter().zip(&placed) {
        let ly = label_top + *row as f64 * 14.0 + 10.0;
        if *is_sq {
            svg.line(*xp, ly + 3.0, *xp, axis_y, INK, 1.2, Some("5 3"));
        } else {
            svg.line(*xp, ly + 3.0, *xp, axis_y, GRID, 1.0, Some("2 3"));
        }
        svg.text_halo(*ax, ly, text, *anchor, SMALL, INK, *is_sq);
    }

    // Forecast rows.
    svg.open_group(Some(&tr(c.lang, "chart-group-forecasts")));
    for (k, m) in c.forecasts.iter().enumerate() {
        let y = f_top + k as f64 * FROW + FROW / 2.0;
        svg.label(x0 - 10.0, y + 4.0, &m.label, lw, Anchor::End, 11.0, INK);
        svg.line(x0, y, x1, y, "#eeeeee", 1.0, None);
        if !inside(m.value) {
            continue;
        }
        let st = style(m.style);
        let px = x.map(m.value);
        svg.path(
            &symbol_path(st.symbol, px, y, 5.5),
            st.colour,
            INK,
            0.8,
            None,
        );
        let text = format!("{} {}", m.label, f(m.value));
        if px > x1 - text_width(&text, SMALL) - 12.0 {
            svg.text(px - 9.0, y + 4.0, &text, Anchor::End, SMALL, INK, false);
        } else {
            svg.text(px + 9.0, y + 4.0, &text, Anchor::Start, SMALL, INK, false);
        }
    }
    svg.close_group();
    if !c.forecasts.is_empty() {
        svg.line(12.0, a_top - 3.0, x1, a_top - 3.0, GRID, 0.8, None);
    }

    // Actor rows.
    let wmax = c
        .actors
        .iter()
        .map(|a| a.weight)
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max);
    svg.open_group(Some(&tr(c.lang, "chart-group-actors")));
    if c.actors.is_empty() {
        svg.text(
            (x0 + x1) / 2.0,
            a_top + 13.0,
            &tr(c.lang, "chart-no-actor"),
            Anchor::Middle,
            11.0,
            INK,
            false,
        );
    }
    for (k, a) in c.actors.iter().enumerate() {
        let y = a_top + k as f64 * ROW + ROW / 2.0;
        svg.label(x0 - 10.0, y + 4.0, &a.name, lw, Anchor::End, 11.0, INK);
        if !inside(a.position) {
            continue;
        }
        let range = a
            .range
            .filter(|(lo, hi)| inside(*lo) && inside(*hi) && hi > lo);
        if let Some((lo, hi)) = range {
            svg.line(x.map(lo), y, x.map(hi), y, "#7f7f7f", 3.0, None);
        }
        let share = if wmax > 0.0 && a.weight.is_finite() {
            (a.weight / wmax).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let r = 2.5 + 6.0 * share.sqrt();
        let px = x.map(a.position);
        let tip = tr_args(
            c.lang,
            "chart-actor-tip",
            &[
                ("name", a.name.clone()),
                ("value", f(a.position)),
                ("unit", c.unit.clone()),
                ("weight", fixed(a.weight, 2)),
            ],
        );
        svg.circle(px, y, r, "#4d4d4d", INK, 0.55, Some(&tip));
        // The value beside the marker, clear of the range bar.
        let text = match range {
            Some((lo, hi)) => format!("{} ({}–{})", f(a.position), f(lo), f(hi)),
            None => f(a.position),
        };
        let right = range.map_or(px + r, |(_, hi)| x.map(hi).max(px + r)) + 4.0;
        let left = range.map_or(px - r, |(lo, _)| x.map(lo).min(px - r)) - 4.0;
        if right + text_width(&text, SMALL) > W - 4.0 {
            svg.text(left, y + 4.0, &text, Anchor::End, SMALL, INK, false);
        } else {
            svg.text(right, y + 4.0, &text, Anchor::Start, SMALL, INK, false);
        }
    }
    svg.close_group();

    // Axis.
    svg.x_axis(&x, x0, x1, axis_y, c.min, c.max, 8);
    for a in c.anchors.iter().filter(|a| inside(a.value)) {
        let px = x.map(a.value);
        svg.path(
            &format!(
                "M{} {} L{} {} L{} {} Z",
                num(px),
                num(axis_y - 1.0),
                num(px - 4.0),
                num(axis_y - 7.0),
                num(px + 4.0),
                num(axis_y - 7.0)
            ),
            GRID,
            INK,
            0.6,
            None,
        );
    }
    svg.x_axis_title(x0, x1, axis_y, &c.unit);

    // Legend.
    svg.open_group(Some(&tr(c.lang, "chart-group-legend")));
    for ((style_k, key, text), (lx, ly)) in legend.iter().zip(&legend_pos) {
        let cy = ly - 4.0;
        match (style_k, *key) {
            (Some(k), _) => {
                let st = style(*k);
                svg.path(
                    &symbol_path(st.symbol, lx + 8.0, cy, 5.0),
                    st.colour,
                    INK,
                    0.8,
                    None,
                );
            }
            (None, "status-quo") => svg.line(lx + 1.0, cy, lx + 17.0, cy, INK, 1.2, Some("5 3")),
            (None, "anchor") => svg.line(lx + 1.0, cy, lx + 17.0, cy, GRID, 1.5, Some("2 3")),
            (None, _) => svg.circle(lx + 8.0, cy, 5.0, "#4d4d4d", INK, 0.55, None),
        }
        svg.text(lx + 20.0, *ly, text, Anchor::Start, SMALL, INK, false);
    }
    svg.close_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> PositionsChart {
        PositionsChart {
            lang: Lang::En,
            id: "t".into(),
            title: "Defense <spending>".into(),
            unit: "% of GDP".into(),
            min: 1.0,
            max: 3.5,
            anchors: vec![
                ScaleAnchor {
                    value: 2.0,
                    label: "2% by FY2027".into(),
                },
                ScaleAnchor {
                    value: 2.1,
                    label: "close".into(),
                },
            ],
            status_quo: Some(1.8),
            actors: vec![
                ActorPoint {
                    name: "<script>alert(1)</script>".into(),
                    position: 3.0,
                    range: Some((2.5, 3.5)),
                    weight: 70.0,
                },
                ActorPoint {
                    name: "日本政府".into(),
                    position: 2.0,
                    range: None,
                    weight: 30.0,
                },
            ],
            forecasts: vec![
                Mark {
                    label: "compromise".into(),
                    value: 2.6,
                    style: 0,
                },
                Mark {
                    label: "bdm".into(),
                    value: 3.0,
                    style: 2,
                },
            ],
        }
    }

    #[test]
    fn escapes_names_and_labels_everything() {
        let s = positions_svg(&chart());
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;"));
        assert!(s.contains("日本政府"));
        assert!(s.contains("<title id=\"c-t-title\">Defense &lt;spending&gt;</title>"));
        assert!(s.contains("status quo 1.80"));
        assert!(s.contains("compromise 2.60"));
        assert!(s.contains("2% by FY2027 (2.00)"));
    }

    #[test]
    fn overlapping_anchor_labels_go_to_separate_rows() {
        let placed = stagger(
            &[
                (100.0, "a long label here".into()),
                (105.0, "another".into()),
            ],
            0.0,
            700.0,
        );
        assert_ne!(placed[0].0, placed[1].0);
        let placed = stagger(&[(100.0, "a".into()), (400.0, "b".into())], 0.0, 700.0);
        assert_eq!(placed[0].0, placed[1].0);
    }

    #[test]
    fn out_of_scale_and_non_finite_values_are_not_drawn() {
        let mut c = chart();
        c.forecasts.push(Mark {
            label: "nan".into(),
            value: f64::NAN,
            style: 3,
        });
        c.actors.push(ActorPoint {
            name: "far".into(),
            position: 99.0,
            range: None,
            weight: f64::INFINITY,
        });
        let s = positions_svg(&c);
        assert!(!s.contains("NaN") && !s.contains("inf"));
    }
}
