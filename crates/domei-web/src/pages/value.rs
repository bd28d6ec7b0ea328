//! One value's page: the value, its range and judgement, the evidence panel
//! (each cited passage quoted in full from the corpus, the quote marked),
//! the edit form, and a corpus search whose hits can be attached as
//! evidence.

use super::layout::page;
use super::{enc, field, fields, int_field, num, number_field, passage_href, Pairs};
use crate::edit::{EvidenceIn, Target, ValueEdit};
use crate::error::{PageResult, WebError};
use crate::service::{self, PassageView};
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::Form;
use domei_i18n::{tr, tr_args};
use domei_scenario::{EvidenceRef, Scenario, Value};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

/// Query string of the value page: the value's `path`, the `version`, and a corpus query `q`.
#[derive(Deserialize)]
pub struct ValueQ {
    path: String,
    version: Option<i64>,
    q: Option<String>,
    saved: Option<i64>,
}

/// The name of the value's field (position, salience…) in `l`.
fn field_label(t: &Target, l: domei_i18n::Lang) -> String {
    tr(
        l,
        match t {
            Target::Capability { .. } => "web-value-field-capability",
            Target::StatusQuo { .. } => "web-value-field-status-quo",
            Target::Position { .. } => "web-value-field-position",
            Target::Salience { .. } => "web-value-field-salience",
        },
    )
}

/// A reference's support (states, implies…) as a label in `l`; the id
/// stays in the page's `data-support`.
fn support_label(s: domei_scenario::Support, l: domei_i18n::Lang) -> String {
    tr(l, &format!("web-support-{}", s.name()))
}

/// A reference's voice (actor, observer…) as a label in `l`.
fn voice_label(v: domei_scenario::Voice, l: domei_i18n::Lang) -> String {
    tr(l, &format!("web-voice-{}", v.name()))
}

/// `Government of Japan · Japan's defense spending commitment · salience`
/// (the field's name in `l`; the names as `s` gives them).
fn title(s: &Scenario, t: &Target, l: domei_i18n::Lang) -> String {
    let actor = |a: &str| {
        s.actor_index(a)
            .map_or(a.to_string(), |i| s.actors[i].name.clone())
    };
    let issue = |i: &str| {
        s.issue_index(i)
            .map_or(i.to_string(), |k| s.issues[k].name.clone())
    };
    let f = field_label(t, l);
    match t {
        Target::Capability { actor: a } => format!("{} · {f}", actor(a)),
        Target::StatusQuo { issue: i } => format!("{} · {f}", issue(i)),
        Target::Position { actor: a, issue: i } | Target::Salience { actor: a, issue: i } => {
            format!("{} · {} · {f}", actor(a), issue(i))
        }
    }
}

/// The value `t` names in `s` (`None`: a status quo not given yet).
fn find<'s>(s: &'s Scenario, t: &Target) -> Result<Option<&'s Value>, WebError> {
    let actor = |a: &str| {
        s.actor_index(a)
            .ok_or_else(|| WebError::NotFound(format!("no actor {a:?} in {}", s.id)))
    };
    let issue = |i: &str| {
        s.issue_index(i)
            .ok_or_else(|| WebError::NotFound(format!("no issue {i:?} in {}", s.id)))
    };
    let stance = |a: &str, i: &str| {
        let (ai, ii) = (actor(a)?, issue(i)?);
        s.stance(ai, ii)
            .ok_or_else(|| WebError::NotFound(format!("{a} has no stance on {i}")))
    };
    Ok(match t {
        Target::Capability { actor: a } => Some(&s.actors[actor(a)?].capability),
        Target::StatusQuo { issue: i } => s.issues[issue(i)?].status_quo.as_ref(),
        Target::Position { actor: a, issue: i } => Some(&stance(a, i)?.position),
        Target::Salience { actor: a, issue: i } => Some(&stance(a, i)?.salience),
    })
}

/// `text` with the first occurrence of `quote` marked (exact match only;
/// otherwise the text unmarked). Both are escaped.
fn marked(text: &str, quote: Option<&str>) -> Markup {
    let at = quote
        .filter(|q| !q.is_empty())
        .and_then(|q| text.find(q).map(|i| (i, i + q.len())));
    match at {
        Some((a, b)) => html! { (text[..a]) mark { (text[a..b]) } (text[b..]) },
        None => html! { (text) },
    }
}

