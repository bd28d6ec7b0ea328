# コマンドライン（domei-cli）のメッセージ。
cli-check-ok = { $source }：問題なし：アクター { $actors }、争点 { $issues }、スタンス { $stances }
cli-check-values = 値：{ $values }（うち能力 { $capabilities }）、幅つき { $ranges }。根拠を引用 { $cited }（参照 { $refs } 件）、分析者の判断のみ { $judged }、いずれもなし { $bare }
cli-check-strict-failed = --strict：根拠の問題 { $count } 件
cli-check-untranslated = { $file }:{ $line }:{ $col }：`{ $key }` に日本語形（`{ $key }_ja`）がない。このシナリオは languages = ["en", "ja"] を宣言している
cli-check-translation-summary = 翻訳：{ $total } 件の記述のうち { $translated } 件に日本語形あり
cli-bad-lang = 不明な言語 { $lang }：en か ja を指定してください
# ストア関連コマンドの表（runs、scenarios、outcome、token）。
cli-runs-none = 保存された実行はありません（domei forecast と domei simulate が保存します）
cli-kind = 種類
cli-models = モデル
cli-started-utc = 開始（UTC）
cli-took = 所要時間
cli-status = 状態
cli-outcomes-none = 記録された結果はありません（domei outcome record SCENARIO ISSUE VALUE --date YYYY-MM-DD --source TEXT）
cli-version = 版
cli-date = 確定日
cli-recorded-utc = 記録日時（UTC）
cli-source = 出典
cli-scenarios-none = 保存されたシナリオはありません（domei forecast または domei scenarios save が保存します）
cli-name = 名前
cli-versions = 版の数
cli-runs = 実行数
cli-updated-utc = 更新日時（UTC）
cli-tokens-none = トークンはありません（domei token create で作成します）
cli-id = id
cli-label = 用途
cli-created-utc = 作成日時（UTC）
cli-last-used-utc = 最終使用（UTC）
cli-never = 未使用
cli-active = 有効
cli-revoked = 失効 { $when }

# whatif --coalition：予測が動かなかった理由。
cli-coalition-unmoved-mean = { $issue } の { $model } は変わらない：連合は加重平均を動かせない。連合体はメンバーの重み（能力 × 重要度）の合計そのものを、メンバーの加重平均の立場に置くからである。
cli-coalition-unmoved-one-side = { $issue } の { $model } は変わらない：連合体（{ $bloc }）とそのメンバー全員が予測（{ $forecast }）の同じ側に立つため、連合によって予測をまたいで移った重みはない。
cli-coalition-unmoved-not-decisive = { $issue } の { $model } は変わらない：メンバーは予測（{ $forecast }）の両側に立ち、合わせた重み（連合体は { $bloc }）はこのモデルでは決定的でない。
