//! Every kind of bad input gives exit status 2 and a message naming the
//! file and the line, never a panic — tested on the real binary.

mod common;
use common::*;

const GOOD: &str = include_str!("../../../tests/fixtures/small-scenario.toml");

const KTAB: &str = "Name,Desc,3,2,\n\
Actor,Description,Power,P1,S1,P2,S2,\n\
A,First,10,20,30,40,50,\n\
B,Second,20,30,40,50,60,\n\
C,Third,30,40,50,60,70,\n";

struct Case {
    name: &'static str,
    file: &'static str,
    contents: Vec<u8>,
    extra: &'static [&'static str],
    /// Expected `file:line` prefix (line 0: file only) and message fragment.
    line: u32,
    says: &'static str,
}

fn toml(name: &'static str, from: &str, to: &str, line: u32, says: &'static str) -> Case {
    assert!(GOOD.contains(from), "{name}: {from:?} not in GOOD");
    Case {
        name,
        file: "s.toml",
        contents: GOOD.replacen(from, to, 1).into_bytes(),
        extra: &[],
        line,
        says,
    }
}

fn cases() -> Vec<Case> {
    let mut big = String::from("actor,capability,position,salience\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("Some actor with a long name,0.5,5,0.5\n");
    }
    let mut non_utf8 = GOOD.as_bytes().to_vec();
    let at = GOOD.find("name = \"Test\"").unwrap() + 8;
    non_utf8.splice(at..at, [0xff, 0xfe]);
    vec![
        toml(
            "broken toml",
            "name = \"Test\"",
            "name = \"Test",
            3,
            "string",
        ),
        toml(
            "unknown key",
            "scale = {",
            "sacle = {",
            15,
            "unknown field `sacle`",
        ),
        toml(
            "unknown actor",
            "actor = \"b\"",
            "actor = \"c\"",
            25,
            "unknown actor \"c\"",
        ),
        toml(
            "duplicate actor",
            "id = \"b\"",
            "id = \"a\"",
            10,
            "duplicate actor id \"a\"",
        ),
        toml(
            "position outside scale",
            "position = 8",
            "position = 11",
            27,
            "lies outside issue \"x\"'s scale",
        ),
        toml(
            "salience outside 0..1",
            "salience = 1\n",
            "salience = 1.2\n",
            28,
            "outside the salience range 0..1",
        ),
        toml(
            "capability zero",
            "capability = 1\n",
            "capability = 0\n",
            11,
            "capability must be > 0",
        ),
        toml(
            "capability negative",
            "capability = 2",
            "capability = -2",
            7,
            "capability must be > 0",
        ),
        toml("nan", "position = 2", "position = nan", 21, "is NaN"),
        toml("inf", "salience = 0.5", "salience = inf", 22, "is inf"),
        toml(
            "range low > high",
            "position = 2",
            "position = { low = 3, high = 1 }",
            21,
            "low 3 is greater than high 1",
        ),
        toml(
            "status quo outside scale",
            "status_quo = 5",
            "status_quo = 50",
            16,
            "outside issue \"x\"'s scale",
        ),
        toml(
            "bad id",
            "id = \"x\"",
            "id = \"x y\"",
            14,
            "is not a valid id",
        ),
        toml(
            "bad evidence reference",
            "position = 2",
            "position = { value = 2, evidence = [\"no-hash\"] }",
            21,
            "not of the form DOC#LOCATOR",
        ),
        Case {
            name: "empty scenario",
            file: "s.toml",
            contents: b"[scenario]\nid = \"t\"\nname = \"t\"\n".to_vec(),
            extra: &[],
            line: 1,
            says: "the scenario has no actors",
        },
        Case {
            name: "missing status quo for nash",
            file: "s.toml",
            contents: GOOD.replacen("status_quo = 5\n", "", 1).into_bytes(),
            extra: &["--model", "nash"],
            line: 14,
            says: "has no status quo, which the nash model needs",
        },
        Case {
            name: "truncated KTAB csv",
            file: "k.csv",
            contents: KTAB.as_bytes()[..KTAB.len() - 12].to_vec(),
            extra: &[],
            line: 5,
            says: "expected 7 columns",
        },
        Case {
            name: "KTAB negative salience",
            file: "k.csv",
            contents: KTAB
                .replacen("20,30,40,50,60", "20,30,-40,50,60", 1)
                .into_bytes(),
            extra: &[],
            line: 4,
            says: "outside the salience range 0..100",
        },
        Case {
            name: "KTAB wrong actor count",
            file: "k.csv",
            contents: KTAB
                .replacen("Name,Desc,3,2", "Name,Desc,4,2", 1)
                .into_bytes(),
            extra: &[],
            line: 5,
            says: "row 1 says 4 actors but 3 actor rows follow",
        },
        Case {
            name: "simple csv wrong column count",
            file: "c.csv",
            contents: b"actor,capability,position,salience\nA,1,2,0.5\nB,1,3\n".to_vec(),
            extra: &[],
            line: 3,
            says: "expected 4 columns",
        },
        Case {
            name: "simple csv not a number",
            file: "c.csv",
            contents: b"actor,capability,position,salience\nA,1,2,0.5\nB,one,3,0.5\n".to_vec(),
            extra: &[],
            line: 3,
            says: "capability: expected a number, found \"one\"",
        },
        Case {
            name: "DEU table with a short row",
            file: "d.tsv",
            contents: {
                let t = std::fs::read_to_string(repo().join("data/deu3/dev.tsv")).unwrap();
                let mut lines: Vec<String> = t.lines().take(6).map(String::from).collect();
                let cut: Vec<&str> = lines[4].split('\t').take(20).collect();
                lines[4] = cut.join("\t");
                lines.join("\n").into_bytes()
            },
            extra: &[],
            line: 5,
            says: "expected 75 tab-separated columns, found 20",
        },
        Case {
            name: "non-UTF-8 bytes",
            file: "s.toml",
            contents: non_utf8,
            extra: &[],
            line: 3,
            says: "not valid UTF-8",
        },
        Case {
            name: "50 MB file",
            file: "big.csv",
            contents: big.into_bytes(),
            extra: &[],
            line: 1,
            says: "MiB limit",
        },
        Case {
            name: "empty file",
            file: "e.csv",
            contents: Vec::new(),
            extra: &[],
            line: 1,
            says: "empty",
        },
        Case {
            name: "unknown extension",
            file: "s.yaml",
            contents: b"a: 1\n".to_vec(),
            extra: &[],
            line: 0,
            says: "unknown scenario format",
        },
    ]
}

