//! Downloads and labels of a run: one chart as SVG or PNG (drawn on the
//! server by domei-brief's `png`, with the briefing's bundled font), and a
//! run's name and note (kept in the store beside the run).

use super::blocking;
use crate::error::WebError;
use crate::state::AppState;
use domei_store::{RunId, RunLabel};

/// A chart's download format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Scalable vector graphics, as drawn.
    Svg,
    /// A raster image of the SVG.
    Png,
}

impl ChartFormat {
    /// The format of a file extension (`svg`, `png`); `None` for any other.
    pub fn parse(ext: &str) -> Option<ChartFormat> {
        match ext {
            "svg" => Some(ChartFormat::Svg),
            "png" => Some(ChartFormat::Png),
            _ => None,
        }
    }

    /// Its file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }

    /// The MIME type to serve it with.
    pub fn content_type(self) -> &'static str {
        match self {
            ChartFormat::Svg => "image/svg+xml",
            ChartFormat::Png => "image/png",
        }
    }
}

/// Chart `chart` of run `id` in `format`: the SVG the page shows (as a
/// standalone file), or that SVG drawn at twice its size as PNG.
pub async fn chart_file(
    st: &AppState,
    id: RunId,
    chart: &str,
    format: ChartFormat,
) -> Result<Vec<u8>, WebError> {
    let info = st.store.get_run(id).await?.info;
    let charts = if domei_runs::strategy::is_strategy(&info.kind) {
        super::strategy::charts(&super::strategy_view(st, id).await?)
    } else {
        super::run_view(st, id).await?.charts.clone()
    };
    let svg = charts
        .into_iter()
        .find(|c| c.id == chart)
        .ok_or_else(|| WebError::NotFound(format!("run {id} has no chart {chart:?}")))?
        .svg;
    chart_bytes(svg, format).await
}

/// A chart's SVG as a file in `format`: the SVG standalone, or drawn at
/// twice its size as PNG (with the briefing's bundled font).
pub async fn chart_bytes(svg: String, format: ChartFormat) -> Result<Vec<u8>, WebError> {
    match format {
        ChartFormat::Svg => {
            Ok(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}").into_bytes())
        }
        ChartFormat::Png => {
            blocking(move || {
                domei_brief::png::png(&svg, 2.0).map_err(|e| WebError::Internal(e.to_string()))
            })
            .await
        }
    }
}

/// Names run `id` and notes on it (empty clears; both empty removes the
/// label). 422 for a name over 200 or a note over 10,000 characters.
pub async fn set_label(
    st: &AppState,
    id: RunId,
    name: Option<&str>,
    note: Option<&str>,
) -> Result<Option<RunLabel>, WebError> {
    use domei_store::labels::{MAX_NAME, MAX_NOTE};
    for (what, text, max) in [("name", name, MAX_NAME), ("note", note, MAX_NOTE)] {
        let n = text.map_or(0, |t| t.trim().chars().count());
        if n > max {
            return Err(WebError::Invalid(format!(
                "the run's {what} has {n} characters; at most {max}"
            )));
        }
    }
    Ok(st.store.set_run_label(id, name, note).await?)
}
