//! Issue linkage: issues negotiated as one package.
//!
//! Linking puts the issues in one negotiation group (`Issue.group`), so
//! models that negotiate issues jointly (the exchange model trades
//! concessions across issues of a group; the spatial model bargains over
//! them together) can trade one issue against another. Models that forecast
//! each issue on its own are unaffected by linkage, and the what-if report
//! says so rather than pretend otherwise.

use crate::StrategyError;
use domei_scenario::Scenario;

/// The scenario with `issues` (issue ids, at least two) put into one
/// negotiation group, so that joint models can trade one against another.
pub fn apply(s: &Scenario, issues: &[String]) -> Result<Scenario, StrategyError> {
    if issues.len() < 2 {
        return Err(StrategyError::Linkage("link at least two issues".into()));
    }
    let mut out = s.clone();
    let package = format!("package:{}", issues.join("+"));
    for id in issues {
        let i = s
            .issue_index(id)
            .ok_or_else(|| StrategyError::UnknownIssue(id.clone()))?;
        out.issues[i].group = Some(package.clone());
    }
    Ok(out)
}
