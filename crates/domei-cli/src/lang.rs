//! The interface language of this run: `--lang`, then `DOMEI_LANG`, then
//! the locale (domei_i18n::Lang::from_env). Chosen once in `main`, before
//! the arguments are parsed (so `--help` is in that language too), and read
//! by the commands that print for people; JSON and CSV never depend on it.

use clap::Command;
use domei_i18n::{has, tr, Lang};
use std::ffi::OsString;
use std::sync::OnceLock;

static LANG: OnceLock<Lang> = OnceLock::new();

/// This run's interface language.
pub fn get() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

/// Sets this run's language (first call wins).
pub fn set(l: Lang) {
    let _ = LANG.set(l);
}

/// The value of `--lang X` or `--lang=X` among the arguments, if it names a
/// language (a bad value is left for clap to report).
pub fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().and_then(|v| Lang::parse(&v));
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
    }
    None
}

/// The message `key` in this run's language (tables and messages for
/// people; never JSON or CSV).
pub fn t(key: &str) -> String {
    tr(get(), key)
}

/// The message `key` with arguments in this run's language.
pub fn ta(key: &str, args: &[(&str, String)]) -> String {
    domei_i18n::tr_args(get(), key, args)
}

/// A table's header row in this run's language.
pub fn header(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| t(k)).collect()
}

/// The catalogue key of a command's about text (`help-domei`,
/// `help-domei-forecast`) and of an argument's help (`help-domei-forecast--format`).
pub fn about_key(path: &str) -> String {
    format!("help-{path}")
}

pub fn arg_key(path: &str, arg: &str) -> String {
    format!("help-{path}--{arg}")
}

/// `cmd` (built) with its texts in `lang`: every about and help text whose
/// key the catalogue has, the section headings and the usage line. In
/// English the doc comments stay as they are.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd;
    cmd.build();
    walk(cmd, lang, "domei")
}

fn walk(mut cmd: Command, lang: Lang, path: &str) -> Command {
    let key = about_key(path);
    if has(lang, &key) {
        cmd = cmd.about(tr(lang, &key)).long_about(None);
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr(lang, "help-usage")
    );
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(tr(lang, "help-commands"));
    let ids: Vec<(String, bool, bool)> = cmd
        .get_arguments()
        .map(|a| {
            // Values with their own (English) help, which clap lists under
            // the argument: the translated help names them instead.
            let described = a
                .get_possible_values()
                .iter()
                .any(|p| p.get_help().is_some());
            (a.get_id().to_string(), a.is_positional(), described)
        })
        .collect();
    for (id, positional, described) in ids {
        let key = arg_key(path, &id);
        let text = if has(lang, &key) {
            Some(tr(lang, &key))
        } else if has(lang, &arg_key("any", &id)) {
            Some(tr(lang, &arg_key("any", &id)))
        } else {
            None
        };
        let heading = tr(
            lang,
            if positional {
                "help-arguments"
            } else {
                "help-options"
            },
        );
        cmd = cmd.mut_arg(&id, |a| {
            let a = match a.get_help_heading() {
                // A heading the command chose stays; the default ones are
                // translated.
                Some(_) => a,
                None => a.help_heading(heading),
            };
            match text {
                Some(t) => a.help(t).long_help(None).hide_possible_values(described),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        if name == "help" {
            // clap's generated `help` (`domei help`, `domei runs help`):
            // one text; its children only mirror the commands beside it.
            cmd = cmd.mut_subcommand(&name, |s| s.about(tr(lang, "help-domei-help")));
            continue;
        }
        let sub_path = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |s| walk(s, lang, &sub_path));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command's about text and every argument's help, at every
    /// level of subcommands, have a catalogue entry (its own or a shared
    /// `help-any--ID`). The failure lists the missing keys with the English
    /// text to translate.
    #[test]
    fn help_texts_are_in_the_catalogue() {
        fn visit(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if !has(Lang::Ja, &about_key(path)) {
                let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
                missing.push(format!("{} = {about}", about_key(path)));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if !has(Lang::Ja, &arg_key(path, id)) && !has(Lang::Ja, &arg_key("any", id)) {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    missing.push(format!("{} = {help}", arg_key(path, id)));
                }
            }
            for sub in cmd.get_subcommands() {
                // clap's generated `help` takes one text (`help-domei-help`).
                if sub.get_name() == "help" {
                    if !has(Lang::Ja, "help-domei-help") {
                        missing.push("help-domei-help".into());
                    }
                    continue;
                }
                visit(sub, &format!("{path}-{}", sub.get_name()), missing);
            }
        }
        let mut cmd = crate::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        visit(&cmd, "domei", &mut missing);
        assert!(
            missing.is_empty(),
            "missing in i18n/*/help.ftl:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn localized_help_is_japanese() {
        let mut cmd = localize(crate::Cli::command(), Lang::Ja);
        let f = cmd
            .find_subcommand_mut("forecast")
            .map(|c| c.render_help().to_string());
        let f = f.unwrap_or_default();
        assert!(f.contains(&tr(Lang::Ja, "help-domei-forecast")), "{f}");
        assert!(f.contains("オプション"), "{f}");
    }

    #[test]
    fn lang_from_args() {
        let a = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            from_args(&a(&["domei", "forecast", "--lang", "ja"])),
            Some(Lang::Ja)
        );
        assert_eq!(
            from_args(&a(&["domei", "--lang=en", "check"])),
            Some(Lang::En)
        );
        assert_eq!(from_args(&a(&["domei", "forecast"])), None);
        assert_eq!(from_args(&a(&["domei", "--", "--lang", "ja"])), None);
        assert_eq!(from_args(&a(&["domei", "--lang", "xx"])), None);
    }
}
