//! One module per subcommand.

pub mod backtest;
pub mod best_response;
pub mod calibrate;
pub mod check;
pub mod exchange_args;
pub mod forecast;
pub mod history;
pub mod import;
pub mod model_args;
pub mod sensitivity;
pub mod simulate;
pub mod uncertainty;
pub mod whatif;

// evidence corpus commands (domei-corpus)
pub mod claims;
pub mod corpus;
pub mod evidence;

// store commands (domei-store)
pub mod ledger;
pub mod outcome;
pub mod runs;
pub mod scenarios;
pub mod serve;
pub mod token;

// scenario parts: decision chains, engagement plans, framing (domei-events, domei-plan, domei-frame)
pub mod events;
pub mod frame;
pub mod parts;
pub mod plan;

// briefing (domei-brief)
pub mod brief;
