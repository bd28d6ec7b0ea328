//! `--exchange-reading` and the exchange model's switches, shared by every
//! command that runs models (docs/cli.md, "exchange").

use clap::ValueEnum;
use domei_engines::{
    ExchangeArith, ExchangeCap, ExchangeReading, ExchangeSides, ExchangeTies, Options,
};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReadingArg {
    /// Decide's equal-gain model, rule for rule (the default).
    Decide,
    /// One exchange at a time against the current outcomes, one pass.
    Continuous,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SidesArg {
    Round,
    Exchange,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CapArg {
    Adjusted,
    Current,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TiesArg {
    Order,
    Random,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ArithArg {
    Decimal,
    Binary,
}

#[derive(clap::Args, Clone, Debug)]
pub struct ExchangeArgs {
    /// The exchange model's reading: decide (Decide's equal-gain model) or
    /// continuous (domei's first reading).
    #[arg(long, value_enum, value_name = "READING", default_value_t = ReadingArg::Decide)]
    pub exchange_reading: ReadingArg,
    /// Exchange switch: sides and possible exchanges fixed per round, or
    /// re-checked before every exchange [default: the reading's].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub exchange_sides: Option<SidesArg>,
    /// Exchange switch: the mean a move may not carry past the partner's
    /// position [default: the reading's].
    #[arg(long, value_enum, value_name = "MEAN")]
    pub exchange_cap: Option<CapArg>,
    /// Exchange switch: connected rounds [default: the reading's, decide 10,
    /// continuous 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub exchange_rounds: Option<u32>,
    /// Exchange switch: exact ties in gain in the reading's order, or at
    /// random from --exchange-seed [default: order].
    #[arg(long, value_enum, value_name = "HOW")]
    pub exchange_ties: Option<TiesArg>,
    /// Exchange switch: the arithmetic of --exchange-sides round, binary
    /// doubles or Decide's 28-digit decimals (exact replication of Decide,
    /// about fifteen times slower) [default: binary].
    #[arg(long, value_enum, value_name = "ARITH")]
    pub exchange_arith: Option<ArithArg>,
    /// Seed of --exchange-ties random.
    #[arg(long, value_name = "SEED", default_value_t = 0)]
    pub exchange_seed: u64,
}

impl ExchangeArgs {
    /// `opts` with the exchange model's reading and switches set.
    pub fn apply(&self, opts: Options) -> Options {
        Options {
            exchange_reading: match self.exchange_reading {
                ReadingArg::Decide => ExchangeReading::Decide,
                ReadingArg::Continuous => ExchangeReading::Continuous,
            },
            exchange_sides: self.exchange_sides.map(|s| match s {
                SidesArg::Round => ExchangeSides::Round,
                SidesArg::Exchange => ExchangeSides::Exchange,
            }),
            exchange_cap: self.exchange_cap.map(|c| match c {
                CapArg::Adjusted => ExchangeCap::Adjusted,
                CapArg::Current => ExchangeCap::Current,
            }),
            exchange_rounds: self.exchange_rounds,
            exchange_ties: self.exchange_ties.map(|t| match t {
                TiesArg::Order => ExchangeTies::Order,
                TiesArg::Random => ExchangeTies::Random,
            }),
            exchange_arith: self.exchange_arith.map(|a| match a {
                ArithArg::Decimal => ExchangeArith::Decimal,
                ArithArg::Binary => ExchangeArith::Binary,
            }),
            exchange_seed: self.exchange_seed,
            ..opts
        }
    }
}
