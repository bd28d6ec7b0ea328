//! The builder's problems in the page's language (issue 15): the
//! validator's diagnostics beside the input they concern, in Japanese when
//! the page is, in English otherwise; the JSON API's stay English.

mod common;

use axum::http::StatusCode;
use common::*;
use domei_store::testing::TestDb;
use serde_json::json;

both_backends!(inline_problems_speak_the_page_language,);

async fn inline_problems_speak_the_page_language(db: TestDb) {
    let a = app(&db).await;
    // An invalid id, in Japanese: beside the id input.
    let (s, body, _) = send(
        &a,
        "POST",
        "/new?lang=ja",
        None,
        Some(&form(&[
            ("op", "create"),
            ("id", "bad id!"),
            ("name", "S"),
            ("question", ""),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let at = body
        .find("data-input=\"id\"")
        .expect("the problem beside the id");
    assert!(
        body[at..].contains("シナリオの id &quot;bad id!&quot; は有効な id ではありません"),
        "{body}"
    );
    assert!(
        body[at..].contains("id は英字か数字で始め"),
        "the help in Japanese: {body}"
    );
    assert!(!body.contains("is not a valid id"), "{body}");

    // A scenario with an actor and an issue, built in English.
    let post = |pairs: &[(&str, &str)]| {
        let mut p = vec![("base_version", "")];
        p.extend_from_slice(pairs);
        form(&p)
    };
    let (s, _, _) = send(
        &a,
        "POST",
        "/new",
        None,
        Some(&form(&[
            ("op", "create"),
            ("id", "web1"),
            ("name", "Web one"),
            ("question", ""),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    for pairs in [
        &[
            ("op", "add_actor"),
            ("id", "us"),
            ("name", "US"),
            ("capability", "10"),
            ("capability_judgement", "large"),
        ][..],
        &[
            ("op", "add_issue"),
            ("id", "x"),
            ("min", "0"),
            ("max", "10"),
        ][..],
    ] {
        let (s, body, _) = send(
            &a,
            "POST",
            "/scenarios/web1/build",
            None,
            Some(&post(pairs)),
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    }
    // A position off the scale: beside the position, in the page's language.
    let stance = post(&[
        ("op", "add_stance"),
        ("key", "x"),
        ("actor", "us"),
        ("position", "12"),
        ("position_judgement", "said so"),
        ("salience", "0.5"),
        ("salience_judgement", "cares"),
    ]);
    let (s, body, _) = send(
        &a,
        "POST",
        "/scenarios/web1/build?lang=ja",
        None,
        Some(&stance),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let at = body
        .find("data-field=\"us.x.position\" data-input=\"position\"")
        .expect("the problem beside the position");
    assert!(
        body[at..]
            .contains("us.x.position（立場）: 12 が争点 &quot;x&quot; の尺度 0..10 の外にあります"),
        "{body}"
    );
    assert!(
        body[at..].contains("直し方： 0..10 の範囲内の数を使ってください"),
        "{body}"
    );
    assert!(!body.contains("lies outside"), "{body}");
    // The same change in English: the English words, unchanged.
    let (s, body, _) = send(
        &a,
        "POST",
        "/scenarios/web1/build?lang=en",
        None,
        Some(&stance),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("us.x.position: 12 lies outside issue &quot;x&quot;'s scale 0..10"),
        "{body}"
    );
    assert!(body.contains("use a number within 0..10"), "{body}");

    // The JSON API never depends on the language: English when Japanese
    // is asked for too.
    let (s, v) = call(
        &a,
        "POST",
        "/api/scenarios/web1/changes?lang=ja",
        Some(
            json!({"change": {"op": "add_stance", "actor": "us", "issue": "x",
               "position": {"value": 12.0, "judgement": "j"},
               "salience": {"value": 0.5, "judgement": "j"}}}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields = v["error"]["fields"].as_array().expect("fields");
    assert!(
        fields
            .iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains("lies outside")),
        "{v}"
    );

    // The page's list of what a scenario lacks before it can run.
    let (_, body, _) = send(&a, "GET", "/scenarios/web1?lang=ja", None, None).await;
    assert!(
        body.contains("data-testid=\"not-runnable\"")
            && body.contains("シナリオに立場（stances）がありません"),
        "{body}"
    );
}
