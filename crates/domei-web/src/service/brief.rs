//! A stored run's cited briefing (domei-brief), as HTML or PDF.

use super::{blocking, run_view};
use crate::error::WebError;
use crate::state::AppState;
use domei_runs::Reproduced;
use domei_store::RunId;
use std::sync::Arc;

/// The briefing of run `id`, as HTML or PDF.
pub async fn brief(st: &Arc<AppState>, id: RunId, pdf: bool) -> Result<Vec<u8>, WebError> {
    let v = run_view(st, id).await?;
    // The page's language (read here: the blocking task does not carry the
    // request's task-local) and, in Japanese, the scenario version's text
    // for its Japanese names.
    let lang = crate::lang::current();
    let text = match lang {
        domei_i18n::Lang::En => None,
        _ => Some(
            st.store
                .scenario_version(&v.run.info.scenario.id, Some(v.run.info.scenario.version))
                .await?
                .toml,
        ),
    };
    let st2 = st.clone();
    blocking(move || {
        // Titles and authors of non-seed documents from the corpus, when
        // it opens; the seeds' curated records otherwise.
        let docs: Vec<domei_brief::DocInfo> = st2
            .corpus
            .with(|c| Ok(c.documents()?))
            .map(doc_records)
            .unwrap_or_default();
        // Same values and ids as the run's scenario; only the texts differ.
        let shown = text.and_then(|t| {
            domei_scenario::from_toml_str_lang(
                std::path::Path::new(&v.run.info.scenario.id),
                &t,
                domei_scenario::Requirements::default(),
                lang,
            )
            .ok()
        });
        let mut inp = domei_brief::BriefInput::new(
            shown.as_ref().unwrap_or(&v.scenario),
            &v.outcome.forecast,
        );
        inp.lang = lang;
        inp.sim = v.outcome.sim.as_ref();
        inp.sensitivity = Some(&v.tornado);
        inp.docs = &docs;
        inp.headlines = v.headlines.clone();
        let histories = domei_runs::briefing::histories(&v.scenario, &v.outcome);
        inp.histories = &histories;
        inp.generated = Some(format!(
            "domei {} — run {} (scenario {} v{})",
            env!("CARGO_PKG_VERSION"),
            v.run.info.id,
            v.run.info.scenario.id,
            v.run.info.scenario.version
        ));
        if let Reproduced::Differs { stored_by } = &v.reproduced {
            inp.notes.push(format!(
                "This run was stored by domei {stored_by}; recomputed now, its point forecasts differ from the stored ones. The briefing shows the recomputed values."
            ));
        }
        let b = domei_brief::compose(&inp);
        if pdf {
            domei_brief::pdf(&b).map_err(|e| WebError::Internal(e.to_string()))
        } else {
            Ok(domei_brief::html(&b).into_bytes())
        }
    })
    .await
}

/// The bibliographic records a briefing cites from the corpus's document
/// list: every document but the seed papers, which keep their curated
/// built-in records (from the seeds' README). `domei brief` and the
/// workbench's briefing both use it.
pub fn doc_records(docs: Vec<domei_corpus::DocumentInfo>) -> Vec<domei_brief::DocInfo> {
    let seeds = domei_brief::seed_docs();
    docs.into_iter()
        .filter(|d| !seeds.iter().any(|s| s.id == d.id))
        .map(|d| domei_brief::DocInfo {
            id: d.id,
            title: d.meta.title.unwrap_or_default(),
            authors: d.meta.authors.join(", "),
            publisher: d.meta.publisher.unwrap_or_default(),
            date: d.meta.date.unwrap_or_default(),
            url: d.meta.url,
        })
        .collect()
}
