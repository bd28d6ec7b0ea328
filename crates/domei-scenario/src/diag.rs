//! Located error messages for bad input.
//!
//! Every problem found in an input file becomes a [`Diagnostic`] naming the
//! file, line and column, what is wrong, and how to fix it. Loaders collect
//! all they can find before giving up, so a user fixes a file in one pass.
//!
//! A diagnostic's words are a message of domei-i18n's catalogues
//! (`i18n/{en,ja}/diag.ftl`) with its arguments, a [`Msg`]: the validator
//! names the message, never holds its text, and [`Diagnostic::to_string_in`]
//! shows it in any interface language. `message` and `help` keep the
//! English text (rendered from the English catalogue) for every caller that
//! reads them; a diagnostic made from a plain string (a TOML or CSV parser's
//! own error) is that string in every language.

use crate::model::Loc;
use domei_i18n::Lang;
use std::fmt;
use std::path::{Path, PathBuf};

/// A catalogue message with its named arguments: `msg!("diag-unknown-actor",
/// id = "\"usa\"")`, the id and then `name = value` pairs (values are
/// anything [`Arg`] converts from).
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::diag::Msg::new($id)$(.arg(stringify!($k), $v))*
    };
}
pub(crate) use msg;

/// One message of domei-i18n's catalogues and its named arguments: the words
/// of a diagnostic in every interface language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    /// The message's id in the catalogues (`diag-unknown-actor`).
    pub id: &'static str,
    /// Its arguments by name (`{ $id }` in the message), in order given.
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Shown as is in every language: ids, numbers as written, quoted
    /// file text.
    Text(String),
    /// A message of its own (e.g. a value's name, "the salience range"),
    /// rendered in the language of the message around it.
    Msg(Box<Msg>),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}

impl Arg {
    /// The argument's text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Text(t) => t.clone(),
            Arg::Msg(m) => m.render(lang),
        }
    }
}

impl Msg {
    /// Message `id` without arguments.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`, its arguments filled in (message arguments in
    /// `lang` too).
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, v.render(lang)))
            .collect();
        domei_i18n::tr_args(lang, self.id, &args)
    }
}

/// One problem found in an input file: where, what is wrong, and how to fix it.
/// Displayed as `FILE:LINE:COL: error: MESSAGE` with an optional `help:` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in, as given.
    pub file: PathBuf,
    /// 1-based; line 0 means "the file as a whole" (e.g. it cannot be read).
    pub loc: Loc,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// A warning rather than an error (shown as `warning:`).
    pub warning: bool,
    /// `message` as a catalogue message, for other languages (`None`: a
    /// plain string, the same in every language).
    pub msg: Option<Msg>,
    /// `help` as a catalogue message (`None`: no help, or a plain string).
    pub help_msg: Option<Msg>,
}

impl Diagnostic {
    /// An error at `loc` of `file` saying `message`, without help.
    pub fn new(file: &Path, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            loc,
            message: message.into(),
            help: None,
            warning: false,
            msg: None,
            help_msg: None,
        }
    }

    /// An error at `loc` of `file` saying catalogue message `msg` (its
    /// English text is `message`), without help.
    pub fn from_msg(file: &Path, loc: Loc, msg: Msg) -> Self {
        Diagnostic {
            message: msg.render(Lang::En),
            msg: Some(msg),
            ..Diagnostic::new(file, loc, String::new())
        }
    }

    /// Adds how to fix it, as catalogue message `help` (its English text is
    /// `help`).
    pub fn help_msg(mut self, help: Msg) -> Self {
        self.help = Some(help.render(Lang::En));
        self.help_msg = Some(help);
        self
    }

    /// What is wrong, in `lang` (the English `message` when it is a plain
    /// string).
    pub fn message_in(&self, lang: Lang) -> String {
        match &self.msg {
            Some(m) if lang != Lang::En => m.render(lang),
            _ => self.message.clone(),
        }
    }

    /// How to fix it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        match &self.help_msg {
            Some(m) if lang != Lang::En => Some(m.render(lang)),
            _ => self.help.clone(),
        }
    }

    /// The diagnostic as [`Display`](fmt::Display) shows it, in `lang`:
    /// `FILE:LINE:COL: error: MESSAGE` and `  help: HELP`, the words
    /// `error`, `warning` and `help` and the texts in `lang`.
    pub fn to_string_in(&self, lang: Lang) -> String {
        let file = self.file.display();
        let kind = domei_i18n::tr(
            lang,
            if self.warning {
                "diag-warning"
            } else {
                "diag-error"
            },
        );
        let message = self.message_in(lang);
        let mut out = if self.loc.line == 0 {
            format!("{file}: {kind}: {message}")
        } else {
            format!(
                "{file}:{}:{}: {kind}: {message}",
                self.loc.line, self.loc.col
            )
        };
        if let Some(help) = self.help_in(lang) {
            let word = domei_i18n::tr(lang, "diag-help");
            out.push_str(&format!("\n  {word}: {help}"));
        }
        out
    }

    /// Marks the diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Adds how to fix it (a plain string, the same in every language).
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self.help_msg = None;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_in(Lang::En))
    }
}

/// One or more diagnostics; the error type of every loader.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Exactly one diagnostic.
    pub fn single(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    /// Adds a diagnostic at the end.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every diagnostic, in order (by position once
    /// [`Diagnostics::into_result`] sorted them).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// `Ok(())` when empty, otherwise the diagnostics sorted by position.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            self.0
                .sort_by(|a, b| (&a.file, a.loc).cmp(&(&b.file, b.loc)));
            Err(self)
        }
    }
}

impl Diagnostics {
    /// Every diagnostic as [`Display`](fmt::Display) shows them, in `lang`:
    /// one after the other, and their count when more than one.
    pub fn to_string_in(&self, lang: Lang) -> String {
        let mut out: Vec<String> = self.0.iter().map(|d| d.to_string_in(lang)).collect();
        if self.0.len() > 1 {
            out.push(domei_i18n::tr_args(
                lang,
                "diag-count",
                &[("n", self.0.len().to_string())],
            ));
        }
        out.join("\n")
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_in(Lang::En))
    }
}

impl std::error::Error for Diagnostics {}

/// Maps byte offsets of a text to 1-based line and column (columns count
/// characters, not bytes).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// Line and column of byte `offset` (clamped to the end of the text).
    pub fn loc(&self, offset: usize) -> Loc {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Loc::new(line as u32, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_chars() {
        let idx = LineIndex::new("ab\nc日d\n\nx");
        assert_eq!(idx.loc(0), Loc::new(1, 1));
        assert_eq!(idx.loc(3), Loc::new(2, 1));
        assert_eq!(idx.loc(7), Loc::new(2, 3)); // after 'c' and '日' (3 bytes)
        assert_eq!(idx.loc(9), Loc::new(3, 1));
        assert_eq!(idx.loc(10), Loc::new(4, 1));
        assert_eq!(idx.loc(99), Loc::new(4, 2));
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::new(Path::new("s.toml"), Loc::new(3, 5), "bad").help("fix it");
        assert_eq!(d.to_string(), "s.toml:3:5: error: bad\n  help: fix it");
    }
}
