//! Flows the briefing's blocks onto A4 pages: wrapped paragraphs, headings
//! kept with what follows, tables whose header repeats on every page, charts
//! scaled to the text width, and the citations with hanging markers. The
//! result is a list of drawing operations per page, drawn by `super`.

use super::text::{wrap, Metrics, Run};
use crate::doc::{Block, Brief, Cite, Rich, Span, Table};
use domei_i18n::{tr, tr_args};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const ML: f32 = 54.0;
pub const MR: f32 = 54.0;
pub const MT: f32 = 54.0;
pub const MB: f32 = 64.0;
pub const CW: f32 = PAGE_W - ML - MR;

/// Text styles (see `super::style_colour`).
pub const REGULAR: u8 = 0;
pub const BOLD: u8 = 1;
pub const CITE: u8 = 2;
pub const GREY: u8 = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        style: u8,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: u8,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: u8,
    },
    /// Chart number `chart` (in block order) in the box.
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        chart: usize,
    },
}

/// A heading for the PDF outline: level, text, page index, y.
pub type Mark = (u8, String, usize, f32);

pub struct Layout<'a> {
    m: &'a Metrics<'a>,
    pub pages: Vec<Vec<Op>>,
    pub marks: Vec<Mark>,
    y: f32,
    /// Only the title is on this page: the next section starts here.
    after_title: bool,
    /// [`Brief::flowing`]: level-1 headings do not start a page.
    flowing: bool,
}

fn runs(r: &Rich) -> Vec<Run> {
    r.0.iter()
        .map(|s| match s {
            Span::Text(t) => Run {
                text: t.clone(),
                style: REGULAR,
            },
            Span::Strong(t) => Run {
                text: t.clone(),
                style: BOLD,
            },
            Span::Cite(c) => Run {
                text: c.label(),
                style: CITE,
            },
        })
        .collect()
}

fn plain(text: impl Into<String>, style: u8) -> Vec<Run> {
    vec![Run {
        text: text.into(),
        style,
    }]
}

impl<'a> Layout<'a> {
    pub fn new(m: &'a Metrics<'a>) -> Layout<'a> {
        Layout {
            m,
            pages: vec![Vec::new()],
            marks: Vec::new(),
            y: MT,
            after_title: false,
            flowing: false,
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MT;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > PAGE_H - MB && self.y > MT + 1.0 {
            self.new_page();
        }
    }

