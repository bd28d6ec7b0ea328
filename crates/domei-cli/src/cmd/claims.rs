//! `domei claims` (list numeric claims) and `domei claims check` (implied
//! figures, reference figures, contradictions between documents).

use super::corpus::{corpus_error, to_json, Format, Location};
use crate::error::{CliError, CliResult};
use crate::lang;
use crate::output;
use domei_corpus::claims::check::format_value;
use domei_corpus::claims::{ClaimsReport, ReferenceTable};
use domei_corpus::{ClaimFilter, ClaimKind};
use domei_i18n::{pad_end, tr_args};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub location: Location,
    /// Only claims of this document.
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
    /// Only claims whose subject, base or text contains TEXT
    /// (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub about: Option<String>,
    /// Only claims of one kind.
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
    #[command(subcommand)]
    pub command: Option<Sub>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Kind {
    Percent,
    PercentagePoints,
    Money,
    Year,
    FiscalYear,
    Duration,
    Count,
}

impl From<Kind> for ClaimKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Percent => ClaimKind::Percent,
            Kind::PercentagePoints => ClaimKind::PercentagePoints,
            Kind::Money => ClaimKind::Money,
            Kind::Year => ClaimKind::Year,
            Kind::FiscalYear => ClaimKind::FiscalYear,
            Kind::Duration => ClaimKind::Duration,
            Kind::Count => ClaimKind::Count,
        }
    }
}

#[derive(clap::Subcommand)]
pub enum Sub {
    /// Find figures implied by pairs of claims (3% of GDP = 18 trillion yen
    /// ⇒ GDP), compare them with reference figures, and flag documents that
    /// disagree.
    Check(CheckArgs),
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Reference figures (TOML) [default: CORPUS/reference-figures.toml if
    /// present, else the table shipped with domei].
    #[arg(long, value_name = "FILE")]
    pub reference: Option<PathBuf>,
    /// Relative tolerance, e.g. 0.1 for 10% [default: the table's].
    #[arg(long, value_name = "X")]
    pub tolerance: Option<f64>,
    /// Exit 1 when anything is flagged (deviation from a reference figure
    /// beyond tolerance, or a contradiction).
    #[arg(long)]
    pub strict: bool,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    match a.command {
        Some(Sub::Check(c)) => check(&a.location, c),
        None => list(&a.location, a.doc, a.about, a.kind, a.format),
    }
}

fn list(
    loc: &Location,
    doc: Option<String>,
    about: Option<String>,
    kind: Option<Kind>,
    format: Format,
) -> CliResult {
    let corpus = loc.open()?;
    let filter = ClaimFilter {
        doc,
        about,
        kind: kind.map(Into::into),
    };
    let claims = corpus.claims(&filter).map_err(corpus_error)?;
    match format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(
            &serde_json::json!({ "count": claims.len(), "claims": claims }),
        )?),
        Format::Table => {
            let mut t = String::new();
            t.push_str(&format!(
                "{} {} {} {} {}\n",
                pad_end(&lang::t("cli-claims-passage"), 32),
                pad_end(&lang::t("cli-kind"), 12),
                pad_end(&lang::t("cli-claims-as-written"), 30),
                pad_end(&lang::t("cli-claims-value"), 22),
                lang::t("cli-claims-about")
            ));
            for c in &claims {
                let mut value = match c.normalized_range {
                    Some((lo, hi)) => format!(
                        "{}–{}",
                        format_value(lo, &c.unit),
                        format_value(hi, &c.unit)
                    ),
                    None => format_value(c.normalized, &c.unit),
                };
                if let Some(p) = &c.per {
                    value.push_str(&format!(" /{p}"));
                }
                let mut about = c.about.clone().unwrap_or_default();
                if let Some(q) = &c.qualifier {
                    about = format!("[{q}] {about}");
                }
                // At most 30 terminal columns of the text as written.
                let mut text = String::new();
                for ch in c.text.chars() {
                    if domei_i18n::display_width(&text) + domei_i18n::display_width(&ch.to_string())
                        > 30
                    {
                        break;
                    }
                    text.push(ch);
                }
                t.push_str(&format!(
                    "{} {:<12} {} {} {}\n",
                    pad_end(&c.passage.to_string(), 32),
                    c.kind.name(),
                    pad_end(&text, 30),
                    pad_end(&value, 22),
                    about
                ));
            }
            t.push_str(&format!(
                "{}\n",
                tr_args(
                    lang::get(),
                    "cli-claims-count",
                    &[("n", claims.len().to_string())]
                )
            ));
            output::print(&t);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(loc: &Location, a: CheckArgs) -> CliResult {
    if let Some(t) = a.tolerance {
        if !(t.is_finite() && t >= 0.0) {
            return Err(CliError::Usage(format!(
                "--tolerance must be a non-negative number, not {t}"
            )));
        }
    }
    let corpus = loc.open()?;
    let (table, table_src) = match &a.reference {
        Some(p) => (
            ReferenceTable::load(p).map_err(corpus_error)?,
            p.display().to_string(),
        ),
        None => {
            let local = corpus.dir().join("reference-figures.toml");
            if local.is_file() {
                (
                    ReferenceTable::load(&local).map_err(corpus_error)?,
                    local.display().to_string(),
                )
            } else {
                (
                    ReferenceTable::builtin(),
                    lang::t("cli-claims-builtin-table"),
                )
            }
        }
    };
    let report = corpus
        .check_claims(&table, a.tolerance)
        .map_err(corpus_error)?;
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(&serde_json::json!({
            "reference_table": table_src,
            "flagged": report.flagged(),
            "report": report,
        }))?),
        Format::Table => output::print(&render(&report, &table_src)),
    }
    if a.strict && report.flagged() > 0 {
        return Err(CliError::Failed(format!(
            "claims check: {} finding(s) outside tolerance",
            report.flagged()
        )));
    }
    Ok(ExitCode::SUCCESS)
}

