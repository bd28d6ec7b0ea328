//! The Decide and KTAB XML importers through the one dispatch
//! (`load_with`, `read_draft`): Decide's examples written back in Decide's
//! own format give the scenarios converted in data/decide/, and malformed
//! files give located errors.

use domei_scenario::format::table::derived_id;
use domei_scenario::{load, load_with, Requirements, Scenario};
use std::path::{Path, PathBuf};

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn tmp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("domei-importers-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `s` written in Decide's input format as Decide exports it (quoted with
/// `'`, tab-separated; ids = the names, as in Decide's own files).
fn to_decide(s: &Scenario) -> String {
    let mut t = String::new();
    for a in &s.actors {
        t.push_str(&format!("'#A'\t'{0}'\t'{0}'\t''\n", a.name));
    }
    for i in &s.issues {
        t.push_str(&format!("'#P'\t'{0}'\t'{0}'\t'{0}'\n", i.name));
        t.push_str(&format!("'#M'\t'{}'\t{}\n", i.name, i.min));
        t.push_str(&format!("'#M'\t'{}'\t{}\n", i.name, i.max));
    }
    for (a, row) in s.stances.iter().enumerate() {
        for (i, st) in row.iter().enumerate() {
            if let Some(st) = st {
                t.push_str(&format!(
                    "'#D'\t'{}'\t'{}'\t{:?}\t{}\t{}\n",
                    s.actors[a].name,
                    s.issues[i].name,
                    st.position.value,
                    st.salience.value,
                    s.actors[a].capability.value
                ));
            }
        }
    }
    t
}

#[test]
fn decides_examples_in_its_own_format_give_the_converted_scenarios() {
    for ex in ["sample_data", "copenhagen", "cop21"] {
        let converted = load(&repo(&format!("data/decide/{ex}/scenario.toml"))).unwrap();
        let file = tmp_file(&format!("{ex}.txt"), &to_decide(&converted));
        let read = load(&file).unwrap_or_else(|e| panic!("{ex}: {e}"));
        assert_eq!(read.actors.len(), converted.actors.len(), "{ex}");
        for (a, b) in read.actors.iter().zip(&converted.actors) {
            assert_eq!(a.name, b.name, "{ex}");
            // The file's id where valid, else the importers' rule
            // (`EU (incl Norway)` → `eu-incl-norway`; the conversion in
            // data/decide kept the case: `EU-incl-Norway`).
            assert!(
                a.id == b.id || a.id == derived_id(&b.name),
                "{ex}: {} {}",
                a.id,
                b.id
            );
            assert_eq!(a.capability.value, b.capability.value, "{ex} {}", a.id);
        }
        assert_eq!(read.issues.len(), converted.issues.len(), "{ex}");
        for (a, b) in read.issues.iter().zip(&converted.issues) {
            assert_eq!(
                (&a.id, &a.name, a.min, a.max),
                (&b.id, &b.name, b.min, b.max),
                "{ex}"
            );
        }
        for (ra, rb) in read.stances.iter().zip(&converted.stances) {
            for (x, y) in ra.iter().zip(rb) {
                let v = |s: &Option<domei_scenario::Stance>| {
                    s.as_ref().map(|s| (s.position.value, s.salience.value))
                };
                assert_eq!(v(x), v(y), "{ex}");
            }
        }
    }
}

#[test]
fn decide_separators_quotes_and_unicode_names() {
    // `;`-separated, unquoted, a Japanese actor, a scale from #M points, a
    // meaning as an anchor, saliences on 0–100.
    let t = "#O;Tariff talks\n#/;a comment\n#A;日本;日本政府;\n#A;US;United States\n#P;tariff;Tariff rate\n#M;tariff;0;none\n#M;tariff;25;the threatened rate\n#D;日本;tariff;10;80;40\n#D;US;tariff;25;90;100\n";
    let s = load(&tmp_file("talks.csv", t)).unwrap();
    assert_eq!(s.name, "Tariff talks");
    assert_eq!(s.actors[0].id, "u65e5-u672c");
    assert_eq!(s.actors[0].name, "日本政府");
    assert_eq!((s.issues[0].min, s.issues[0].max), (0.0, 25.0));
    assert_eq!(s.issues[0].anchors.len(), 2);
    assert_eq!(s.stance(0, 0).unwrap().salience.value, 0.8);
}

fn error_of(name: &str, text: &str) -> String {
    let e = load_with(&tmp_file(name, text), Requirements::default()).unwrap_err();
    e.to_string()
}

#[test]
fn malformed_decide_files_are_located() {
    let good = "#A\tUS\tUS\n#A\tJP\tJP\n#P\tt\tt\n#D\tUS\tt\t10\t0.5\t1\n#D\tJP\tt\t20\t0.5\t2\n";
    for (what, text, at, says) in [
        (
            "a bad number",
            good.replace("\t20\t", "\tx\t"),
            ":5:9:",
            "position: expected a number",
        ),
        (
            "a short #D",
            good.replace("\t0.5\t2\n", "\n"),
            ":5:",
            "a #D line needs",
        ),
        (
            "an unknown key",
            format!("{good}#X\tfoo\n"),
            ":6:1:",
            "not a Decide line key",
        ),
        (
            "two powers",
            format!("{good}#P\tq\n#D\tUS\tq\t5\t0.5\t3\n"),
            ":7:",
            "has power 3 here but 1 on line 4",
        ),
        (
            "an actor without #D",
            format!("#A\tEU\tEU\n{good}"),
            ":1:",
            "has no #D line",
        ),
        (
            "an unknown actor",
            format!("{good}#D\tKR\tt\t5\t0.5\t3\n"),
            ":6:",
            "KR",
        ),
        (
            "a position off the scale",
            good.replace("#P\tt\tt\n", "#P\tt\tt\n#M\tt\t0\n#M\tt\t15\n"),
            ":7:9:",
            "20",
        ),
        (
            "a separator missing",
            good.replace("#A\tJP\tJP", "#A JP JP"),
            ":2:1:",
            "not a Decide line key",
        ),
    ] {
        let e = error_of(&format!("{}.txt", what.replace(' ', "-")), &text);
        assert!(e.contains(at) && e.contains(says), "{what}: {e}");
    }
    // A file whose first line is not Decide's is not taken for one.
    let e = error_of("plain.txt", "hello\n");
    assert!(e.contains("unknown scenario format"), "{e}");
}

#[test]
fn ktab_xml_reads_and_malformed_files_are_located() {
    let good = r#"<Scenario>
  <name>Talks</name><desc>d</desc>
  <Dimensions><dName>Tariff</dName><dName>Purchases</dName></Dimensions>
  <Actors>
    <Actor><name>US</name><description>Admin</description><capability>100</capability>
      <Position><dCoord>80</dCoord><dCoord>90</dCoord></Position>
      <Salience><dSal>60</dSal><dSal>30</dSal></Salience></Actor>
    <Actor><name>日本</name><description>Gov</description><capability>40</capability>
      <Position><dCoord>10</dCoord><dCoord>40</dCoord></Position>
      <Salience><dSal>50</dSal><dSal>50</dSal></Salience></Actor>
  </Actors>
</Scenario>
"#;
    let s = load(&tmp_file("talks.xml", good)).unwrap();
    assert_eq!((s.actors.len(), s.issues.len()), (2, 2));
    assert_eq!(s.actors[1].id, "u65e5-u672c");
    assert_eq!(s.stance(1, 0).unwrap().salience.value, 0.5);
    for (what, text, at, says) in [
        (
            "unclosed",
            good.replace("</Actors>", ""),
            ":12:",
            "not well-formed XML",
        ),
        (
            "bad number",
            good.replace("<capability>40<", "<capability>forty<"),
            ":8:",
            "capability: expected a number",
        ),
        (
            "one dCoord short",
            good.replace("<dCoord>40</dCoord>", ""),
            ":9:7:",
            "has 1 <dCoord>, but the scenario has 2",
        ),
        (
            "wrong root",
            good.replace("Scenario>", "Scenari>"),
            ":1:1:",
            "not <Scenario>",
        ),
        (
            "typo",
            good.replace("capability>100</capability", "capabilty>100</capabilty"),
            ":5:",
            "unknown element <capabilty>",
        ),
        (
            "position off the scale",
            good.replace("<dCoord>80<", "<dCoord>180<"),
            ":6:",
            "180",
        ),
        (
            "DTD",
            format!("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>\n{good}"),
            ":1:",
            "DTD",
        ),
    ] {
        let e = error_of(&format!("{}.xml", what.replace(' ', "-")), &text);
        assert!(e.contains(at) && e.contains(says), "{what}: {e}");
    }
}

#[test]
fn past_the_limits_before_parsing() {
    let mut t = String::from("#P\tt\n");
    for a in 0..10_001 {
        t.push_str(&format!("#A\ta{a}\n"));
    }
    let e = error_of("many.txt", &t);
    assert!(e.contains(":10002:1:") && e.contains("`actors`"), "{e}");
    let mut x = String::from("<Scenario><Actors>\n");
    for _ in 0..10_001 {
        x.push_str("<Actor></Actor>\n");
    }
    x.push_str("</Actors></Scenario>\n");
    let e = error_of("many.xml", &x);
    assert!(e.contains(":10002:1:") && e.contains("`actors`"), "{e}");
}
