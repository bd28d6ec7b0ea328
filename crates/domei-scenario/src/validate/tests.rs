use super::*;
use crate::grounding::{is_short_quote, Grounding};
use crate::model::{Support, Voice};
use std::path::Path;

#[test]
fn ids() {
    assert!(is_valid_id("us-admin"));
    assert!(is_valid_id("d00060i1"));
    assert!(!is_valid_id("-x"));
    assert!(!is_valid_id("a.b"));
    assert!(!is_valid_id(""));
    assert!(!is_valid_id("日本"));
}

#[test]
fn edit_distance_works() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "ab"), 2);
    assert_eq!(edit_distance("japan-gov", "japan-gov"), 0);
}

/// A one-stance scenario whose position is written as `position`.
fn scen(position: &str) -> String {
    format!(
        "[scenario]\nid = \"t\"\n[[actors]]\nid = \"a\"\ncapability = {{ value = 1, judgement = \"j\" }}\n[[issues]]\nid = \"x\"\nscale = {{ min = 0, max = 1 }}\n[[stances]]\nactor = \"a\"\nissue = \"x\"\nsalience = {{ value = 0.5, judgement = \"j\" }}\nposition = {position}\n"
    )
}

fn load(text: &str) -> Result<Scenario, Diagnostics> {
    crate::from_toml_str(Path::new("s.toml"), text, Requirements::default())
}

fn rules(text: &str, strict: bool) -> (String, String) {
    let s = load(text).unwrap();
    let mut g = Grounding::new(strict);
    g.scenario(&s);
    let (e, w) = g.finish();
    let w: Vec<String> = w.iter().map(|d| d.to_string()).collect();
    (e.to_string(), w.join("\n"))
}

const LONG: &str = "urged a rapid increase to three percent of GDP";

#[test]
fn support_and_voice_are_read_and_carried() {
    let s = load(&scen(&format!("{{ value = 0.5, evidence = [{{ passage = \"D#p1\", quote = \"{LONG}\", support = \"states\", voice = \"observer\" }}] }}"))).unwrap();
    let r = &s.stance(0, 0).unwrap().position.evidence[0];
    assert_eq!(
        (r.support, r.voice, r.needs_review),
        (Support::States, Voice::Observer, false)
    );
    assert_eq!(
        s.stance(0, 0).unwrap().position.strength(),
        crate::Strength::CitedStates
    );
    // Absent keys read as unrated.
    let s = load(&scen("{ value = 0.5, evidence = [\"D#p1\"] }")).unwrap();
    let r = &s.stance(0, 0).unwrap().position.evidence[0];
    assert_eq!((r.support, r.voice), (Support::Unrated, Voice::Unrated));
}

