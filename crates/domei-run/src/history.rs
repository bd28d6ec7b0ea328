//! Why each actor moved: the round-by-round history of one issue under one
//! iterative model (BDM, SMP, exchange), built from the engines' own
//! traces — BDM's accepted offers, SMP's adopted bargains, the exchanges
//! executed. The one owner of this account: `domei history`, `forecast
//! --explain`'s table, the workbench's history page and the briefing all
//! read a [`History`].
//!
//! A round's `actors` are the positions after the round (the engines'
//! `Round::positions`); a move is an actor whose position changed from the
//! previous round's (the initial positions before round 1) and its cause.
//! The sentence (`because`) is formatted from the cause by the message
//! catalogues (domei-i18n, `history-*` in report.ftl): English in JSON and
//! CSV, the interface language in tables and pages.

use crate::{groups, partition, problem, run_problems, ModelResult};
use domei_engines::{
    ExchangeSides, Explanation, Forecast, ModelId, Options, Outcome, Problem, SmpRound,
};
use domei_i18n::Lang;
use domei_scenario::{fmt_on_scale, Scenario};
use serde::Serialize;

/// The models that run in rounds, in the order error messages name them.
pub const MODELS_WITH_ROUNDS: [ModelId; 3] = [ModelId::Bdm, ModelId::Smp, ModelId::Exchange];

/// Positions closer than this fraction of the scale count as unchanged
/// (the joint models map positions to `[0, 1]` and back).
const SAME: f64 = 1e-9;

/// One issue's history under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// The issue's id.
    pub issue: String,
    /// The model whose rounds these are (bdm, smp or exchange).
    pub model: ModelId,
    /// Every actor's position before round 1 (the scenario's), in the
    /// order of the rounds' `actors`.
    pub initial: Vec<ActorAt>,
    /// The rounds, first to last.
    pub rounds: Vec<HistoryRound>,
}

/// An actor's position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorAt {
    /// Actor id, as in the scenario file.
    pub id: String,
    /// Its position, on the issue's scale.
    pub position: f64,
}

/// The state after one round and the moves that led to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRound {
    /// 1 for the first round.
    pub round: u32,
    /// The model's median and the capability×salience weighted mean after
    /// the round.
    pub median: f64,
    /// See `median`.
    pub mean: f64,
    /// Every actor's position after the round.
    pub actors: Vec<ActorAt>,
    /// The actors that moved in the round, in the order of `actors`.
    pub moves: Vec<HistoryMove>,
}

/// One actor's move in a round and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryMove {
    /// Actor id of the actor that moved.
    pub actor: String,
    /// Its position before the round, on the issue's scale.
    pub from: f64,
    /// Its position after the round.
    pub to: f64,
    /// The cause as an English sentence ([`HistoryMove::because_in`] for
    /// another language).
    pub because: String,
    /// The cause as data, for other languages and JSON.
    pub cause: Cause,
}

/// Why an actor moved, as the model's trace records it (tagged by `kind`
/// in JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cause {
    /// BDM: the actor accepted the challenger's offer. `outcome` is the
    /// model's reading of the dyad as the actor saw it (conflict,
    /// compromise, capitulation); `eu_actor` = E^i(U_ij), the actor's
    /// expected utility of challenging the challenger, `eu_challenger` =
    /// E^i(U_ji), the challenger's of challenging the actor, as the actor
    /// estimates it.
    Offer {
        /// Actor id of the challenger whose offer was accepted.
        challenger: String,
        /// The dyad's outcome as the actor saw it.
        outcome: Outcome,
        /// E^i(U_ij).
        eu_actor: f64,
        /// E^i(U_ji).
        eu_challenger: f64,
    },
    /// SMP: the actor adopted the bargain `initiator` proposed to
    /// `receiver` (it is one of the two); `probability` is the initiator's
    /// estimate that it would win a contest, `expected_gain` its expected
    /// gain in utility from challenging.
    Bargain {
        /// Actor id of the actor that proposed the bargain.
        initiator: String,
        /// Actor id of the actor it was proposed to.
        receiver: String,
        /// The initiator's estimated chance of winning a contest, 0 to 1.
        probability: f64,
        /// The initiator's expected utility gain from challenging.
        expected_gain: f64,
    },
    /// Exchange: the actor shifted on this issue toward `partner`, who
    /// shifted on `partner_issue` toward it (`partner_from` → `partner_to`);
    /// `step` numbers the exchange among all executed, `gain` is what each
    /// of the two gains. `exchanges` counts the actor's exchanges on this
    /// issue in the round (the last one sets its voting position).
    Exchange {
        /// Actor id of the exchange partner.
        partner: String,
        /// Number of this exchange among all executed.
        step: u32,
        /// Issue id on which the partner shifted.
        partner_issue: String,
        /// The partner issue's scale (for printing; not serialised).
        #[serde(skip)]
        partner_scale: ScaleOf,
        /// The partner's position on `partner_issue` before the exchange.
        partner_from: f64,
        /// The partner's position on `partner_issue` after it.
        partner_to: f64,
        /// What each of the two gains, in utility.
        gain: f64,
        /// The actor's exchanges on this issue in the round.
        exchanges: u32,
    },
    /// Exchange, between rounds: the actor's new position lies part of the
    /// way from its position to its last voting position (Decide's rule),
    /// and its voting position starts again there.
    BetweenRounds,
}