/// `GET /scenarios/{id}/value`: one value with its evidence, and a corpus search to cite from.
pub async fn view(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ValueQ>,
) -> PageResult<Markup> {
    render(&st, &id, q, None).await
}

/// A form that was not saved: which (`edit`, or `attach` of a passage),
/// what the user typed, and the problems.
struct Kept {
    form: String,
    values: Pairs,
    errors: Vec<service::FieldError>,
}

impl Kept {
    /// What the user typed in `name` when `form` is the kept one.
    fn val(k: Option<&Kept>, form: &str, name: &str) -> Option<String> {
        k.filter(|k| k.form == form)
            .map(|k| field(&k.values, name).unwrap_or_default().to_string())
    }

    fn errors(k: Option<&Kept>, form: &str) -> Markup {
        html! {
            @if let Some(k) = k.filter(|k| k.form == form) {
                @for e in &k.errors { (super::build::problem(e, "value")) }
            }
        }
    }
}

/// The page again with the form kept and its problems beside it (422).
async fn again(st: &Shared, id: &str, q: ValueQ, k: Kept) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let page = render(st, id, q, Some(&k)).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn render(st: &Shared, id: &str, q: ValueQ, kept: Option<&Kept>) -> PageResult<Markup> {
    let (st, id) = (st.clone(), id.to_string());
    let t = Target::parse(&q.path)?;
    let v = service::scenario(&st, &id, q.version).await?;
    let value = find(&v.scenario, &t)?.cloned();
    let ver = v.version.info.version;
    // The evidence panel: every cited passage, resolved in the corpus.
    let mut panel: Vec<(EvidenceRef, Result<PassageView, WebError>)> = Vec::new();
    for e in value.iter().flat_map(|x| x.evidence.iter()) {
        let c = e.passage();
        panel.push((e.clone(), service::passage(&st, &c).await));
    }
    let query = q.q.clone().unwrap_or_default();
    let hits = match query.trim() {
        "" => None,
        qs => Some(service::search(&st, qs, 8).await),
    };
    let path = t.path();
    let old = ver != v.latest;
    let l = crate::lang::current();
    // The scenario's names in the page's language (same values and ids).
    let shown = match l {
        domei_i18n::Lang::En => None,
        _ => domei_scenario::from_toml_str_lang(
            std::path::Path::new(&id),
            &v.version.toml,
            domei_scenario::Requirements::default(),
            l,
        )
        .ok(),
    };
    let names = shown.as_ref().unwrap_or(&v.scenario);
    let field_name = field_label(&t, l);
    // The judgement as the page's language gives it (the edit form keeps
    // the text as written).
    let judgement_shown = find(names, &t)
        .ok()
        .flatten()
        .and_then(|x| x.judgement.clone());
    Ok(page(
        &path,
        html! {
            p.crumbs { a href={ "/scenarios/" (enc(&id)) "?version=" (ver) } { (names.name) } " › " (path) }
            h1 data-testid="value-title" { (title(names, &t, l)) }
            p.meta { code { (path) } }
            @if let Some(n) = q.saved { p.notice role="status" data-testid="saved" { (tr_args(l, "web-value-saved-as", &[("version", n.to_string())])) } }
            @if old { p.warning { (tr_args(l, "web-value-not-latest", &[("version", ver.to_string()), ("latest", v.latest.to_string())])) " " a href={ "/scenarios/" (enc(&id)) "/value?path=" (enc(&path)) } { (tr(l, "web-value-edit-latest")) } } }
            @match &value {
                Some(x) => {
                    p.big data-testid="current" { (field_name) ": " strong { (num(x.value)) } @if let Some((lo, hi)) = x.range { " " (tr_args(l, "web-value-range", &[("low", num(lo)), ("high", num(hi))])) } }
                    @if let Some(j) = judgement_shown.as_ref().or(x.judgement.as_ref()) { div.judgement { h2 { (tr(l, "web-value-judgement")) } p { (j) } } }
                },
                None => p { (tr_args(l, "web-value-not-given", &[("field", field_name.clone())])) },
            }
            section.evidence data-testid="evidence" {
                h2 { (tr(l, "web-nav-evidence")) }
                @if panel.is_empty() { p { (tr(l, "web-value-no-passage")) } }
                @if let Some(x) = &value {
                    p.help data-testid="value-strength" data-strength=(x.strength().name()) { (tr_args(l, "web-value-strength", &[("strength", super::scenarios::strength_label(x.strength()))])) }
                }
                @for (i, (e, res)) in panel.iter().enumerate() {
                    @let c = e.passage();
                    @let quote = &e.quote;
                    article class={ "passage" @if e.needs_review { " needs-review" } } data-citation=(c) data-review=[e.needs_review.then_some("needed")] {
                        h3 { "[" (i + 1) "] " a href=(passage_href(&c)) { (c) } }
                        p.meta data-support=(e.support.name()) data-voice=(e.voice.name()) { (tr(l, "web-value-support")) " " (support_label(e.support, l)) " · " (tr(l, "web-value-voice")) " " (voice_label(e.voice, l)) }
                        @if e.needs_review {
                            p.review-flag data-testid="needs-review" { (tr(l, "web-value-review-flag")) }
                        }
                        @if let Some(q) = quote { blockquote.quote { "“" (q) "”" } }
                        // A reader's translation, in Japanese pages only:
                        // marked as such; the quote above is what is verified.
                        @if let (domei_i18n::Lang::Ja, Some(t)) = (l, &e.quote_ja) {
                            p.quote-translation data-testid="quote-translation" lang="ja" { span.tag { (tr(l, "web-quote-translation")) } " " (t) }
                        }
                        @match res {
                            Ok(p) => {
                                p.ref { (p.reference) }
                                p.text data-testid="passage-text" { (marked(&p.text, quote.as_deref())) }
                            },
                            Err(e) => p.warning { (tr(l, "web-value-passage-error")) " " (e.to_string()) },
                        }
                    }
                }
            }
            @if !old { (edit_form(&id, ver, &t, value.as_ref(), scale_of(&v.scenario, &t), kept)) }
            section.search {
                h2 { (tr(l, "web-value-find-evidence")) }
                form method="get" action={ "/scenarios/" (enc(&id)) "/value" } {
                    input type="hidden" name="path" value=(path);
                    input type="search" name="q" value=(query) placeholder=(tr(l, "web-value-search-placeholder")) aria-label=(tr(l, "web-value-search-label"));
                    button type="submit" { (tr(l, "web-value-search")) }
                }
                @match &hits {
                    None => {},
                    Some(Err(e)) => p.warning { (e.to_string()) },
                    Some(Ok(r)) => {
                        @if !r.expansions.is_empty() { p.help { (tr_args(l, "web-value-also-searched", &[("terms", r.expansions.join(", "))])) } }
                        @if r.hits.is_empty() { p { (tr(l, "web-value-no-match")) } }
                        ol.hits data-testid="hits" {
                            @for h in &r.hits {
                                li {
                                    a href=(passage_href(&h.passage)) { (h.passage) }
                                    " " small { (h.title.clone().unwrap_or_default()) }
                                    p.snippet { (PreEscaped(highlight(&h.snippet, &h.highlights))) }
                                    @if !old {
                                        form.attach method="post" action={ "/scenarios/" (enc(&id)) "/evidence" } {
                                            input type="hidden" name="path" value=(path);
                                            input type="hidden" name="passage" value=(h.passage);
                                            input type="hidden" name="base_version" value=(ver);
                                            input type="hidden" name="q" value=(query);
                                            @let form = format!("attach {}", h.passage);
                                            (Kept::errors(kept, &form))
                                            label { (tr(l, "web-value-quote")) " " textarea name="quote" rows="2" cols="70" { (Kept::val(kept, &form, "quote").unwrap_or_else(|| quote_of(&h.snippet))) } }
                                            button type="submit" { (tr(l, "web-value-attach")) }
                                        }
                                    }
                                }
                            }
                        }
                    },
                }
            }
        },
    ))
}

