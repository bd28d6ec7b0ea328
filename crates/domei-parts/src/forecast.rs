//! Which forecast of an issue the parts read.
//!
//! The decision chain (`from_issue`) and the plan's objective both need "the
//! forecast" of an issue. The models disagree, so the choice is explicit:
//!
//! - [`ModelChoice::Median`] (the default, written `"all"`): the median of the
//!   point forecasts of every model that runs on the issue (the mean of the
//!   two middle ones when their number is even). Models that cannot run
//!   (Nash without a status quo) are left out.
//! - [`ModelChoice::One`]: one named model (`"bdm"`, `"compromise"`, ...).
//!
//! The models run through the one dispatch, `domei_run::run_problems`, with
//! default options (10 rounds), as `domei forecast` does: the multi-issue
//! models on the issue together with the issues of its group, so the
//! forecast of an issue here is `domei forecast`'s to the last digit. The
//! median is `domei_run::median_of_models`.

use domei_engines::{ModelId, Options, Problem};
use domei_scenario::Scenario;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Which forecast of an issue a part reads: the median of the models or one
/// model. Written `"all"` or the model's id (`"bdm"`), in files and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum ModelChoice {
    /// The median of every model's point forecast.
    #[default]
    Median,
    /// One model's point forecast.
    One(ModelId),
}

impl ModelChoice {
    /// The models this choice runs.
    pub fn models(self) -> Vec<ModelId> {
        match self {
            ModelChoice::Median => ModelId::ALL.to_vec(),
            ModelChoice::One(m) => vec![m],
        }
    }
}

impl fmt::Display for ModelChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelChoice::Median => f.write_str("all"),
            ModelChoice::One(m) => write!(f, "{m}"),
        }
    }
}

impl From<ModelChoice> for String {
    fn from(m: ModelChoice) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for ModelChoice {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl FromStr for ModelChoice {
    type Err = String;

    /// `all` (or `median-of-models`), or a model name.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") || t.eq_ignore_ascii_case("median-of-models") {
            return Ok(ModelChoice::Median);
        }
        t.parse::<ModelId>()
            .map(ModelChoice::One)
            .map_err(|e| format!("{e}, or `all` for the median of every model's forecast"))
    }
}

/// Options the parts run the models with: the defaults, without the
/// explanations (values are bit-identical either way).
pub fn options() -> Options {
    Options {
        explain: false,
        ..Options::default()
    }
}

/// The forecast of one issue negotiated alone, as a [`Problem`], by
/// `choice`; `None` when no model could run.
pub fn forecast_problem(p: &Problem, choice: ModelChoice, opts: &Options) -> Option<f64> {
    forecast_in(std::slice::from_ref(p), &[None], 0, choice, opts)
}

/// The forecast of issue `i` of `problems` (with `groups`, the issues
/// negotiated together, as `domei_run::groups` gives them) by `choice`:
/// the models run on `i`'s group only; `None` when no model could run.
pub fn forecast_in(
    problems: &[Problem],
    groups: &[Option<String>],
    i: usize,
    choice: ModelChoice,
    opts: &Options,
) -> Option<f64> {
    let models = choice.models();
    let members: Vec<usize> = if models.iter().any(|m| m.joint()) {
        domei_run::partition(problems.len(), groups)
            .into_iter()
            .find(|g| g.contains(&i))?
    } else {
        vec![i]
    };
    let sub: Vec<Problem> = members.iter().map(|&j| problems[j].clone()).collect();
    let sub_groups: Vec<Option<String>> = members
        .iter()
        .map(|&j| groups.get(j).cloned().flatten())
        .collect();
    let at = members.iter().position(|&j| j == i)?;
    let results = domei_run::run_problems(&models, &sub, &sub_groups, opts);
    domei_run::median_of_models(
        results[at]
            .iter()
            .filter_map(|r| r.value())
            .filter(|v| v.is_finite()),
    )
}

/// The forecast of issue `i` of `s` (point values) by `choice`.
pub fn forecast_issue(s: &Scenario, i: usize, choice: ModelChoice) -> Option<f64> {
    forecast_in(
        &domei_run::problems(s),
        &domei_run::groups(s),
        i,
        choice,
        &options(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_engines::Player;

    fn player(id: &str, position: f64) -> Player {
        Player {
            id: id.into(),
            capability: 1.0,
            position,
            salience: 1.0,
        }
    }

    #[test]
    fn median_of_models_and_one_model() {
        let p = Problem {
            players: vec![player("a", 0.0), player("b", 0.0), player("c", 9.0)],
            min: 0.0,
            max: 10.0,
            status_quo: None,
        };
        assert_eq!(
            forecast_problem(&p, ModelChoice::One(ModelId::Compromise), &options()),
            Some(3.0)
        );
        assert_eq!(
            forecast_problem(&p, ModelChoice::One(ModelId::Median), &options()),
            Some(0.0)
        );
        // Nash cannot run without a status quo; the others give a median on the scale.
        let m = forecast_problem(&p, ModelChoice::Median, &options()).unwrap();
        assert!((0.0..=3.0).contains(&m), "{m}");
        assert!(forecast_problem(&p, ModelChoice::One(ModelId::Nash), &options()).is_none());
    }

    #[test]
    fn parses_choices() {
        assert_eq!("all".parse::<ModelChoice>(), Ok(ModelChoice::Median));
        assert_eq!(
            "BDM".parse::<ModelChoice>(),
            Ok(ModelChoice::One(ModelId::Bdm))
        );
        assert!("oracle".parse::<ModelChoice>().is_err());
        assert_eq!(ModelChoice::One(ModelId::Nash).to_string(), "nash");
    }

    /// The one dispatch: on every issue of the bundled scenario (grouped
    /// issues included), the median of models the parts read (the decision
    /// chain, the plan) is exactly `domei forecast`'s, and so is each model.
    #[test]
    fn every_bundled_issue_reads_the_forecast_of_domei_forecast() {
        let s = domei_scenario::from_toml_str(
            std::path::Path::new("scenarios/japan-us-2025/scenario.toml"),
            include_str!("../../../scenarios/japan-us-2025/scenario.toml"),
            domei_scenario::Requirements::default(),
        )
        .expect("the bundled scenario is valid");
        assert!(
            s.issues.iter().any(|i| i.group.is_some()),
            "the bundled scenario has grouped issues: the case this test is for"
        );
        let f = domei_run::forecast(&s, &ModelId::ALL, &Options::default());
        for (i, ifc) in f.issues.iter().enumerate() {
            let id = &s.issues[i].id;
            assert_eq!(
                forecast_issue(&s, i, ModelChoice::Median),
                ifc.median_of_models(),
                "issue {id}"
            );
            for r in &ifc.results {
                assert_eq!(
                    forecast_issue(&s, i, ModelChoice::One(r.model())),
                    r.value(),
                    "issue {id}, model {}",
                    r.model()
                );
            }
        }
    }
}
