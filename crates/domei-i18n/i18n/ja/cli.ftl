# コマンドライン（domei-cli）のメッセージ。
cli-check-ok = { $source }：問題なし：アクター { $actors }、争点 { $issues }、スタンス { $stances }
cli-check-values = 値：{ $values }（うち能力 { $capabilities }）、幅つき { $ranges }。根拠を引用 { $cited }（参照 { $refs } 件）、分析者の判断のみ { $judged }、いずれもなし { $bare }
cli-check-strict-failed = --strict：根拠の問題 { $count } 件
cli-check-untranslated = { $file }:{ $line }:{ $col }：`{ $key }` に日本語形（`{ $key }_ja`）がない。このシナリオは languages = ["en", "ja"] を宣言している
cli-check-translation-summary = 翻訳：{ $total } 件の記述のうち { $translated } 件に日本語形あり
cli-bad-lang = 不明な言語 { $lang }：en か ja を指定してください
# whatif --coalition：予測が動かなかった理由。
cli-coalition-unmoved-mean = { $issue } の { $model } は変わらない：連合は加重平均を動かせない。連合体はメンバーの重み（能力 × 重要度）の合計そのものを、メンバーの加重平均の立場に置くからである。
cli-coalition-unmoved-one-side = { $issue } の { $model } は変わらない：連合体（{ $bloc }）とそのメンバー全員が予測（{ $forecast }）の同じ側に立つため、連合によって予測をまたいで移った重みはない。
cli-coalition-unmoved-not-decisive = { $issue } の { $model } は変わらない：メンバーは予測（{ $forecast }）の両側に立ち、合わせた重み（連合体は { $bloc }）はこのモデルでは決定的でない。