    fn measure(&self, size: f32) -> impl Fn(&str, u8) -> f32 + '_ {
        move |t: &str, _| self.m.width(t, size)
    }

    /// Draws one wrapped line of runs starting at `x` on baseline `y`.
    fn line(&mut self, runs: &[Run], x: f32, y: f32, size: f32) {
        let mut cx = x;
        for r in runs {
            let w = self.m.width(&r.text, size);
            self.page().push(Op::Text {
                x: cx,
                y,
                size,
                text: r.text.clone(),
                style: r.style,
            });
            cx += w;
        }
    }

    /// A wrapped paragraph at `indent` from the margin; `marker` hangs in
    /// the indent on the first line.
    pub fn para(
        &mut self,
        rs: &[Run],
        size: f32,
        indent: f32,
        marker: Option<(&str, u8)>,
        after: f32,
    ) {
        let lh = size * 1.38;
        let lines = wrap(rs, CW - indent, &self.measure(size));
        for (k, l) in lines.iter().enumerate() {
            self.ensure(lh);
            let base = self.y + size;
            if k == 0 {
                if let Some((m, style)) = marker {
                    let x = ML + indent - self.m.width(m, size) - 5.0;
                    self.page().push(Op::Text {
                        x,
                        y: base,
                        size,
                        text: m.to_string(),
                        style,
                    });
                }
            }
            self.line(l, ML + indent, base, size);
            self.y += lh;
        }
        self.y += after;
    }

    pub fn title(&mut self, title: &str, subtitle: &str) {
        self.para(&plain(title, BOLD), 19.0, 0.0, None, 2.0);
        self.para(&plain(subtitle, GREY), 8.5, 0.0, None, 4.0);
        let y = self.y;
        self.page().push(Op::Line {
            x1: ML,
            y1: y,
            x2: ML + CW,
            y2: y,
            width: 1.2,
            grey: 30,
        });
        self.y += 10.0;
        self.after_title = true;
    }

    pub fn heading(&mut self, level: u8, text: &str) {
        let (size, before, keep) = match level {
            1 => (15.0, 6.0, 140.0),
            2 => (12.5, 12.0, 120.0),
            _ => (10.5, 8.0, 90.0),
        };
        // A section starts a new page, unless the page holds only a few
        // lines (the end of a table that ran over): then it follows them,
        // so no page is left mostly blank.
        let few_lines = self.y < MT + (PAGE_H - MT - MB) / 4.0;
        // The first heading after the title follows it (taken before the
        // test, so that a later level-1 heading is not mistaken for it).
        let after_title = level == 1 && std::mem::take(&mut self.after_title);
        if level == 1 && self.y > MT + 1.0 && !few_lines && !after_title && !self.flowing {
            self.new_page();
        } else {
            self.y += before;
            self.ensure(keep);
        }
        let page = self.pages.len() - 1;
        self.marks.push((level, text.to_string(), page, self.y));
        self.para(&plain(text, BOLD), size, 0.0, None, 1.0);
        if level <= 2 {
            let y = self.y;
            let (w, g) = if level == 1 { (1.0, 30) } else { (0.5, 150) };
            self.page().push(Op::Line {
                x1: ML,
                y1: y,
                x2: ML + CW,
                y2: y,
                width: w,
                grey: g,
            });
            self.y += 6.0;
        } else {
            self.y += 2.0;
        }
    }

    pub fn bullets(&mut self, items: &[Rich]) {
        for it in items {
            self.para(&runs(it), 9.5, 14.0, Some(("•", REGULAR)), 2.0);
        }
        self.y += 4.0;
    }

    pub fn note(&mut self, r: &Rich) {
        let top = self.y;
        let page = self.pages.len();
        self.y += 3.0;
        self.para(&runs(r), 9.5, 10.0, None, 3.0);
        if self.pages.len() == page {
            let y = self.y;
            self.page().push(Op::Rect {
                x: ML,
                y: top,
                w: 3.0,
                h: y - top,
                grey: 120,
            });
        }
        self.y += 4.0;
    }

    pub fn table(&mut self, t: &Table) {
        let size = 8.0;
        let lh = size * 1.3;
        let pad = 3.0;
        let n = t.head.len().max(1);
        let total: f32 = (0..n)
            .map(|k| t.widths.get(k).copied().unwrap_or(1.0).max(0.1))
            .sum();
        let mut widths: Vec<f32> = (0..n)
            .map(|k| t.widths.get(k).copied().unwrap_or(1.0).max(0.1) / total * CW)
            .collect();
        // Widen columns whose header has a word wider than the column, taking
        // the room from the others in proportion to their slack.
        let mins: Vec<f32> = (0..n)
            .map(|k| {
                t.head.get(k).map_or(0.0, |h| {
                    h.split(' ')
                        .map(|w| self.m.width(w, size))
                        .fold(0.0, f32::max)
                }) + 2.0 * pad
                    + 1.0
            })
            .collect();
        let deficit: f32 = widths
            .iter()
            .zip(&mins)
            .map(|(w, m)| (m - w).max(0.0))
            .sum();
        let slack: f32 = widths
            .iter()
            .zip(&mins)
            .map(|(w, m)| (w - m).max(0.0))
            .sum();
        if deficit > 0.0 && slack > deficit {
            for (w, m) in widths.iter_mut().zip(&mins) {
                *w = if *w < *m {
                    *m
                } else {
                    *w - (*w - m) / slack * deficit
                };
            }
        }
        let xs: Vec<f32> = widths
            .iter()
            .scan(ML, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        let num = |k: usize| t.numeric.get(k).copied().unwrap_or(false);
        let head: Vec<Vec<Vec<Run>>> = t
            .head
            .iter()
            .enumerate()
            .map(|(k, h)| {
                wrap(
                    &plain(h.clone(), BOLD),
                    widths[k] - 2.0 * pad,
                    &self.measure(size),
                )
            })
            .collect();
        let head_h = head.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad;
        self.y += 2.0;
        let draw_head = |this: &mut Self| {
            let y = this.y;
            this.page().push(Op::Rect {
                x: ML,
                y,
                w: CW,
                h: head_h,
                grey: 236,
            });
            for (k, cell) in head.iter().enumerate() {
                this.cell(cell, xs[k], widths[k], y + pad, size, num(k));
            }
            this.page().push(Op::Line {
                x1: ML,
                y1: y + head_h,
                x2: ML + CW,
                y2: y + head_h,
                width: 0.8,
                grey: 60,
            });
            this.y += head_h;
        };
        self.ensure(head_h + lh + 2.0 * pad);
        draw_head(self);
        for row in &t.rows {
            let cells: Vec<Vec<Vec<Run>>> = (0..n)
                .map(|k| {
                    row.get(k).map_or(Vec::new(), |c| {
                        wrap(&runs(c), widths[k] - 2.0 * pad, &self.measure(size))
                    })
                })
                .collect();
            let h = cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad;
            if self.y + h > PAGE_H - MB {
                self.new_page();
                draw_head(self);
            }
            let y = self.y;
            for (k, cell) in cells.iter().enumerate() {
                self.cell(cell, xs[k], widths[k], y + pad, size, num(k));
            }
            self.page().push(Op::Line {
                x1: ML,
                y1: y + h,
                x2: ML + CW,
                y2: y + h,
                width: 0.4,
                grey: 200,
            });
            self.y += h;
        }
        self.y += 8.0;
    }

    fn cell(&mut self, lines: &[Vec<Run>], x: f32, w: f32, top: f32, size: f32, right: bool) {
        let lh = size * 1.3;
        for (k, l) in lines.iter().enumerate() {
            let lw: f32 = l.iter().map(|r| self.m.width(&r.text, size)).sum();
            let lx = if right { x + w - 3.0 - lw } else { x + 3.0 };
            self.line(l, lx, top + k as f32 * lh + size, size);
        }
    }

    /// A chart of `(w, h)` user units, scaled to the text width.
    pub fn chart(&mut self, index: usize, size: Option<(f32, f32)>, caption: &str) {
        let Some((w, h)) = size.filter(|(w, h)| *w > 0.0 && *h > 0.0) else {
            self.note(&Rich::text(format!(
                "(Chart could not be drawn: {caption})"
            )));
            return;
        };
        let scale = (CW / w).min((PAGE_H - MT - MB - 30.0) / h);
        let (cw, ch) = (w * scale, h * scale);
        self.ensure(ch + 24.0);
        let y = self.y + 4.0;
        self.page().push(Op::Chart {
            x: ML + (CW - cw) / 2.0,
            y,
            w: cw,
            h: ch,
            chart: index,
        });
        self.y = y + ch + 2.0;
        self.para(&plain(caption, GREY), 8.0, 0.0, None, 8.0);
    }

    pub fn citations(&mut self, b: &Brief) {
        let l = b.lang;
        // The lists start a page of their own even when the sections flow.
        if self.flowing && self.y > MT + 1.0 {
            self.new_page();
        }
        self.heading(1, &tr(l, "brief-citations"));
        if b.citations.is_empty() {
            self.para(
                &plain(tr(l, "brief-citations-none"), REGULAR),
                9.5,
                0.0,
                None,
                4.0,
            );
        } else {
            self.para(
                &plain(tr(l, "brief-citations-intro"), REGULAR),
                9.0,
                0.0,
                None,
                6.0,
            );
        }
        for c in &b.citations {
            self.ensure(40.0);
            let mut head = plain(c.what.clone(), BOLD);
            head.push(Run {
                text: format!("{}{}", tr(l, "brief-colon"), c.value),
                style: REGULAR,
            });
            self.para(
                &head,
                8.5,
                30.0,
                Some((&Cite::Note(c.n).label(), CITE)),
                1.0,
            );
            for p in &c.passages {
                let mut r = Vec::new();
                if let Some(q) = &p.quote {
                    r.push(Run {
                        text: format!("“{q}” "),
                        style: REGULAR,
                    });
                }
                r.push(Run {
                    text: p.locator.clone(),
                    style: CITE,
                });
                self.para(&r, 8.0, 42.0, Some(("–", GREY)), 1.0);
            }
            if let Some(j) = &c.judgement {
                self.para(
                    &plain(
                        tr_args(l, "brief-analyst-judgement", &[("text", j.clone())]),
                        REGULAR,
                    ),
                    8.0,
                    42.0,
                    Some(("–", GREY)),
                    1.0,
                );
            }
            self.y += 4.0;
        }
        if !b.references.is_empty() {
            self.heading(1, &tr(l, "brief-references"));
            self.para(
                &plain(tr(l, "brief-references-intro"), REGULAR),
                9.0,
                0.0,
                None,
                6.0,
            );
            for r in &b.references {
                self.ensure(20.0);
                let mut runs = vec![
                    Run {
                        text: r.doc.clone(),
                        style: CITE,
                    },
                    Run {
                        text: format!(" — {}", r.text),
                        style: REGULAR,
                    },
                ];
                if let Some(u) = &r.url {
                    runs.push(Run {
                        text: format!(" {u}"),
                        style: GREY,
                    });
                }
                self.para(&runs, 8.5, 0.0, None, 4.0);
            }
        }
        self.heading(1, &tr(l, "brief-judgements"));
        if b.judgements.is_empty() {
            self.para(
                &plain(tr(l, "brief-judgements-none"), REGULAR),
                9.5,
                0.0,
                None,
                4.0,
            );
        } else {
            self.para(
                &plain(tr(l, "brief-judgements-intro"), REGULAR),
                9.0,
                0.0,
                None,
                6.0,
            );
        }
        for j in &b.judgements {
            self.ensure(30.0);
            let mut head = plain(j.what.clone(), BOLD);
            head.push(Run {
                text: format!("{}{}", tr(l, "brief-colon"), j.value),
                style: REGULAR,
            });
            self.para(
                &head,
                8.5,
                30.0,
                Some((&Cite::Judgement(j.n).label(), CITE)),
                1.0,
            );
            self.para(&plain(j.reasoning.clone(), REGULAR), 8.0, 30.0, None, 5.0);
        }
        if !b.unsourced.is_empty() {
            self.heading(2, &tr(l, "brief-unsourced"));
            let items: Vec<Rich> = b.unsourced.iter().map(|u| Rich::text(u.clone())).collect();
            self.bullets(&items);
        }
    }

    /// Lays out the whole briefing; `charts[k]` is the size of the k-th
    /// chart (`None` when it could not be parsed).
    pub fn brief(&mut self, b: &Brief, charts: &[Option<(f32, f32)>]) {
        self.flowing = b.flowing;
        self.title(&b.title, &b.subtitle);
        let mut k = 0;
        for blk in &b.blocks {
            match blk {
                Block::Heading { level, text, .. } => self.heading(*level, text),
                Block::Para(r) => self.para(&runs(r), 9.5, 0.0, None, 5.0),
                Block::Note(r) => self.note(r),
                Block::Bullets(items) => self.bullets(items),
                Block::Table(t) => self.table(t),
                Block::Chart(c) => {
                    self.chart(k, charts.get(k).copied().flatten(), &c.caption);
                    k += 1;
                }
                Block::PageBreak => self.new_page(),
            }
        }
        self.citations(b);
    }
}
