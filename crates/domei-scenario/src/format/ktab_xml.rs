//! Reader for KTAB's SMP scenario XML (the `<Scenario>` files of KTAB's
//! `smpc`, described by examples/smp/doc/smpSchema.xsd in KTAB's
//! repository): a name, a description, optional `<Dimensions>` with one
//! `<dName>` per dimension, and `<Actors>`, each `<Actor>` with `<name>`,
//! `<description>`, `<capability>`, `<Position>` (one `<dCoord>` per
//! dimension, 0–100) and `<Salience>` (one `<dSal>` per dimension, 0–100,
//! rescaled like the KTAB CSV's when they sum to more than 100). KTAB's
//! `prngSeed`, `ModelParameters` and `IdealAdjustment` are read past with a
//! warning: domei's smp model has its own switches.
//!
//! Parsed by roxmltree (no DTD, so no entity expansion); every error points
//! at the element it concerns.

use super::csv::rescale_saliences;
use super::prescan::too_many;
use super::table::{derived_id, slug};
use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{Draft, DraftActor, DraftIssue, DraftStance, DraftValue};
use crate::model::{Loc, SourceFormat};
use roxmltree::{Document, Node};
use std::path::Path;

/// Most XML nodes of a scenario file (elements, texts, comments): far more
/// than the limits' largest table needs, bounding the parser's memory.
const MAX_NODES: u32 = 4_000_000;

/// Refuses a file with more `<Actor>`s or `<dName>`s than the limits
/// before parsing it (prescan.rs).
fn sizes(path: &Path, text: &str) -> Result<(), Diagnostics> {
    use domei_limits::{ACTORS, ISSUES};
    for (tag, limit) in [("<Actor", ACTORS), ("<dName", ISSUES)] {
        let mut n = 0u64;
        for (at, _) in text.match_indices(tag) {
            let next = text.as_bytes().get(at + tag.len());
            if !matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')) {
                continue;
            }
            n += 1;
            if n > limit.max {
                let line = text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
                let loc = Loc::new(u32::try_from(line).unwrap_or(u32::MAX), 1);
                let here = " (this element is the first one past the limit)";
                return Err(Diagnostics::single(too_many(path, loc, limit, n, here)));
            }
        }
    }
    Ok(())
}

struct Reader<'a, 'i> {
    path: &'a Path,
    doc: &'a Document<'i>,
    diags: Diagnostics,
    warnings: Vec<Diagnostic>,
}

impl<'a, 'i> Reader<'a, 'i> {
    fn loc(&self, n: Node) -> Loc {
        let p = self.doc.text_pos_at(n.range().start);
        Loc::new(p.row, p.col)
    }

    fn err(&mut self, n: Node, msg: String, help: &str) {
        let d = Diagnostic::new(self.path, self.loc(n), msg).help(help);
        self.diags.push(d);
    }

    fn text(n: Node<'a, 'i>) -> &'a str {
        n.text().unwrap_or("").trim()
    }

    /// The one child element `name` of `n`, or an error.
    fn child(&mut self, n: Node<'a, 'i>, name: &str, help: &str) -> Option<Node<'a, 'i>> {
        let found = n.children().find(|c| c.has_tag_name(name));
        if found.is_none() {
            self.err(
                n,
                format!("<{}> has no <{name}>", n.tag_name().name()),
                help,
            );
        }
        found
    }

    fn number(&mut self, n: Node<'a, 'i>, what: &str) -> Option<f64> {
        let t = Self::text(n);
        match t.parse::<f64>() {
            Ok(x) => Some(x),
            Err(_) => {
                let shown = if t.is_empty() {
                    "nothing".to_string()
                } else {
                    format!("{t:?}")
                };
                self.err(
                    n,
                    format!("{what}: expected a number, found {shown}"),
                    "write a decimal number such as 40 or 12.5 between the tags",
                );
                None
            }
        }
    }

    /// The numbers of `n`'s `tag` children.
    fn numbers(&mut self, n: Node<'a, 'i>, tag: &str, what: &str) -> Vec<(Option<f64>, Loc)> {
        n.children()
            .filter(|c| c.has_tag_name(tag))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|c| (self.number(c, what), self.loc(c)))
            .collect()
    }
}

