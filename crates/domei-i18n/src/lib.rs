//! domei's interface languages: English and Japanese.
//!
//! Every sentence, header and label a presenter shows comes from a message
//! catalogue, `i18n/<lang>/*.ftl` (Project Fluent syntax), compiled into the
//! binary; code names a message by its id ([`tr`], [`tr_args`]) and never
//! holds the text. The catalogues of the two languages have the same message
//! ids (a test fails when one has a message the other lacks, and when code
//! names a message neither has).
//!
//! The interface language is chosen by [`Lang::from_env`]: `DOMEI_LANG`,
//! then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: a value starting with
//! `ja` means Japanese), English otherwise; a `--lang` flag or the
//! workbench's switch overrides it.
//!
//! [`script`] says which characters are East Asian (CJK letters, wide
//! characters), for every crate that splits, measures or breaks text.
//!
//! [`ja`] holds the Japanese conventions presenters need beyond words: yen
//! amounts in 兆円/億円, dates as 2026年12月2日.
//!
//! Machine formats (JSON, CSV) never go through the catalogues: ids and
//! field names stay language-neutral.

#![warn(missing_docs)]

pub mod ja;
pub mod script;

pub use script::{display_width, is_cjk, is_wide, pad_end, pad_start};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::OnceLock;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English (`en`), the default.
    #[default]
    En,
    /// Japanese (`ja`).
    Ja,
}

impl Lang {
    /// Every interface language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The language's code: `en`, `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The other language (for fallbacks).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }

    /// `en`/`ja`, or a locale name such as `ja_JP.UTF-8`, `ja-JP`,
    /// `en_US.UTF-8` (case-insensitive); `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let base = s.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "ja" | "jp" | "japanese" => Some(Lang::Ja),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language from the environment: `DOMEI_LANG`, then the locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set and non-empty):
    /// Japanese when it starts with `ja`, English otherwise.
    pub fn from_env() -> Lang {
        Lang::from_vars(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(l) = get("DOMEI_LANG").as_deref().and_then(Lang::parse) {
            return l;
        }
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(k).filter(|v| !v.trim().is_empty()) {
                return if v.trim().to_ascii_lowercase().starts_with("ja") {
                    Lang::Ja
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The catalogue files of each language: (file name, English, Japanese).
pub const CATALOGUES: &[(&str, &str, &str)] = &[
    (
        "cli.ftl",
        include_str!("../i18n/en/cli.ftl"),
        include_str!("../i18n/ja/cli.ftl"),
    ),
    (
        "help.ftl",
        include_str!("../i18n/en/help.ftl"),
        include_str!("../i18n/ja/help.ftl"),
    ),
    (
        "report.ftl",
        include_str!("../i18n/en/report.ftl"),
        include_str!("../i18n/ja/report.ftl"),
    ),
    (
        "brief.ftl",
        include_str!("../i18n/en/brief.ftl"),
        include_str!("../i18n/ja/brief.ftl"),
    ),
    (
        "web.ftl",
        include_str!("../i18n/en/web.ftl"),
        include_str!("../i18n/ja/web.ftl"),
    ),
    (
        "charts.ftl",
        include_str!("../i18n/en/charts.ftl"),
        include_str!("../i18n/ja/charts.ftl"),
    ),
    (
        "build.ftl",
        include_str!("../i18n/en/build.ftl"),
        include_str!("../i18n/ja/build.ftl"),
    ),
    (
        "strategy.ftl",
        include_str!("../i18n/en/strategy.ftl"),
        include_str!("../i18n/ja/strategy.ftl"),
    ),
    (
        "parts.ftl",
        include_str!("../i18n/en/parts.ftl"),
        include_str!("../i18n/ja/parts.ftl"),
    ),
    (
        "diag.ftl",
        include_str!("../i18n/en/diag.ftl"),
        include_str!("../i18n/ja/diag.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = match lang {
        Lang::En => unic_langid::langid!("en"),
        Lang::Ja => unic_langid::langid!("ja"),
    };
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Terminal output and PDF text must not carry Unicode isolation marks
    // around arguments.
    bundle.set_use_isolating(false);
    for (_, en, ja) in CATALOGUES {
        let text = match lang {
            Lang::En => *en,
            Lang::Ja => *ja,
        };
        // The catalogues are compiled in and parsed by the tests
        // (`catalogues_parse`); a broken entry is skipped, not fatal.
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(res);
    }
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static EN: OnceLock<Bundle> = OnceLock::new();
    static JA: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| build(Lang::En)),
        Lang::Ja => JA.get_or_init(|| build(Lang::Ja)),
    }
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let b = bundle(lang);
    let pattern = b.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(b.format_pattern(pattern, args, &mut errors).into_owned())
}

/// True when `lang`'s catalogue has the message `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang)
        .get_message(key)
        .is_some_and(|m| m.value().is_some())
}

/// The message `key` in `lang`; the other language's text when `lang`'s
/// catalogue lacks it (the tests keep both complete), and the key itself
/// when neither has it.
pub fn tr(lang: Lang, key: &str) -> String {
    format(lang, key, None)
        .or_else(|| format(lang.other(), key, None))
        .unwrap_or_else(|| key.to_string())
}

/// [`tr`] with arguments (`{ $name }` in the message), given as text.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    format(lang, key, Some(&a))
        .or_else(|| format(lang.other(), key, Some(&a)))
        .unwrap_or_else(|| key.to_string())
}

/// The message ids of one catalogue file's text, in file order.
pub fn message_ids(ftl: &str) -> Result<Vec<String>, String> {
    use fluent_bundle::FluentResource;
    let res = FluentResource::try_new(ftl.to_string())
        .map_err(|(_, errs)| format!("{} syntax error(s): {:?}", errs.len(), errs))?;
    Ok(res
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests;