/// A snippet with its matches in `<mark>`, every piece escaped.
fn highlight(snippet: &str, spans: &[(usize, usize)]) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    let esc = |s: &str| maud::html! { (s) }.into_string();
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in spans {
        let (a, b) = (a.min(chars.len()), b.min(chars.len()));
        if a < at || b < a {
            continue;
        }
        out.push_str(&esc(&chars[at..a].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&esc(&chars[a..b].iter().collect::<String>()));
        out.push_str("</mark>");
        at = b;
    }
    out.push_str(&esc(&chars[at..].iter().collect::<String>()));
    out
}

/// A verbatim quote to suggest from a snippet: without the ellipses that
/// mark where it was cut.
fn quote_of(snippet: &str) -> String {
    snippet
        .trim()
        .trim_start_matches(['…', '.'])
        .trim_end_matches('…')
        .trim()
        .to_string()
}

/// The scale of the issue a position or status quo lies on.
fn scale_of(s: &Scenario, t: &Target) -> Option<(String, String)> {
    let issue = match t {
        Target::Position { issue, .. } | Target::StatusQuo { issue } => issue,
        _ => return None,
    };
    s.issue_index(issue)
        .map(|i| (num(s.issues[i].min), num(s.issues[i].max)))
}

fn edit_form(
    id: &str,
    ver: i64,
    t: &Target,
    v: Option<&Value>,
    scale: Option<(String, String)>,
    kept: Option<&Kept>,
) -> Markup {
    let typed = |name: &str, default: String| Kept::val(kept, "edit", name).unwrap_or(default);
    let l = crate::lang::current();
    let path = t.path();
    let (low, high) = match v.and_then(|x| x.range) {
        Some((l, h)) => (num(l), num(h)),
        None => (String::new(), String::new()),
    };
    // Browser-side bounds: salience 0–1, capability above 0, positions and
    // status quos on the issue's scale (the server validates every value
    // anyway).
    let (min, max, hint) = match t {
        Target::Salience { .. } => (Some("0"), Some("1"), "web-value-hint-salience"),
        Target::Capability { .. } => (Some("0"), None, "web-value-hint-capability"),
        _ => (
            scale.as_ref().map(|(l, _)| l.as_str()),
            scale.as_ref().map(|(_, h)| h.as_str()),
            "web-value-hint-position",
        ),
    };
    html! {
        section.edit {
            h2 { (tr(l, "web-value-edit")) }
            form method="post" action={ "/scenarios/" (enc(id)) "/value" } data-testid="edit-form" {
                input type="hidden" name="path" value=(path);
                input type="hidden" name="base_version" value=(ver);
                p.help { (tr(l, hint)) " " (tr(l, "web-value-hint-point")) }
                label { (tr(l, "web-value-value")) " " input type="number" step="any" min=[min] max=[max] name="value" value=(typed("value", v.map(|x| num(x.value)).unwrap_or_default())) required; }
                label { (tr(l, "web-value-low")) " " input type="number" step="any" min=[min] max=[max] name="low" value=(typed("low", low)); }
                label { (tr(l, "web-value-high")) " " input type="number" step="any" min=[min] max=[max] name="high" value=(typed("high", high)); }
                (Kept::errors(kept, "edit"))
                label.wide { (tr(l, "web-value-judgement-why")) " " textarea name="judgement" rows="3" cols="70" { (typed("judgement", v.and_then(|x| x.judgement.clone()).unwrap_or_default())) } }
                @if let Some(x) = v {
                    @if x.evidence.iter().any(|e| e.needs_review) {
                        fieldset data-testid="confirm" { legend { (tr(l, "web-value-confirm")) }
                            @for (i, e) in x.evidence.iter().enumerate() {
                                @if e.needs_review {
                                    label { input type="checkbox" name="confirm_evidence" value=(i); " [" (i + 1) "] " (e.passage()) }
                                }
                            }
                        }
                    }
                    @if !x.evidence.is_empty() {
                        fieldset { legend { (tr(l, "web-value-remove")) }
                            @for (i, e) in x.evidence.iter().enumerate() {
                                label { input type="checkbox" name="remove_evidence" value=(i); " [" (i + 1) "] " (e.passage()) }
                            }
                        }
                        p.help { (tr(l, "web-value-review-help")) }
                    }
                }
                label.wide { (tr(l, "web-value-message")) " " input type="text" name="message" size="60" placeholder=(tr(l, "web-value-message-placeholder")); }
                button type="submit" data-testid="save" { (tr(l, "web-value-save")) }
            }
        }
    }
}

