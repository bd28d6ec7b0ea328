//! Two runs' results side by side: each (issue, model) point forecast
//! before and after. `domei runs diff` and the workbench's comparison both
//! show this one list.

use crate::document::Document;
use domei_engines::ModelId;
use serde::Serialize;

/// One issue × model line of a comparison of run `a` (before) with run `b`
/// (after).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Issue id.
    pub issue: String,
    /// The issue's name (run `b`'s when both have the issue).
    pub issue_name: String,
    /// The model.
    pub model: ModelId,
    /// Its forecast in run `a`; `None` when `a` lacks it.
    pub before: Option<f64>,
    /// Its forecast in run `b`; `None` when `b` lacks it.
    pub after: Option<f64>,
    /// `after − before` when both exist.
    pub change: Option<f64>,
    /// The issue's scale (`b`'s when both have it), for printing.
    pub scale: (f64, f64),
}

/// Every (issue, model) of `b` with its point forecast in `a` beside it,
/// then those only `a` has. Issues are matched by id, so runs of two
/// scenarios compare too.
pub fn compare(a: &Document, b: &Document) -> Vec<Change> {
    let (pa, pb) = (a.points(), b.points());
    let name_of = |id: &str| {
        [b, a]
            .iter()
            .flat_map(|d| d.issue_names())
            .find(|(i, _)| *i == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.to_string())
    };
    let mut rows: Vec<Change> = pb
        .iter()
        .map(|p| {
            let before = pa
                .iter()
                .find(|x| x.issue == p.issue && x.model == p.model)
                .and_then(|x| x.value);
            Change {
                issue: p.issue.clone(),
                issue_name: name_of(&p.issue),
                model: p.model,
                before,
                after: p.value,
                change: before.zip(p.value).map(|(x, y)| y - x),
                scale: p.scale,
            }
        })
        .collect();
    for p in &pa {
        if !pb.iter().any(|x| x.issue == p.issue && x.model == p.model) {
            rows.push(Change {
                issue: p.issue.clone(),
                issue_name: name_of(&p.issue),
                model: p.model,
                before: p.value,
                after: None,
                change: None,
                scale: p.scale,
            });
        }
    }
    rows
}
