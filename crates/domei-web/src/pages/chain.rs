//! The decision chain and the engagement plan on the strategy page: their
//! forms (the part file's TOML in a text area, and the options `domei
//! events` and `domei plan` offer), problems shown beside the form with the
//! text kept, and the result sections of their run pages (the tables the
//! CLI prints). The numbers come from domei-runs' `parts` module, the
//! functions behind `domei events` and `domei plan`.

use super::{enc, field, fields, int_field, Pairs};
use crate::error::WebError;
use crate::service::chain;
use domei_i18n::{tr, tr_args};
use domei_runs::parts::{self, PartError};
use domei_runs::strategy::Analysis;
use domei_scenario::Scenario;
use maud::{html, Markup};

/// A problem to show beside a form: the line of the part file it concerns
/// (none for an option) and what is wrong.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The part file's line, 1-based; `None` for an option of the form.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// A form sent back with its problems: which one (`events` or `plan`), the
/// fields as given, and what is wrong.
#[derive(Debug, Clone)]
pub struct Kept {
    /// `events` or `plan`.
    pub kind: String,
    /// The form's fields as sent.
    pub pairs: Pairs,
    /// What is wrong, in the file's order.
    pub problems: Vec<Problem>,
}

impl Kept {
    fn get(&self, kind: &str, key: &str) -> Option<String> {
        (self.kind == kind)
            .then(|| field(&self.pairs, key).map(str::to_string))
            .flatten()
    }
}

/// The problems of a part that cannot run, each located where it can be.
pub fn problems(e: &PartError) -> Vec<Problem> {
    match e {
        PartError::File(d) => {
            d.0.iter()
                .map(|d| Problem {
                    line: Some(d.loc.line),
                    message: d.message.clone(),
                    help: d.help.clone(),
                })
                .collect()
        }
        other => vec![Problem {
            line: None,
            message: other.to_string(),
            help: None,
        }],
    }
}

fn lines(p: &Pairs, key: &str) -> Vec<String> {
    fields(p, key)
        .into_iter()
        .flat_map(|v| v.lines())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The analysis a decision-chain or plan form asks for.
pub fn analysis(p: &Pairs, kind: &str) -> Result<Analysis, WebError> {
    let text = field(p, "text").unwrap_or("").replace("\r\n", "\n");
    let seed = int_field(p, "seed")?.unwrap_or(1);
    if kind == "events" {
        Ok(Analysis::Events {
            text,
            draws: int_field(p, "draws")?.unwrap_or(1000),
            seed,
            paths: int_field(p, "paths")?.unwrap_or(5),
            given: lines(p, "given"),
            edits: lines(p, "edits"),
        })
    } else {
        Ok(Analysis::Plan {
            text,
            draws: int_field(p, "draws")?.unwrap_or(200),
            seed,
            model: field(p, "model")
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .unwrap_or("all")
                .to_string(),
            for_actor: field(p, "for")
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string),
            include_done: field(p, "include_done").is_some(),
        })
    }
}

/// Checks a decision chain or plan against the scenario as the analysis
/// will read it (file, options), without computing it.
pub fn check(s: &Scenario, a: &Analysis) -> Result<(), PartError> {
    match a {
        Analysis::Events {
            text,
            draws,
            seed,
            paths,
            given,
            edits,
        } => parts::check_events(
            s,
            &parts::EventsInput {
                path: std::path::Path::new(parts::EVENTS_FILE),
                text,
                draws: *draws,
                seed: *seed,
                paths: *paths,
                given,
                edits,
            },
        ),
        Analysis::Plan {
            text,
            draws,
            seed,
            model,
            for_actor,
            include_done,
        } => parts::check_plan(
            s,
            &parts::PlanInput {
                path: std::path::Path::new(parts::PLAN_FILE),
                text,
                draws: *draws,
                seed: *seed,
                model,
                for_actor: for_actor.as_deref(),
                include_done: *include_done,
            },
        ),
        _ => Ok(()),
    }
}

fn problem_list(kept: Option<&Kept>, kind: &str) -> Markup {
    let l = crate::lang::current();
    let Some(k) = kept.filter(|k| k.kind == kind) else {
        return html! {};
    };
    let file = if kind == "plan" {
        parts::PLAN_FILE
    } else {
        parts::EVENTS_FILE
    };
    html! {
        ul.problems role="alert" data-testid={ (kind) "-problems" } {
            @for p in &k.problems {
                li data-line=[p.line] {
                    @if let Some(line) = p.line {
                        strong { (tr_args(l, "web-chain-at-line", &[("file", file.to_string()), ("line", line.to_string())])) } " "
                    }
                    (p.message)
                    @if let Some(h) = &p.help { br; small { (h) } }
                }
            }
        }
    }
}

