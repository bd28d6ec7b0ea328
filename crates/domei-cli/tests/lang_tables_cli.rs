//! The commands' tables and messages in Japanese end to end (issue 15):
//! the analyses (simulate, sensitivity, what-if, ...), the store's lists,
//! the framing check, the decision chain and the plan (aligned in terminal
//! columns), stored runs, the corpus and evidence, and the CLI's errors.
//! Choosing the language is `lang_cli.rs`'s.

mod common;
use common::*;

/// Runs `domei ARGS`, asserts that it succeeded and returns its output.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The tables of the analysis commands in Japanese: their headers and
/// sentences come from the catalogue; ids stay as they are.
#[test]
fn analysis_tables_in_japanese() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "simulate",
                "--draws",
                "32",
                "--model",
                "compromise,median",
                "--no-store",
                "--lang",
                "ja",
            ],
            &[
                "第2次トランプ政権下の日米関係",
                "争点",
                "モデル",
                "点予測",
                "80%区間",
                "尺度上の分布",
                "抽出 32 回",
                "総合予測",
                "入力の不確実性の帯",
            ],
        ),
        (
            &["sensitivity", "--model", "compromise", "--lang", "ja"],
            &["振れ幅", "入力", "下限", "上限", "根拠", "基準値", "妥協"],
        ),
        (
            &[
                "whatif",
                "--set",
                "us-admin.defense-spending.salience=1",
                "--model",
                "compromise",
                "--lang",
                "ja",
            ],
            &["もし", "変更前", "変更後", "変化", "妥協"],
        ),
        (
            &[
                "best-response",
                "japan-gov",
                "--model",
                "compromise",
                "--lang",
                "ja",
            ],
            &[
                "最善応答",
                "理想点",
                "現在の予測",
                "重要度",
                "変更後の予測",
                "改善",
            ],
        ),
        (
            &[
                "backtest",
                "--deu3",
                "data/deu3/dev.tsv",
                "--model",
                "compromise,median",
                "--draws",
                "0",
                "--lang",
                "ja",
            ],
            &[
                "バックテスト",
                "平均絶対誤差",
                "80%区間の的中率",
                "手続き別",
                "表決方式別",
            ],
        ),
        (&["ledger", "--lang", "ja"], &["採点できる予測はありません"]),
    ];
    for (args, want) in cases {
        let out = ok(args);
        for w in *want {
            assert!(out.contains(w), "{args:?}: {w} missing:\n{out}");
        }
        for en in [
            "issue", "model", "forecast", "before", "salience", "Backtest", "draws",
        ] {
            assert!(
                !out.split_whitespace().any(|w| w == en),
                "{args:?}: English `{en}`:\n{out}"
            );
        }
    }
}

/// The store commands' tables in Japanese: headers when there are rows, the
/// Japanese "nothing stored" sentence when there are none (the sandboxed
/// store is shared with the other tests of this file, so either may show).
#[test]
fn store_tables_in_japanese() {
    ok(&["forecast", "--model", "compromise", "--lang", "ja"]);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["runs", "list", "--lang", "ja"],
            "種類",
            "保存された実行はありません",
        ),
        (
            &["scenarios", "list", "--lang", "ja"],
            "版の数",
            "保存されたシナリオはありません",
        ),
        (
            &["outcome", "list", "--lang", "ja"],
            "確定日",
            "記録された結果はありません",
        ),
        (
            &["token", "list", "--lang", "ja"],
            "作成日時",
            "トークンはありません",
        ),
    ];
    for (args, header, none) in cases {
        let out = ok(args);
        assert!(
            out.contains(header) || out.contains(none),
            "{args:?}:\n{out}"
        );
    }
    // A forecast was stored above: the runs and scenarios tables have rows.
    assert!(ok(&["runs", "list", "--lang", "ja"]).contains("所要時間"));
    assert!(ok(&["scenarios", "list", "--lang", "ja"]).contains("更新日時"));
}

/// The framing check's report in Japanese: its words from the catalogue,
/// the draft's text and the lexicon's terms as written.
#[test]
fn frame_report_in_japanese() {
    let d = TempDir::new("frame-ja");
    let draft = d.write(
        "statement.md",
        "# Joint statement\n\nBoth governments will cooperate on climate change.\n",
    );
    let out = ok(&[
        "frame",
        draft.to_str().unwrap(),
        "--audience",
        "us-administration",
        "--lang",
        "ja",
    ]);
    for s in [
        "フレーミング点検",
        "得点",
        "言い換え：",
        "用語 \"climate change\"",
        "根拠：",
    ] {
        assert!(out.contains(s), "{s} missing:\n{out}");
    }
    assert!(
        !out.contains("instead:") && !out.contains("Score "),
        "{out}"
    );
}