#[test]
fn unknown_support_voice_or_review_is_located() {
    let e = load(&scen(
        "{ value = 0.5, evidence = [{ passage = \"D#p1\", support = \"says\" }] }",
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("s.toml:13:69: error: a.x.position: support \"says\" is not one of states, implies, context, unrated"), "{e}");
    assert!(e.contains("help: `states`"), "{e}");
    let e = load(&scen(
        "{ value = 0.5, evidence = [{ passage = \"D#p1\", voice = \"author\" }] }",
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("s.toml:13:67: error: a.x.position: voice \"author\" is not one of actor, observer, recommendation, unrated"), "{e}");
    let e = load(&scen(
        "{ value = 0.5, evidence = [{ passage = \"D#p1\", review = \"yes\" }] }",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("s.toml:13:68: error: a.x.position: review \"yes\" is not \"needed\""),
        "{e}"
    );
}

#[test]
fn a_position_resting_on_recommendation_or_context_needs_judgement() {
    let rec = format!("{{ passage = \"D#p1\", quote = \"{LONG}\", support = \"states\", voice = \"recommendation\" }}");
    let ctx = format!(
        "{{ passage = \"D#p2\", quote = \"{LONG}\", support = \"context\", voice = \"observer\" }}"
    );
    let e = load(&scen(&format!(
        "{{ value = 0.5, evidence = [{rec}, {ctx}] }}"
    )))
    .unwrap_err()
    .to_string();
    assert!(e.contains("s.toml:13:12: error: a.x.position: its evidence is only context or an author's recommendation"), "{e}");
    // With a judgement it loads, and counts as judgement.
    let s = load(&scen(&format!(
        "{{ value = 0.5, judgement = \"my reading\", evidence = [{rec}] }}"
    )))
    .unwrap();
    assert_eq!(
        s.stance(0, 0).unwrap().position.strength(),
        crate::Strength::Judgement
    );
    // One reference that states the position in the actor's voice is enough.
    let good = format!(
        "{{ passage = \"D#p3\", quote = \"{LONG}\", support = \"states\", voice = \"actor\" }}"
    );
    assert!(load(&scen(&format!(
        "{{ value = 0.5, evidence = [{rec}, {good}] }}"
    )))
    .is_ok());
}

#[test]
fn strict_fails_on_context_only_values() {
    let ctx = format!(
        "{{ passage = \"D#p2\", quote = \"{LONG}\", support = \"context\", voice = \"observer\" }}"
    );
    let t = scen(&format!(
        "{{ value = 0.5, judgement = \"j\", evidence = [{ctx}] }}"
    ));
    let (e, w) = rules(&t, true);
    assert!(
        e.contains("s.toml:13:12: error: a.x.position: its only support is `context`"),
        "{e}"
    );
    let (e, w2) = rules(&t, false);
    assert!(
        e.is_empty()
            && w2.contains("s.toml:13:12: warning: a.x.position: its only support is `context`"),
        "{e}{w2}"
    );
    assert!(!w.contains("only support"), "{w}");
    let ok = format!(
        "{{ passage = \"D#p2\", quote = \"{LONG}\", support = \"implies\", voice = \"observer\" }}"
    );
    let (e, w) = rules(
        &scen(&format!(
            "{{ value = 0.5, judgement = \"j\", evidence = [{ctx}, {ok}] }}"
        )),
        true,
    );
    assert!(e.is_empty() && w.is_empty(), "{e}{w}");
}

#[test]
fn unrated_references_warn_and_fail_strict() {
    let t = scen(&format!(
        "{{ value = 0.5, evidence = [{{ passage = \"D#p1\", quote = \"{LONG}\" }}] }}"
    ));
    let (e, w) = rules(&t, false);
    assert!(e.is_empty(), "{e}");
    assert!(
        w.contains("s.toml:13:39: warning: 1 evidence reference(s) have no support and/or voice"),
        "{w}"
    );
    let (e, _) = rules(&t, true);
    assert!(
        e.contains(
            "s.toml:13:39: error: a.x.position: D#p1 has no support and voice (read as unrated)"
        ),
        "{e}"
    );
    let (e, _) = rules(&scen(&format!("{{ value = 0.5, evidence = [{{ passage = \"D#p1\", quote = \"{LONG}\", support = \"states\" }}] }}")), true);
    assert!(e.contains("D#p1 has no voice"), "{e}");
}

#[test]
fn short_quotes_are_flagged() {
    assert!(is_short_quote("has become unstable"));
    assert!(is_short_quote("is political courage"));
    assert!(is_short_quote("increasing the defense budget"));
    assert!(!is_short_quote(LONG));
    assert!(is_short_quote("日本は同盟を重視する"));
    assert!(!is_short_quote(
        "日本政府は防衛費を国内総生産の二パーセントに引き上げる方針を維持している。"
    ));
    let t = scen("{ value = 0.5, evidence = [{ passage = \"D#p1\", quote = \"has become unstable\", support = \"states\", voice = \"observer\" }] }");
    let (e, w) = rules(&t, true);
    assert!(e.is_empty(), "{e}");
    assert!(w.contains("s.toml:13:39: warning: a.x.position: the quote \"has become unstable\" is shorter than a meaningful clause"), "{w}");
    let (_, w) = rules(&scen(&format!("{{ value = 0.5, evidence = [{{ passage = \"D#p1\", quote = \"{LONG}\", support = \"states\", voice = \"observer\" }}] }}")), true);
    assert!(w.is_empty(), "{w}");
}

#[test]
fn needs_review_fails_strict() {
    let t = scen(&format!("{{ value = 0.5, evidence = [{{ passage = \"D#p1\", quote = \"{LONG}\", support = \"states\", voice = \"actor\", review = \"needed\" }}] }}"));
    let s = load(&t).unwrap();
    assert!(s.stance(0, 0).unwrap().position.evidence[0].needs_review);
    let (e, _) = rules(&t, true);
    assert!(
        e.contains("s.toml:13:39: error: a.x.position: the value changed since D#p1 was attached"),
        "{e}"
    );
    let (e, w) = rules(&t, false);
    assert!(
        e.is_empty() && w.contains("warning: a.x.position: the value changed"),
        "{e}{w}"
    );
}