/// The two forms: the decision chain and the engagement plan, each with
/// its part file's TOML (`events`, `plan`: the text to start from) and
/// the CLI's options; a form sent back keeps its fields and shows its
/// problems beside it.
pub fn forms(
    s: &Scenario,
    ver: i64,
    events: Option<&str>,
    plan: Option<&str>,
    kept: Option<&Kept>,
) -> Markup {
    let l = crate::lang::current();
    let action = format!("/scenarios/{}/strategy", enc(&s.id));
    let kept_or = |kind: &str, key: &str, d: &str| {
        kept.and_then(|k| k.get(kind, key))
            .unwrap_or_else(|| d.to_string())
    };
    let ev_text = kept_or("events", "text", events.unwrap_or(""));
    let plan_text = kept_or("plan", "text", plan.unwrap_or(""));
    html! {
        form.strategy method="post" action=(action) data-testid="events-form" id="events" {
            input type="hidden" name="version" value=(ver);
            input type="hidden" name="analysis" value="events";
            fieldset {
                legend { (tr(l, "web-chain-events")) }
                p.help { (tr(l, "web-chain-events-help")) }
                (problem_list(kept, "events"))
                label.wide { "events.toml" br;
                    textarea name="text" rows="14" cols="80" spellcheck="false" data-testid="events-text" { (ev_text) }
                }
                label { (tr(l, "web-chain-draws")) " " input type="number" name="draws" value=(kept_or("events", "draws", "1000")) min="1" max=(parts::MAX_EVENTS_DRAWS) data-testid="events-draws"; }
                label { (tr(l, "web-chain-seed")) " " input type="number" name="seed" value=(kept_or("events", "seed", "1")) min="0"; }
                label { (tr(l, "web-chain-paths")) " " input type="number" name="paths" value=(kept_or("events", "paths", "5")) min="1" max=(parts::MAX_PATHS); }
                label.wide { (tr(l, "web-chain-given")) br;
                    textarea name="given" rows="2" cols="40" placeholder="taiwan-crisis=yes" { (kept_or("events", "given", "")) }
                }
                label.wide { (tr(l, "web-st-edits")) br;
                    textarea name="edits" rows="2" cols="60" placeholder="us-admin.us-tariff-japan.salience=0.5" { (kept_or("events", "edits", "")) }
                }
                button type="submit" data-testid="run-events" { (tr(l, "web-chain-run-events")) }
            }
        }
        form.strategy method="post" action=(action) data-testid="plan-form" id="plan" {
            input type="hidden" name="version" value=(ver);
            input type="hidden" name="analysis" value="plan";
            fieldset {
                legend { (tr(l, "web-chain-plan")) }
                p.help { (tr(l, "web-chain-plan-help")) }
                (problem_list(kept, "plan"))
                label.wide { "plan.toml" br;
                    textarea name="text" rows="14" cols="80" spellcheck="false" data-testid="plan-text" { (plan_text) }
                }
                label { (tr(l, "web-chain-draws")) " " input type="number" name="draws" value=(kept_or("plan", "draws", "200")) min="1" max=(parts::MAX_PLAN_DRAWS); }
                label { (tr(l, "web-chain-seed")) " " input type="number" name="seed" value=(kept_or("plan", "seed", "1")) min="0"; }
                label { (tr(l, "web-st-model")) " "
                    select name="model" {
                        @let chosen = kept_or("plan", "model", "all");
                        option value="all" selected[chosen == "all"] { (tr(l, "web-chain-median-of-models")) }
                        @for m in domei_engines::ModelId::ALL { option value=(m.as_str()) selected[chosen == m.as_str()] { (m.as_str()) } }
                    }
                }
                label { (tr(l, "web-chain-for")) " "
                    select name="for" {
                        @let chosen = kept_or("plan", "for", "");
                        option value="" { (tr(l, "web-chain-for-default")) }
                        @for a in &s.actors { option value=(a.id) selected[chosen == a.id] { (a.name) } }
                    }
                }
                label { input type="checkbox" name="include_done" value="1" checked[kept.is_some_and(|k| k.get("plan", "include_done").is_some())]; " " (tr(l, "web-chain-include-done")) }
                button type="submit" data-testid="run-plan" { (tr(l, "web-chain-run-plan")) }
            }
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The result section of a decision-chain run.
pub fn events_view(what_if: &[String], a: &domei_events::Analysis) -> Markup {
    let l = crate::lang::current();
    html! {
        p.meta { (tr_args(l, "web-chain-events-meta", &[("draws", a.draws.to_string()), ("seed", a.seed.to_string())])) }
        @if !what_if.is_empty() { ul data-testid="events-what-if" { @for w in what_if { li { code { (w) } } } } }
        @if !a.given.is_empty() { p { (tr(l, "web-chain-given")) ": " code { (a.given.join(", ")) } " (p = " (pct(a.p_given)) ")" } }
        h2 { (tr(l, "web-chain-links")) }
        table.list data-testid="events-links" {
            thead { tr { th { (tr(l, "web-issue")) } th { (tr(l, "web-st-model")) } th.num { (tr(l, "web-st-base")) } th.num { "p10" } th.num { "p90" } } }
            tbody { @for k in &a.links {
                tr data-issue=(k.issue) {
                    td { (k.issue) } td { (String::from(k.model)) }
                    td.num data-testid="link-forecast" { (format!("{:.2}", k.forecast)) }
                    td.num { (k.mc.map(|m| format!("{:.2}", m.p10)).unwrap_or_default()) }
                    td.num { (k.mc.map(|m| format!("{:.2}", m.p90)).unwrap_or_default()) }
                }
            } }
        }
        h2 { (tr(l, "web-chain-outcomes")) }
        table.list data-testid="events-outcomes" {
            thead { tr { th { (tr(l, "web-chain-node")) } th { (tr(l, "web-chain-outcome")) } th.num { "p" } th.num { "p10" } th.num { "p90" } } }
            tbody { @for n in &a.nodes { @for o in &n.outcomes {
                tr data-node=(n.id) class=[n.result.then_some("result")] {
                    td { (n.name) " " small { "(" (chain::kind(n.kind)) ")" } }
                    td { (o.outcome) }
                    td.num { (pct(o.p)) }
                    td.num { (o.mc.map(|m| pct(m.p10)).unwrap_or_default()) }
                    td.num { (o.mc.map(|m| pct(m.p90)).unwrap_or_default()) }
                }
            } } }
        }
        h2 { (tr(l, "web-chain-paths-title")) }
        table.list data-testid="events-paths" {
            thead { tr { th.num { "#" } th.num { "p" } th { (tr(l, "web-chain-path")) } } }
            tbody { @for (i, p) in a.paths.iter().enumerate() {
                tr { td.num { (i + 1) } td.num { (pct(p.p)) } td { (chain::path_text(p)) } }
            } }
        }
        h2 { (tr(l, "web-chain-swing")) }
        table.list data-testid="events-swing" {
            thead { tr { th { (tr(l, "web-chain-input")) } th.num { (tr(l, "web-st-swing")) } } }
            tbody { @for w in &a.swing { tr { td { (w.input) } td.num { (pct(w.max_swing)) } } } }
        }
    }
}

/// The result section of an engagement-plan run.
pub fn plan_view(r: &domei_plan::Ranking) -> Markup {
    let l = crate::lang::current();
    html! {
        p.meta { (tr_args(l, "web-chain-plan-meta", &[("for", r.for_actor.clone()), ("model", String::from(r.model)), ("gap", format!("{:.3}", r.gap_before))])) }
        table.list data-testid="plan-actions" {
            thead { tr {
                th.num { "#" } th { (tr(l, "web-chain-action")) } th { (tr(l, "web-chain-target")) } th { (tr(l, "web-chain-status")) }
                th.num { (tr(l, "web-chain-gain")) } th.num { "p10" } th.num { "p90" } th.num { (tr(l, "web-chain-marginal")) }
            } }
            tbody { @for a in &r.actions {
                tr data-action=(a.id) class=[a.combined.then_some("combined")] {
                    td.num { (a.rank) } td { (a.title) br; small { code { (a.id) } " · " (a.issues.join(", ")) } }
                    td { (a.target) } td { (a.status.as_str()) }
                    td.num { (format!("{:.3}", a.gain)) " " small { "(" (format!("{:.1}", a.gain_pct)) "%)" } }
                    td.num { (format!("{:.3}", a.mc.p10)) } td.num { (format!("{:.3}", a.mc.p90)) }
                    td.num { (a.marginal.map(|m| format!("{:.3}", m)).unwrap_or_default()) }
                }
            } }
        }
        @if !r.dropped.is_empty() { p.help { (tr(l, "web-chain-dropped")) ": " (r.dropped.join(", ")) } }
        h2 { (tr(l, "web-chain-combined")) }
        p data-testid="plan-combined" { (tr_args(l, "web-chain-combined-line", &[("n", r.combined.actions.len().to_string()), ("gain", format!("{:.3}", r.combined.gain)), ("pct", format!("{:.1}", r.combined.gain_pct)), ("interaction", format!("{:+.3}", r.combined.interaction))])) }
        table.list data-testid="plan-moves" {
            thead { tr { th { (tr(l, "web-issue")) } th.num { (tr(l, "web-st-before")) } th.num { (tr(l, "web-st-after")) } th.num { (tr(l, "web-chain-goal")) } } }
            tbody { @for m in &r.combined.moves {
                tr data-issue=(m.issue) { td { (m.issue) } td.num data-testid="move-before" { (format!("{:.2}", m.before)) } td.num { (format!("{:.2}", m.after)) } td.num { (format!("{:.2}", m.goal)) } }
            } }
        }
    }
}
