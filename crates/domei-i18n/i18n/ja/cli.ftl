# コマンドライン（domei-cli）のメッセージ。
cli-check-ok = { $source }：問題なし：アクター { $actors }、争点 { $issues }、スタンス { $stances }
cli-check-values = 値：{ $values }（うち能力 { $capabilities }）、幅つき { $ranges }。根拠を引用 { $cited }（参照 { $refs } 件）、分析者の判断のみ { $judged }、いずれもなし { $bare }
cli-check-strict-failed = --strict：根拠の問題 { $count } 件
cli-check-untranslated = { $file }:{ $line }:{ $col }：`{ $key }` に日本語形（`{ $key }_ja`）がない。このシナリオは languages = ["en", "ja"] を宣言している
cli-check-translation-summary = 翻訳：{ $total } 件の記述のうち { $translated } 件に日本語形あり
cli-bad-lang = 不明な言語 { $lang }：en か ja を指定してください