/// The edit a form describes: every field as given (empty low/high clear
/// the range).
fn edit_of(p: &Pairs, old: Option<&Value>) -> Result<ValueEdit, WebError> {
    let value = number_field(p, "value")?;
    let (low, high) = (number_field(p, "low")?, number_field(p, "high")?);
    let had_range = old.and_then(|x| x.range).is_some();
    let (low, high, clear_range) = match (low, high) {
        (None, None) => (None, None, had_range),
        (Some(l), Some(h)) => (Some(l), Some(h), false),
        _ => {
            return Err(WebError::BadRequest(
                "give both low and high, or neither".into(),
            ))
        }
    };
    let judgement = field(p, "judgement").map(|j| j.replace("\r\n", "\n"));
    let judgement = match (judgement, old.and_then(|x| x.judgement.as_deref())) {
        (Some(j), Some(o)) if j.trim() == o.trim() => None,
        (Some(j), None) if j.trim().is_empty() => None,
        (j, _) => j,
    };
    let indices = |name: &str| {
        fields(p, name)
            .iter()
            .map(|i| {
                i.parse::<usize>()
                    .map_err(|_| WebError::BadRequest(format!("{name}: {i:?}")))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let remove_evidence = indices("remove_evidence")?;
    let confirm_evidence = indices("confirm_evidence")?;
    Ok(ValueEdit {
        value,
        low,
        high,
        clear_range,
        judgement,
        remove_evidence,
        add_evidence: Vec::new(),
        confirm_evidence,
    })
}

/// `POST /scenarios/{id}/value`: saves an edited value as a new version.
pub async fn save(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Form(p): Form<Pairs>,
) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let path = field(&p, "path").unwrap_or_default().to_string();
    let base: Option<i64> = int_field(&p, "base_version")?;
    let cur = service::scenario(&st, &id, base).await?;
    let old = find(&cur.scenario, &Target::parse(&path)?)?.cloned();
    let edit = edit_of(&p, old.as_ref())?;
    let message = field(&p, "message").map(str::to_string);
    let who = service::who(&st, &headers).await;
    match service::edit_value(&st, &id, base, &path, edit, message, Some(&who)).await {
        Ok(saved) => Ok(Redirect::to(&format!(
            "/scenarios/{}?saved={}",
            enc(&id),
            saved.scenario.version
        ))
        .into_response()),
        Err(WebError::Fields(errors)) => {
            let q = ValueQ {
                path,
                version: base,
                q: None,
                saved: None,
            };
            let k = Kept {
                form: "edit".into(),
                values: p,
                errors,
            };
            again(&st, &id, q, k).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /scenarios/{id}/evidence`: cites a passage for a value.
pub async fn attach(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Form(p): Form<Pairs>,
) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let path = field(&p, "path").unwrap_or_default().to_string();
    let ev = EvidenceIn {
        passage: field(&p, "passage").unwrap_or_default().trim().to_string(),
        quote: field(&p, "quote").map(|q| q.replace("\r\n", "\n")),
    };
    let base: Option<i64> = int_field(&p, "base_version")?;
    let form = format!("attach {}", ev.passage);
    match service::attach(&st, &id, base, &path, ev).await {
        Ok(saved) => Ok(Redirect::to(&format!(
            "/scenarios/{}/value?path={}&saved={}",
            enc(&id),
            enc(&path),
            saved.scenario.version
        ))
        .into_response()),
        Err(WebError::Fields(errors)) => {
            let q = ValueQ {
                path,
                version: base,
                q: field(&p, "q").map(str::to_string),
                saved: None,
            };
            let k = Kept {
                form,
                values: p,
                errors,
            };
            again(&st, &id, q, k).await
        }
        Err(e) => Err(e.into()),
    }
}