/// Reads KTAB's scenario XML into a draft, and the warnings (rescaled
/// saliences, KTAB settings domei does not use).
pub fn read(path: &Path, text: &str) -> Result<(Draft, Vec<Diagnostic>), Diagnostics> {
    sizes(path, text)?;
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| {
        let p = e.pos();
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at ")
            .filter(|(_, pos)| pos.contains(':'))
            .map_or(msg.as_str(), |(m, _)| m)
            .to_string();
        let help = match e {
            roxmltree::Error::DtdDetected => "remove the <!DOCTYPE ...> declaration: scenario files need none",
            roxmltree::Error::NodesLimitReached => "this file has far more elements than a scenario within the limits (docs/cli.md, \"Limits\")",
            _ => "this is not well-formed XML here: check that every tag is closed and '<' and '&' in texts are written &lt; and &amp;",
        };
        Diagnostics::single(
            Diagnostic::new(path, Loc::new(p.row, p.col), format!("not well-formed XML: {msg}"))
                .help(help),
        )
    })?;
    let mut r = Reader {
        path,
        doc: &doc,
        diags: Diagnostics::default(),
        warnings: Vec::new(),
    };
    let root = doc.root_element();
    if !root.has_tag_name("Scenario") {
        r.err(
            root,
            format!(
                "the root element is <{}>, not <Scenario>",
                root.tag_name().name()
            ),
            "a KTAB scenario file's root element is <Scenario> (KTAB's smpSchema.xsd)",
        );
        return Err(r.diags);
    }
    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::KtabXml);
    draft.salience_scale = 100.0;
    draft.header_loc = r.loc(root);
    let mut dims: Option<Vec<(String, Loc)>> = None;
    let mut actors = Vec::new();
    for c in root.children().filter(Node::is_element) {
        match c.tag_name().name() {
            "name" => draft.name = Some(Reader::text(c).to_string()).filter(|s| !s.is_empty()),
            "desc" => {
                draft.description = Some(Reader::text(c).to_string()).filter(|s| !s.is_empty())
            }
            "Dimensions" => {
                let names: Vec<(String, Loc)> = c
                    .children()
                    .filter(|d| d.has_tag_name("dName"))
                    .map(|d| (Reader::text(d).to_string(), r.loc(d)))
                    .collect();
                if names.is_empty() {
                    r.err(c, "<Dimensions> has no <dName>".into(), "name each dimension: <dName>Tariffs</dName>");
                }
                dims = Some(names);
            }
            "Actors" => actors.extend(c.children().filter(|a| a.has_tag_name("Actor"))),
            other @ ("prngSeed" | "ModelParameters" | "IdealAdjustment") => {
                r.warnings.push(
                    Diagnostic::new(path, r.loc(c), format!("<{other}> is KTAB's own setting; domei reads past it"))
                        .help("domei's smp model has its own switches (docs/cli.md); the scenario's actors and dimensions are read")
                        .warning(),
                );
            }
            other => r.err(
                c,
                format!("unknown element <{other}> in <Scenario>"),
                "a KTAB scenario has <name>, <desc>, <prngSeed>, <ModelParameters>, <Dimensions>, <Actors> and <IdealAdjustment>",
            ),
        }
    }
    if actors.is_empty() {
        r.err(
            root,
            "the scenario has no <Actors> with an <Actor>".into(),
            "add <Actors> with one <Actor> per actor",
        );
        return Err(r.diags);
    }
    // Without <Dimensions>, as many as the first actor has positions.
    let dims = dims.unwrap_or_else(|| {
        let n = actors[0]
            .descendants()
            .filter(|d| d.has_tag_name("dCoord"))
            .count()
            .max(1);
        let loc = r.loc(actors[0]);
        (1..=n).map(|k| (format!("Dimension {k}"), loc)).collect()
    });
    for (k, (name, loc)) in dims.iter().enumerate() {
        let mut id = slug(name);
        if id.is_empty() || draft.issues.iter().any(|i| i.id == id) {
            id = format!("dim{}", k + 1);
        }
        draft.issues.push(DraftIssue {
            id,
            name: Some(name.clone()),
            unit: Some("0–100".into()),
            min: Some(0.0),
            max: Some(100.0),
            loc: *loc,
            scale_loc: *loc,
            ..Default::default()
        });
    }
    let help_actor =
        "each <Actor> has <name>, <description>, <capability>, <Position> and <Salience>";
    for a in actors {
        for c in a.children().filter(Node::is_element) {
            let n = c.tag_name().name();
            if !matches!(
                n,
                "name" | "description" | "capability" | "Position" | "Salience"
            ) {
                r.err(c, format!("unknown element <{n}> in <Actor>"), help_actor);
            }
        }
        let Some(name_el) = r.child(a, "name", help_actor) else {
            continue;
        };
        let name = Reader::text(name_el).to_string();
        if name.is_empty() {
            r.err(
                name_el,
                "the actor's <name> is empty".into(),
                "give every actor a name",
            );
            continue;
        }
        let id = derived_id(&name);
        let description = a
            .children()
            .find(|c| c.has_tag_name("description"))
            .map(|c| Reader::text(c).to_string())
            .filter(|d| !d.is_empty());
        let capability = r.child(a, "capability", help_actor).and_then(|c| {
            r.number(c, "capability")
                .map(|x| DraftValue::point(x, r.loc(c)))
        });
        draft.actors.push(DraftActor {
            id: id.clone(),
            name: Some(name.clone()),
            description,
            capability,
            loc: r.loc(name_el),
        });
        let (Some(pos_el), Some(sal_el)) = (
            r.child(a, "Position", help_actor),
            r.child(a, "Salience", help_actor),
        ) else {
            continue;
        };
        let pos = r.numbers(pos_el, "dCoord", "position");
        let sal = r.numbers(sal_el, "dSal", "salience");
        let mut ok = true;
        for (list, el, tag) in [(&pos, pos_el, "dCoord"), (&sal, sal_el, "dSal")] {
            if list.len() != dims.len() {
                r.err(
                    el,
                    format!(
                        "actor {name:?} has {} <{tag}>, but the scenario has {} dimensions",
                        list.len(),
                        dims.len()
                    ),
                    "give one value per dimension, in the order of <Dimensions>",
                );
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let mut sal_values: Vec<Option<f64>> = sal.iter().map(|(s, _)| *s).collect();
        if let Some(w) = rescale_saliences(path, r.loc(sal_el), &name, &mut sal_values) {
            r.warnings.push(w);
        }
        for (d, ((p, p_loc), (s, (_, s_loc)))) in
            pos.iter().zip(sal_values.iter().zip(&sal)).enumerate()
        {
            draft.stances.push(DraftStance {
                actor: id.clone(),
                actor_loc: r.loc(name_el),
                issue: draft.issues[d].id.clone(),
                issue_loc: *p_loc,
                position: p.map(|p| DraftValue::point(p, *p_loc)),
                salience: s.map(|s| DraftValue::point(s, *s_loc)),
                loc: r.loc(a),
            });
        }
    }
    let stem = slug(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let sid = draft.name.as_deref().map(slug).unwrap_or_default();
    draft.id = Some(if !sid.is_empty() {
        sid
    } else if !stem.is_empty() {
        stem
    } else {
        "scenario".into()
    });
    let Reader {
        diags, warnings, ..
    } = r;
    diags.into_result()?;
    Ok((draft, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tariff talks</name>
  <desc>Three actors, two dimensions</desc>
  <prngSeed>42</prngSeed>
  <Dimensions><dName>Tariff rate</dName><dName>Purchases</dName></Dimensions>
  <Actors>
    <Actor><name>US</name><description>Administration</description><capability>100</capability>
      <Position><dCoord>80</dCoord><dCoord>90</dCoord></Position>
      <Salience><dSal>60</dSal><dSal>30</dSal></Salience></Actor>
    <Actor><name>日本</name><description>Government</description><capability>40</capability>
      <Position><dCoord>10</dCoord><dCoord>40</dCoord></Position>
      <Salience><dSal>70</dSal><dSal>50</dSal></Salience></Actor>
    <Actor><name>EU</name><description></description><capability>60</capability>
      <Position><dCoord>30</dCoord><dCoord>20</dCoord></Position>
      <Salience><dSal>40</dSal><dSal>40</dSal></Salience></Actor>
  </Actors>
</Scenario>
"#;

    #[test]
    fn reads_dimensions_actors_and_rescales_saliences() {
        let (d, w) = read(Path::new("t.xml"), SMALL).unwrap();
        assert_eq!(d.id.as_deref(), Some("tariff-talks"));
        assert_eq!(d.issues[0].id, "tariff-rate");
        assert_eq!(d.actors[1].id, "u65e5-u672c");
        assert_eq!(d.actors[1].name.as_deref(), Some("日本"));
        assert_eq!(d.stances.len(), 6);
        // 日本's saliences (70 + 50) are rescaled to sum to 100; prngSeed
        // is read past.
        assert_eq!(w.len(), 2, "{w:?}");
        let s = d.stances[2]
            .salience
            .as_ref()
            .and_then(|v| v.value)
            .unwrap();
        assert!((s - 70.0 * 100.0 / 120.0).abs() < 1e-9);
        assert_eq!(
            d.stances[2].position.as_ref().unwrap().loc,
            Loc::new(12, 17)
        );
        assert!(crate::validate(&d, Default::default()).is_ok());
    }
}
