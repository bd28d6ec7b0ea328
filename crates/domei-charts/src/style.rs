//! Series styles: a colour-blind-safe palette (Okabe & Ito 2008, without
//! its yellow, which is too light on white) paired with a distinct symbol,
//! so no series is told apart by colour alone.

use crate::svg::num;

/// Colours of the series, in order.
pub const COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// Symbols of the series, in order (same index as [`COLOURS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// A diamond (series 1, 7, …).
    Diamond,
    /// A square.
    Square,
    /// A triangle pointing up.
    TriangleUp,
    /// A triangle pointing down.
    TriangleDown,
    /// A plus sign (stroked, no fill).
    Plus,
    /// A diagonal cross (stroked, no fill).
    Cross,
}

const SYMBOLS: [Symbol; 6] = [
    Symbol::Diamond,
    Symbol::Square,
    Symbol::TriangleUp,
    Symbol::TriangleDown,
    Symbol::Plus,
    Symbol::Cross,
];

/// How series number `k` is drawn (styles repeat after six).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Fill and stroke colour, a hex `#rrggbb` from [`COLOURS`].
    pub colour: &'static str,
    /// The marker drawn at the series' points.
    pub symbol: Symbol,
    /// Dash pattern for lines of this series (solid for the first six).
    pub dash: Option<&'static str>,
}

/// The style of series number `k` (0-based): colour and symbol cycle every six, the dash pattern changes with each cycle.
pub fn style(k: usize) -> Style {
    let dash = match (k / COLOURS.len()) % 3 {
        0 => None,
        1 => Some("6 3"),
        _ => Some("2 2"),
    };
    Style {
        colour: COLOURS[k % COLOURS.len()],
        symbol: SYMBOLS[k % SYMBOLS.len()],
        dash,
    }
}

/// Path data of `symbol` centred on `(x, y)` with half-size `r`.
pub fn symbol_path(symbol: Symbol, x: f64, y: f64, r: f64) -> String {
    let p = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (dx, dy)) in pts.iter().enumerate() {
            d.push_str(if i == 0 { "M" } else { " L" });
            d.push_str(&num(x + dx * r));
            d.push(' ');
            d.push_str(&num(y + dy * r));
        }
        d.push_str(" Z");
        d
    };
    let t = 0.38; // half-thickness of the plus and cross arms, in r
    match symbol {
        Symbol::Diamond => p(&[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)]),
        Symbol::Square => p(&[(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]),
        Symbol::TriangleUp => p(&[(0.0, -1.2), (1.1, 0.9), (-1.1, 0.9)]),
        Symbol::TriangleDown => p(&[(0.0, 1.2), (1.1, -0.9), (-1.1, -0.9)]),
        Symbol::Plus => p(&[
            (-t, -1.1),
            (t, -1.1),
            (t, -t),
            (1.1, -t),
            (1.1, t),
            (t, t),
            (t, 1.1),
            (-t, 1.1),
            (-t, t),
            (-1.1, t),
            (-1.1, -t),
            (-t, -t),
        ]),
        Symbol::Cross => {
            // The plus turned 45°.
            let (c, s) = (
                std::f64::consts::FRAC_1_SQRT_2,
                std::f64::consts::FRAC_1_SQRT_2,
            );
            let arms: Vec<(f64, f64)> = [
                (-t, -1.25),
                (t, -1.25),
                (t, -t),
                (1.25, -t),
                (1.25, t),
                (t, t),
                (t, 1.25),
                (-t, 1.25),
                (-t, t),
                (-1.25, t),
                (-1.25, -t),
                (-t, -t),
            ]
            .iter()
            .map(|(a, b)| (a * c - b * s, a * s + b * c))
            .collect();
            p(&arms)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_six_styles_differ_in_colour_and_symbol() {
        for a in 0..6 {
            for b in 0..a {
                assert_ne!(style(a).colour, style(b).colour);
                assert_ne!(style(a).symbol, style(b).symbol);
            }
        }
        assert_eq!(style(6).colour, style(0).colour);
        assert_ne!(style(6).dash, style(0).dash);
    }

    #[test]
    fn symbols_are_closed_paths() {
        for k in 0..6 {
            let d = symbol_path(style(k).symbol, 10.0, 10.0, 4.0);
            assert!(d.starts_with('M') && d.ends_with('Z'), "{d}");
        }
    }
}