#[test]
fn malformed_inputs_exit_2_naming_file_and_line() {
    let dir = TempDir::new("malformed");
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for c in &cases {
        let path = dir.write(c.file, &c.contents);
        let p = path.to_string_lossy().into_owned();
        for cmd in ["forecast", "check"] {
            if cmd == "check" && !c.extra.is_empty() {
                continue;
            }
            let mut args = vec![cmd, p.as_str()];
            args.extend(c.extra);
            let o = run(&args);
            let err = stderr(&o);
            let want = if c.line == 0 {
                format!("{p}: error: ")
            } else {
                format!("{p}:{}:", c.line)
            };
            let ok = o.status.code() == Some(2)
                && err.contains(&want)
                && err.contains(c.says)
                && !err.contains("panicked");
            if !ok {
                failures.push(format!(
                    "{} ({cmd}): status {:?}, wanted {want:?} and {:?}\n{err}",
                    c.name,
                    o.status.code(),
                    c.says
                ));
            }
            assert!(
                o.stdout.is_empty() || cmd == "check",
                "{}: wrote to stdout",
                c.name
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn several_errors_are_reported_together() {
    let dir = TempDir::new("several");
    let bad = GOOD.replacen("position = 2", "position = 12", 1).replacen(
        "capability = 1\n",
        "capability = 0\n",
        1,
    );
    let p = dir.write("s.toml", bad);
    let o = run(&["check", p.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains(":11:") && err.contains(":21:") && err.contains("2 errors"),
        "{err}"
    );
}

#[test]
fn missing_file_and_bad_flags_exit_2() {
    let o = run(&["forecast", "no/such/file.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file.toml"), "{}", stderr(&o));
    let o = run(&["forecast", "--model", "oracle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown model `oracle`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["forecast", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}