/// Why there is no history.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HistoryError {
    /// The model has no rounds (only bdm, smp and exchange do).
    #[error("model `{model}` has no rounds; the models with rounds are bdm, smp and exchange")]
    NoRounds {
        /// The model asked for.
        model: ModelId,
    },
    /// The model could not run on the issue.
    #[error("{model} could not run on issue `{issue}`: {reason}")]
    Skipped {
        /// The model.
        model: ModelId,
        /// Issue id.
        issue: String,
        /// Why, in English.
        reason: String,
    },
    /// The trace lacks a move's cause (the run had no explanations).
    #[error("{model} on issue `{issue}`: the model's trace does not explain why `{actor}` moved in round {round} (run with explanations)")]
    NoTrace {
        /// The model.
        model: ModelId,
        /// Issue id.
        issue: String,
        /// Actor id of the actor that moved.
        actor: String,
        /// The round it moved in, from 1.
        round: u32,
    },
}

/// True for the models with rounds ([`MODELS_WITH_ROUNDS`]).
pub fn has_rounds(model: ModelId) -> bool {
    MODELS_WITH_ROUNDS.contains(&model)
}

/// The history of issue `issue` of `s` under `model` with `opts` (the
/// explanations are always built). A joint model runs on the issue's group
/// ([`partition`]), as every forecast does, so the rounds are the
/// forecast's.
pub fn history(
    s: &Scenario,
    issue: usize,
    model: ModelId,
    opts: &Options,
) -> Result<History, HistoryError> {
    if !has_rounds(model) {
        return Err(HistoryError::NoRounds { model });
    }
    let members = group_of(s, issue, model);
    let problems: Vec<Problem> = members.iter().map(|&i| problem(s, i)).collect();
    let all_groups = groups(s);
    let member_groups: Vec<Option<String>> =
        members.iter().map(|&i| all_groups[i].clone()).collect();
    let opts = Options {
        explain: true,
        ..opts.clone()
    };
    let mut results = run_problems(&[model], &problems, &member_groups, &opts);
    let at = members.iter().position(|&i| i == issue).unwrap_or(0);
    let result = results.get_mut(at).and_then(Vec::pop);
    let skipped = |reason: String| HistoryError::Skipped {
        model,
        issue: s.issues[issue].id.clone(),
        reason,
    };
    match result {
        Some(ModelResult::Ok(f)) => of_forecast(s, issue, &f),
        Some(ModelResult::Skipped { error, .. }) => Err(skipped(error)),
        None => Err(skipped("no result".into())),
    }
}

/// Every issue's history under `model` with `opts`: one run of the model
/// over the whole scenario with explanations (the forecast's own run),
/// then each issue's history from it. An issue the model could not run on
/// gives its error.
pub fn histories(
    s: &Scenario,
    model: ModelId,
    opts: &Options,
) -> Vec<Result<History, HistoryError>> {
    if !has_rounds(model) {
        return vec![Err(HistoryError::NoRounds { model }); s.issues.len()];
    }
    let opts = Options {
        explain: true,
        ..opts.clone()
    };
    let f = crate::forecast(s, &[model], &opts);
    f.issues
        .iter()
        .map(|ifc| match ifc.results.first() {
            Some(ModelResult::Ok(fc)) => of_forecast(s, ifc.issue, fc),
            Some(ModelResult::Skipped { error, .. }) => Err(HistoryError::Skipped {
                model,
                issue: s.issues[ifc.issue].id.clone(),
                reason: error.clone(),
            }),
            None => Err(HistoryError::Skipped {
                model,
                issue: s.issues[ifc.issue].id.clone(),
                reason: "no result".into(),
            }),
        })
        .collect()
}

/// The issues `model` runs together with `issue` (its group for the joint
/// models, [`partition`]; the issue alone for the others), in order.
fn group_of(s: &Scenario, issue: usize, model: ModelId) -> Vec<usize> {
    if !model.joint() {
        return vec![issue];
    }
    partition(s.issues.len(), &groups(s))
        .into_iter()
        .find(|m| m.contains(&issue))
        .unwrap_or_else(|| vec![issue])
}

