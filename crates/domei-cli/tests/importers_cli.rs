//! End to end: the Decide and KTAB XML importers on the real binary —
//! `check`, `forecast` and `import` read them like any input (the imported
//! TOML forecasts the same), and malformed files exit 2 naming file, line
//! and column. Every file here is written for these tests.

mod common;

use common::{run, stderr, stdout, TempDir};
use std::path::Path;

const DECIDE: &str = "'#O'\t'Tariff talks'\n\
'#/'\t'written for domei''s tests'\n\
'#A'\t'USA'\t'United States'\t''\n\
'#A'\t'日本'\t'日本政府'\t'the government'\n\
'#A'\t'EU (27)'\t'European Union'\t''\n\
'#P'\t'tariff'\t'Tariff rate'\t'US tariff on cars'\n\
'#M'\t'tariff'\t0\t'none'\n\
'#M'\t'tariff'\t25\t'the threatened rate'\n\
'#P'\t'purchases'\t'Purchases'\t''\n\
'#D'\t'USA'\t'tariff'\t25.0\t0.9\t0.5\n\
'#D'\t'日本'\t'tariff'\t5.0\t0.8\t0.2\n\
'#D'\t'EU (27)'\t'tariff'\t10.0\t0.4\t0.3\n\
'#D'\t'USA'\t'purchases'\t90.0\t0.6\t0.5\n\
'#D'\t'日本'\t'purchases'\t40.0\t0.7\t0.2\n\
'#D'\t'EU (27)'\t'purchases'\t20.0\t0.3\t0.3\n";

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tariff talks</name>
  <desc>Written for domei's tests</desc>
  <Dimensions><dName>Tariff</dName><dName>Purchases</dName></Dimensions>
  <Actors>
    <Actor><name>US</name><description>Administration</description><capability>100</capability>
      <Position><dCoord>80</dCoord><dCoord>90</dCoord></Position>
      <Salience><dSal>60</dSal><dSal>30</dSal></Salience></Actor>
    <Actor><name>日本</name><description>Government</description><capability>40</capability>
      <Position><dCoord>10</dCoord><dCoord>40</dCoord></Position>
      <Salience><dSal>70</dSal><dSal>30</dSal></Salience></Actor>
    <Actor><name>EU</name><description>Commission</description><capability>60</capability>
      <Position><dCoord>30</dCoord><dCoord>20</dCoord></Position>
      <Salience><dSal>40</dSal><dSal>40</dSal></Salience></Actor>
  </Actors>
</Scenario>
"#;

fn forecast_values(input: &Path) -> serde_json::Value {
    let p = input.to_string_lossy();
    let o = run(&[
        "forecast",
        "--no-store",
        "--model",
        "compromise,median,bdm,exchange",
        "--format",
        "json",
        &p,
    ]);
    assert_eq!(o.status.code(), Some(0), "{p}: {}", stderr(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let issues = j["issues"].as_array().expect("issues").clone();
    // Each issue's id and each model's value.
    serde_json::Value::Array(
        issues
            .iter()
            .map(|i| {
                serde_json::json!({
                    "issue": i["id"],
                    "models": i["forecasts"].as_array().map(|ms| ms.iter().map(|m| serde_json::json!([m["model"], m["value"]])).collect::<Vec<_>>()),
                })
            })
            .collect(),
    )
}

#[test]
fn decide_and_ktab_xml_files_check_forecast_and_import() {
    let dir = TempDir::new("importers");
    for (file, text, actor) in [
        ("talks.txt", DECIDE, "u65e5-u672c"),
        ("talks.csv", DECIDE, "u65e5-u672c"),
        ("talks.xml", XML, "u65e5-u672c"),
    ] {
        let path = dir.write(file, text);
        let p = path.to_string_lossy().into_owned();
        let o = run(&["check", &p]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let before = forecast_values(&path);
        assert_eq!(before.as_array().map(Vec::len), Some(2), "{file}: {before}");
        let out = dir.0.join(format!("out-{file}"));
        let o = run(&["import", &p, "-o", &out.to_string_lossy()]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let toml = std::fs::read_to_string(out.join("scenario.toml")).unwrap();
        assert!(
            toml.contains(&format!("id = \"{actor}\"")) && toml.contains("日本"),
            "{file}: {toml}"
        );
        // The imported scenario forecasts exactly as the original file.
        assert_eq!(forecast_values(&out), before, "{file}");
    }
}

#[test]
fn malformed_decide_and_ktab_xml_files_exit_2_naming_file_line_and_column() {
    let dir = TempDir::new("importers-bad");
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "number.txt",
            DECIDE.replace("\t5.0\t0.8", "\tfive\t0.8"),
            ":11:20:",
            "position: expected a number",
        ),
        (
            "power.txt",
            DECIDE.replace("'purchases'\t40.0\t0.7\t0.2", "'purchases'\t40.0\t0.7\t0.9"),
            ":14:",
            "power 0.9 here but 0.2 on line 11",
        ),
        (
            "key.txt",
            format!("{DECIDE}'#Q'\t'x'\n"),
            ":16:1:",
            "not a Decide line key",
        ),
        (
            "short.txt",
            DECIDE.replace("\t20.0\t0.3\t0.3", "\t20.0"),
            ":15:",
            "a #D line needs",
        ),
        (
            "scale.txt",
            DECIDE.replace("25.0\t0.9", "35.0\t0.9"),
            ":10:",
            "35",
        ),
        (
            "unclosed.xml",
            XML.replace(
                "</Position>\n      <Salience><dSal>70",
                "\n      <Salience><dSal>70",
            ),
            ":",
            "not well-formed XML",
        ),
        (
            "count.xml",
            XML.replace("<dSal>40</dSal><dSal>40</dSal>", "<dSal>40</dSal>"),
            ":15:7:",
            "has 1 <dSal>, but the scenario has 2 dimensions",
        ),
        (
            "number.xml",
            XML.replace("<capability>60<", "<capability>sixty<"),
            ":13:",
            "capability: expected a number",
        ),
        (
            "root.xml",
            XML.replace("Scenario>", "Scenery>"),
            ":2:1:",
            "not <Scenario>",
        ),
    ];
    for (file, text, at, says) in &cases {
        let path = dir.write(file, text);
        let p = path.to_string_lossy().into_owned();
        for args in [
            vec!["check", &p],
            vec!["forecast", "--no-store", &p],
            vec!["import", &p],
        ] {
            let o = run(&args);
            let e = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{file} {args:?}: {e}");
            assert!(
                e.contains(&format!("{p}{at}")) && e.contains(says) && !e.contains("panicked"),
                "{file} {args:?}: wanted {at} and {says:?}:\n{e}"
            );
            assert!(stdout(&o).is_empty(), "{file} {args:?}: wrote to stdout");
        }
    }
}