/// The tables and messages the first pass left English, in Japanese: the
/// decision chain and the engagement plan (aligned in terminal columns),
/// a stored run shown and compared, a scenario's history, the corpus, the
/// evidence check and audit, claims, a history, simulate's distribution
/// and the CLI's own error messages.
#[test]
fn remaining_tables_in_japanese() {
    // events: Japanese words, the chain's Japanese name, and the outcome
    // header lined up with the rows under Japanese labels.
    let ev = ok(&["events", "--lang", "ja", "-n", "200"]);
    for s in [
        "意思決定の連鎖",
        "台湾有事",
        "連動する予測",
        "最も起こりやすい経路",
        "最も影響が大きいもの",
        "合計",
    ] {
        assert!(ev.contains(s), "{s} missing:\n{ev}");
    }
    assert!(
        !ev.contains("Linked forecasts") && !ev.contains("Most likely"),
        "{ev}"
    );
    let lines: Vec<&str> = ev.lines().collect();
    let head = lines
        .iter()
        .position(|l| l.trim_start().starts_with("結果"))
        .expect("outcome header");
    let (h, row) = (lines[head], lines[head + 1]);
    // "  結果" padded to 34 columns, then " p" right-aligned to 8: the header's
    // "p" and the row's "%" end at the same terminal column.
    let end = |l: &str, upto: &str| {
        let i = l.find(upto).unwrap() + upto.len();
        domei_width(&l[..i])
    };
    assert_eq!(end(h, " p"), end(row, "%"), "misaligned:\n{h}\n{row}");

    // plan: Japanese headers, the plan's Japanese name, rows aligned.
    let plan = ok(&["plan", "--lang", "ja", "-n", "20"]);
    for s in [
        "計画",
        "目的:",
        "順位",
        "行動",
        "状態",
        "期限",
        "限界効果",
        "担当",
        "同時に実施",
    ] {
        assert!(plan.contains(s), "{s} missing:\n{plan}");
    }
    let pl: Vec<&str> = plan.lines().collect();
    let h = pl.iter().position(|l| l.contains("順位")).unwrap();
    assert_eq!(
        end(pl[h], "限界効果"),
        domei_width(pl[h + 1].trim_end()),
        "misaligned:\n{}\n{}",
        pl[h],
        pl[h + 1]
    );

    // A stored run shown and compared; the scenario's versions.
    ok(&["forecast", "--model", "compromise"]);
    let runs: serde_json::Value =
        serde_json::from_str(&ok(&["runs", "list", "--format", "json"])).unwrap();
    let id = runs[0]["id"].as_i64().unwrap().to_string();
    let show = ok(&["runs", "show", &id, "--lang", "ja"]);
    for s in ["実行 ", "モデル:", "開始:", "争点", "単位", "尺度", "現状"] {
        assert!(show.contains(s), "{s} missing:\n{show}");
    }
    let diff = ok(&["runs", "diff", &id, &id, "--lang", "ja"]);
    for s in ["シナリオ:", "両方で同じ", "予測:", "変更前", "変更後"] {
        assert!(diff.contains(s), "{s} missing:\n{diff}");
    }
    let hist = ok(&["scenarios", "history", "japan-us-2025", "--lang", "ja"]);
    assert!(
        hist.contains("保存日時（UTC）") && hist.contains("メッセージ"),
        "{hist}"
    );
    let sd = ok(&[
        "scenarios",
        "diff",
        "japan-us-2025",
        "1",
        "1",
        "--lang",
        "ja",
    ]);
    assert!(
        sd.contains("変更された値はありません") && sd.contains("テキストは同一です"),
        "{sd}"
    );

    // The corpus.
    let list = ok(&["corpus", "list", "--lang", "ja"]);
    assert!(list.contains("の文書") && list.contains("段落"), "{list}");
    let show = ok(&["corpus", "show", "004_b3e4016961f00b53#p61", "--lang", "ja"]);
    assert!(
        show.contains("表題") && show.contains("著者") && show.contains("文字目"),
        "{show}"
    );
    let none = ok(&["corpus", "search", "zzzqqqxxy", "--lang", "ja"]);
    assert!(none.contains("一致するパッセージはありません"), "{none}");

    // Evidence, claims, a history, simulate.
    let ev = ok(&["evidence", "check", "--lang", "ja"]);
    for s in ["部品ファイル", "検証済み", "アクター", "引用なし"] {
        assert!(ev.contains(s), "{s} missing:\n{ev}");
    }
    let au = ok(&["evidence", "audit", "--lang", "ja"]);
    for s in ["証拠監査", "影響力", "区分ごとの値", "アクター別", "争点別"] {
        assert!(au.contains(s), "{s} missing:\n{au}");
    }
    let cl = ok(&["claims", "--lang", "ja"]);
    assert!(
        cl.contains("パッセージ") && cl.contains("原文") && cl.contains("主張"),
        "{cl}"
    );
    let cc = ok(&["claims", "check", "--lang", "ja"]);
    assert!(
        cc.contains("照合") && cc.contains("導かれる数値") && cc.contains("参照値"),
        "{cc}"
    );
    let h = ok(&[
        "history",
        "--model",
        "bdm",
        "--issue",
        "defense-spending",
        "--lang",
        "ja",
    ]);
    assert!(h.contains("防衛費の対GDP比"), "{h}");
    let sim = ok(&["simulate", "-n", "30", "--lang", "ja"]);
    assert!(sim.contains("三角") && !sim.contains("Triangular"), "{sim}");

    // The CLI's own errors.
    let o = run(&["history", "--model", "nope", "--issue", "x", "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.starts_with("エラー:") && e.contains("ラウンドのあるモデル"),
        "{e}"
    );
    let o = run(&["plan", "--for", "nobody", "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不明なアクター"), "{}", stderr(&o));
    // English stays English.
    let o = run(&["history", "--model", "nope", "--issue", "x"]);
    assert!(
        stderr(&o).starts_with("error: unknown model"),
        "{}",
        stderr(&o)
    );
}

/// Terminal columns of `s` (two for East Asian wide characters).
fn domei_width(s: &str) -> usize {
    s.chars()
        .map(|c| if domei_i18n::is_wide(c) { 2 } else { 1 })
        .sum()
}