fn render(r: &ClaimsReport, table_src: &str) -> String {
    let l = lang::get();
    let mut t = format!(
        "{}\n\n{}\n",
        tr_args(
            l,
            "cli-claims-checked",
            &[
                ("n", r.claims_checked.to_string()),
                ("tolerance", format!("{:.0}", r.tolerance * 100.0))
            ]
        ),
        lang::t("cli-claims-implied")
    );
    if r.implied.is_empty() {
        t.push_str(&format!("  {}\n", lang::t("report-none")));
    }
    for i in &r.implied {
        let per = if i.per.as_deref() == Some("year") {
            lang::t("cli-claims-annual")
        } else {
            String::new()
        };
        t.push_str(&format!(
            "  {}: {}  [{}]\n",
            i.passage,
            tr_args(
                l,
                "cli-claims-imply",
                &[
                    ("a", i.from.0.to_string()),
                    ("b", i.from.1.to_string()),
                    ("quantity", i.quantity.to_string()),
                    ("value", format!("{}{per}", format_value(i.value, &i.unit)))
                ]
            ),
            i.derivation
        ));
        match &i.reference {
            Some(c) => {
                let conv = c
                    .converted_at
                    .map(|x| tr_args(l, "cli-claims-converted", &[("rate", x.to_string())]))
                    .unwrap_or_default();
                let tol = format!("{:.0}", c.tolerance * 100.0);
                t.push_str(&format!(
                    "    {}{conv}\n    {}\n",
                    tr_args(
                        l,
                        "cli-claims-reference",
                        &[
                            ("name", c.name.to_string()),
                            ("value", format_value(c.value, &c.unit)),
                            ("source", c.source.to_string())
                        ]
                    ),
                    tr_args(
                        l,
                        if c.within_tolerance {
                            "cli-claims-within"
                        } else {
                            "cli-claims-outside"
                        },
                        &[
                            ("deviation", format!("{:+.1}", c.deviation * 100.0)),
                            ("tolerance", tol)
                        ]
                    )
                ));
            }
            None => t.push_str(&format!("    {}\n", lang::t("cli-claims-no-reference"))),
        }
    }
    t.push_str(&format!("\n{}\n", lang::t("cli-claims-contradictions")));
    if r.contradictions.is_empty() {
        t.push_str(&format!("  {}\n", lang::t("cli-claims-none-found")));
    }
    for c in &r.contradictions {
        t.push_str(&format!(
            "  {}:\n    {}: \"{}\" = {}\n    {}: \"{}\" = {}\n",
            tr_args(
                l,
                "cli-claims-differs",
                &[
                    ("quantity", c.quantity.to_string()),
                    ("basis", c.basis.to_string()),
                    ("difference", format!("{:.0}", c.difference * 100.0))
                ]
            ),
            c.a.passage,
            c.a.text,
            format_value(c.a.value, &c.unit),
            c.b.passage,
            c.b.text,
            format_value(c.b.value, &c.unit)
        ));
    }
    t.push_str(&format!(
        "\n{}\n",
        tr_args(
            l,
            "cli-claims-reference-figures",
            &[("source", table_src.to_string())]
        )
    ));
    for f in &r.reference {
        t.push_str(&format!(
            "  {:<22} {} {}{}  — {}\n",
            f.id,
            f.value,
            f.scale
                .as_deref()
                .map(|s| format!("{s} "))
                .unwrap_or_default(),
            f.unit,
            f.source
        ));
    }
    t
}