/// The history of `f`, a forecast of issue `issue` of `s` made with
/// explanations (as `forecast --explain` makes them).
pub fn of_forecast(s: &Scenario, issue: usize, f: &Forecast) -> Result<History, HistoryError> {
    if !has_rounds(f.model) {
        return Err(HistoryError::NoRounds { model: f.model });
    }
    let members = group_of(s, issue, f.model);
    let at = members.iter().position(|&i| i == issue).unwrap_or(0);
    let group: Vec<(String, ScaleOf)> = members
        .iter()
        .map(|&i| (s.issues[i].id.clone(), ScaleOf::of(&s.issues[i])))
        .collect();
    from_forecast(&problem(s, issue), &group, at, f)
}

/// An issue's scale, for printing positions in sentences.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScaleOf {
    /// The scale's lowest value.
    pub min: f64,
    /// The scale's highest value.
    pub max: f64,
}

impl ScaleOf {
    /// The scale of `issue`.
    pub fn of(issue: &domei_scenario::Issue) -> ScaleOf {
        ScaleOf {
            min: issue.min,
            max: issue.max,
        }
    }
}

/// The history of `f`, the forecast of issue `group[at]` (the problem
/// `p`) made with explanations; `group` names the issues run jointly, with
/// their scales, in the order the joint models number them (just the one
/// issue for BDM).
pub fn from_forecast(
    p: &Problem,
    group: &[(String, ScaleOf)],
    at: usize,
    f: &Forecast,
) -> Result<History, HistoryError> {
    let (issue, scale) = match group.get(at) {
        Some((id, sc)) => (id.as_str(), *sc),
        None => (
            "",
            ScaleOf {
                min: p.min,
                max: p.max,
            },
        ),
    };
    let ids: Vec<&str> = p.players.iter().map(|pl| pl.id.as_str()).collect();
    let at = |xs: &[f64]| -> Vec<ActorAt> {
        ids.iter()
            .zip(xs)
            .map(|(id, &x)| ActorAt {
                id: id.to_string(),
                position: x,
            })
            .collect()
    };
    let initial: Vec<f64> = p.players.iter().map(|pl| pl.position).collect();
    let tol = SAME * (p.max - p.min);
    let mut rounds = Vec::with_capacity(f.rounds.len());
    let mut before = initial.clone();
    for (k, r) in f.rounds.iter().enumerate() {
        let mut moves = Vec::new();
        for (a, (&from, &to)) in before.iter().zip(&r.positions).enumerate() {
            if (to - from).abs() <= tol {
                continue;
            }
            let actor = ids[a];
            let no_trace = || HistoryError::NoTrace {
                model: f.model,
                issue: issue.to_string(),
                actor: actor.to_string(),
                round: r.round,
            };
            let cause = cause_of(f, k, actor, group, issue).ok_or_else(no_trace)?;
            let mut m = HistoryMove {
                actor: actor.to_string(),
                from,
                to,
                because: String::new(),
                cause,
            };
            m.because = m.because_in(Lang::En, scale);
            moves.push(m);
        }
        rounds.push(HistoryRound {
            round: r.round,
            median: r.median,
            mean: r.mean,
            actors: at(&r.positions),
            moves,
        });
        before.clone_from(&r.positions);
    }
    Ok(History {
        issue: issue.to_string(),
        model: f.model,
        initial: at(&initial),
        rounds,
    })
}

