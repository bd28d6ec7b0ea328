//! The `--model` argument of every command that runs the models: one shape
//! (`-m`/`--model M`, repeated or comma-separated, the names as users write
//! them, parsed by `forecast::parse_models`), with the help and the default
//! that differ by command.

/// Defines a `--model` argument type: `$name` with the help `$help` and the
/// default `$default` (model names, comma-separated). Each derefs to the
/// names as given.
macro_rules! model_args {
    ($(#[doc = $doc:tt])* $name:ident, help = $help:tt, default = $default:expr) => {
        $(#[doc = $doc])*
        #[derive(clap::Args, Debug, Clone)]
        pub struct $name {
            #[doc = $help]
            #[arg(
                short,
                long = "model",
                value_name = "M",
                value_delimiter = ',',
                default_value = $default
            )]
            pub models: Vec<String>,
        }

        impl std::ops::Deref for $name {
            type Target = Vec<String>;
            fn deref(&self) -> &Vec<String> {
                &self.models
            }
        }
    };
}

model_args!(
    /// The models of `forecast`, `simulate`, `whatif`, `backtest` and
    /// `brief`: all of them by default.
    ModelArgs,
    help = "Models to run: compromise, median, bdm, nash, smp, exchange, or all.\nRepeat the flag or separate with commas.",
    default = "all"
);

model_args!(
    /// The models of `sensitivity`: compromise by default.
    SensitivityModels,
    help = "Models (see `forecast`).",
    default = domei_sim::sensitivity::DEFAULT_MODELS
);

model_args!(
    /// The models of `best-response`: the per-issue models by default.
    BestResponseModels,
    help = "Models (see `forecast`); the multi-issue models (smp, exchange)\nare outside this per-issue search.",
    default = domei_strategy::best_response::DEFAULT_MODELS
);