/// The cause of `actor`'s move in round index `k` of `f`.
fn cause_of(
    f: &Forecast,
    k: usize,
    actor: &str,
    group: &[(String, ScaleOf)],
    issue: &str,
) -> Option<Cause> {
    match &f.explanation {
        Explanation::Bdm(e) => {
            let mv = f.rounds[k].moves.iter().find(|m| m.player == actor)?;
            let offer = e
                .rounds
                .get(k)?
                .offers
                .iter()
                .find(|o| o.target == actor && o.challenger == mv.partner && o.accepted)?;
            Some(Cause::Offer {
                challenger: mv.partner.clone(),
                outcome: mv.outcome,
                eu_actor: offer.eu_target,
                eu_challenger: offer.eu_challenger,
            })
        }
        Explanation::Smp(e) => smp_cause(e.rounds.get(k)?, actor),
        Explanation::Exchange(e) => {
            let round = f.rounds[k].round;
            let this = e.issue;
            // The exchanges of this snapshot: one exchange (continuous) or
            // a whole model round (decide).
            let in_round: Vec<_> = e
                .exchanges
                .iter()
                .filter(|x| match e.rules.sides {
                    ExchangeSides::Exchange => x.step == round,
                    ExchangeSides::Round => x.round == round,
                })
                .filter(|x| {
                    (x.actor_i == actor && x.issue_q == this)
                        || (x.actor_j == actor && x.issue_p == this)
                })
                .collect();
            let Some(last) = in_round.last() else {
                // Moved without an exchange in this snapshot: only the
                // between-rounds rule moves an actor so.
                return Some(Cause::BetweenRounds);
            };
            let other = |d: usize| {
                group
                    .get(d)
                    .cloned()
                    .unwrap_or_else(|| (issue.to_string(), ScaleOf::default()))
            };
            Some(if last.actor_i == actor {
                let (partner_issue, partner_scale) = other(last.issue_p);
                Cause::Exchange {
                    partner: last.actor_j.clone(),
                    step: last.step,
                    partner_issue,
                    partner_scale,
                    partner_from: last.j_from,
                    partner_to: last.j_to,
                    gain: last.gain,
                    exchanges: in_round.len() as u32,
                }
            } else {
                let (partner_issue, partner_scale) = other(last.issue_q);
                Cause::Exchange {
                    partner: last.actor_i.clone(),
                    step: last.step,
                    partner_issue,
                    partner_scale,
                    partner_from: last.i_from,
                    partner_to: last.i_to,
                    gain: last.gain,
                    exchanges: in_round.len() as u32,
                }
            })
        }
        _ => None,
    }
}

/// The bargain `actor` adopted in SMP round `r`.
fn smp_cause(r: &SmpRound, actor: &str) -> Option<Cause> {
    let b = r.bargains.iter().find(|b| {
        (b.initiator == actor && b.adopted_by_initiator)
            || (b.receiver == actor && b.adopted_by_receiver)
    })?;
    Some(Cause::Bargain {
        initiator: b.initiator.clone(),
        receiver: b.receiver.clone(),
        probability: b.probability,
        expected_gain: b.expected_gain,
    })
}

impl HistoryMove {
    /// The cause as a sentence in `lang`; positions printed on `scale`.
    pub fn because_in(&self, lang: Lang, scale: ScaleOf) -> String {
        let pos = |x: f64| fmt_on_scale(x, scale.min, scale.max);
        let num = |x: f64| format!("{x:.3}");
        let pct = |x: f64| format!("{:.0}%", 100.0 * x);
        let mut args: Vec<(&str, String)> = vec![
            ("actor", self.actor.clone()),
            ("from", pos(self.from)),
            ("to", pos(self.to)),
        ];
        let key = match &self.cause {
            Cause::Offer {
                challenger,
                outcome,
                eu_actor,
                eu_challenger,
            } => {
                args.push(("challenger", challenger.clone()));
                args.push(("eu-actor", num(*eu_actor)));
                args.push(("eu-challenger", num(*eu_challenger)));
                match outcome {
                    Outcome::Conflict => "history-bdm-conflict",
                    Outcome::Compromise => {
                        let share = if *eu_challenger != 0.0 {
                            (eu_actor / eu_challenger).abs()
                        } else {
                            0.0
                        };
                        args.push(("share", pct(share)));
                        "history-bdm-compromise"
                    }
                    Outcome::Capitulation => "history-bdm-capitulation",
                    Outcome::Stalemate => "history-bdm-stalemate",
                }
            }
            Cause::Bargain {
                initiator,
                receiver,
                probability,
                expected_gain,
            } => {
                args.push(("probability", pct(*probability)));
                args.push(("gain", num(*expected_gain)));
                if *initiator == self.actor {
                    args.push(("partner", receiver.clone()));
                    "history-smp-proposed"
                } else {
                    args.push(("partner", initiator.clone()));
                    "history-smp-accepted"
                }
            }
            Cause::Exchange {
                partner,
                partner_issue,
                partner_scale,
                partner_from,
                partner_to,
                gain,
                exchanges,
                ..
            } => {
                let on = |x: f64| fmt_on_scale(x, partner_scale.min, partner_scale.max);
                args.push(("partner", partner.clone()));
                args.push(("partner-issue", partner_issue.clone()));
                args.push(("partner-from", on(*partner_from)));
                args.push(("partner-to", on(*partner_to)));
                args.push(("gain", format!("{gain:.4}")));
                args.push(("exchanges", exchanges.to_string()));
                if *exchanges > 1 {
                    "history-exchange-last"
                } else {
                    "history-exchange"
                }
            }
            Cause::BetweenRounds => "history-exchange-between",
        };
        domei_i18n::tr_args(lang, key, &args)
    }
}

#[cfg(test)]
mod tests;
