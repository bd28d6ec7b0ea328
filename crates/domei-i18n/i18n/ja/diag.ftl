# シナリオ検証の位置つき診断（domei-scenario の validate と grounding）:
# `ファイル:行:列: エラー: メッセージ` と `  ヒント: 直し方`。
# 引数はファイルに書かれたままの id と数値（引用符つきの id は引用符ごと）、
# またはこのファイルの別のメッセージ（値の名前）。
diag-error = エラー
diag-warning = 警告
diag-help = ヒント
diag-count = エラー { $n } 件
# id の種類（diag-invalid-id 用）。
diag-noun-scenario = シナリオ
diag-noun-actor = アクター
diag-noun-issue = 争点
# 値の名前（値に関するメッセージ用）。
diag-name-capability = アクター { $actor } の能力（capability）
diag-name-status-quo = 争点 { $issue } の現状（status_quo）
diag-name-position = { $actor }.{ $issue }.position（立場）
diag-name-salience = { $actor }.{ $issue }.salience（重要度）
diag-issue-scale = 争点 { $issue } の尺度
diag-salience-range = 重要度の範囲
diag-the-chosen-model = 選択したモデル
# TOML の読み込み（format/toml.rs）: toml クレート自身の構文エラーはそのまま
# （英語）で、ヒントはこちらのもの。
diag-no-scenario-table = [scenario] テーブルがありません
diag-no-scenario-table-help = ファイルの先頭に [scenario] と、その id と name を書いてください
diag-toml-unknown-field-help = 綴りを確認してください。使えるキーはすべて docs/scenario-format.md にあります
diag-toml-invalid-help = ここは TOML として正しくありません。書き方は docs/scenario-format.md を参照してください
# ヘッダー。
diag-invalid-id = { $what }の id { $id } は有効な id ではありません
diag-invalid-id-help = id は英字か数字で始め、英字・数字・「-」・「_」だけで書いてください
diag-no-scenario-id = シナリオに id がありません
diag-no-scenario-id-help = [scenario] の下に `id = "..."` を追加してください
diag-unknown-language = 不明な言語 { $lang }
diag-unknown-language-help = languages には "en" と "ja" のいずれか、または両方を書きます（docs/scenario-format.md の「Languages」）
diag-no-actors = シナリオにアクターがありません
diag-no-actors-help = [[actors]] の項目を少なくとも一つ追加してください
diag-no-issues = シナリオに争点がありません
diag-no-issues-help = [[issues]] の項目を少なくとも一つ追加してください
diag-no-stances = シナリオに立場（stances）がありません
diag-no-stances-help = 各争点に対するアクターの立場を [[stances]] で追加してください
# アクター。
diag-duplicate-actor = アクター id { $id } が重複しています
diag-duplicate-actor-help = アクターごとに別の id を付けてください
diag-no-capability = アクター { $actor } に能力（capability）がありません
diag-no-capability-help = `capability = ...`（0 より大きい数）を追加してください
diag-capability-not-positive = { $name }は 0 より大きくなければなりませんが、{ $got } です
diag-capability-not-positive-help = 能力は相対的な重みです。正の数を使ってください
diag-capability-total = { $name }: ここで能力の合計が { $max } を超えます（`capability_total`）
diag-capability-total-help = 能力は相対的な重みです。すべてを同じ大きな数で割ってください
# 争点。
diag-duplicate-issue = 争点 id { $id } が重複しています
diag-duplicate-issue-help = 争点ごとに別の id を付けてください
diag-scale-empty = 争点 { $issue }: 尺度 { $lo }..{ $hi } が空か、有限ではありません
diag-scale-empty-help = min < max となるように `scale = { "{" } min = ..., max = ... { "}" }` と書いてください
diag-no-scale = 争点 { $issue } に尺度（scale）がありません
diag-no-scale-help = `scale = { "{" } min = ..., max = ... { "}" }` を追加してください
diag-no-status-quo = 争点 { $issue } に現状（status quo）がありません。{ $model } には現状が必要です
diag-no-status-quo-help = 争点の尺度上の現在の状態を [issues.status_quo] に書くか、別のモデルを選んでください
diag-anchor-outside = 争点 { $issue }: 目盛り { $value }（{ $label }）が尺度 { $lo }..{ $hi } の外にあります
diag-anchor-outside-help = 目盛りは尺度上の点に付けるラベルです。尺度の内側に移すか、尺度を広げてください
diag-outcome-outside = 争点 { $issue }: 結果 { $value } が尺度 { $lo }..{ $hi } の外にあります
diag-outcome-outside-help = 結果は争点の尺度上の一点です
# 立場。
diag-unknown-actor = 不明なアクター { $id }
diag-unknown-issue = 不明な争点 { $id }
diag-did-you-mean-actor = { $id } の誤りではありませんか。既知のアクター: { $known }
diag-did-you-mean-issue = { $id } の誤りではありませんか。既知の争点: { $known }
diag-known-actors = 既知のアクター: { $known }
diag-known-issues = 既知の争点: { $known }
diag-second-stance = アクター { $actor } の争点 { $issue } に対する二つ目の立場です（一つ目は { $line } 行目）
diag-second-stance-help = 立場はアクターと争点の組ごとに一つにしてください
diag-no-position = { $actor }.{ $issue }: 立場（position）がありません
diag-no-position-help = 争点の尺度上の立場を追加してください
diag-no-salience = { $actor }.{ $issue }: 重要度（salience）がありません
diag-no-salience-help = 0 から { $max } までの重要度を追加してください
diag-issue-no-stances = 争点 { $issue } に立場がありません
diag-issue-no-stances-help = 少なくとも一つのアクターにこの争点の立場と重要度を与えるか、争点を削除してください
diag-issue-no-salience = 争点 { $issue }: すべてのアクターの重要度が 0 です
diag-issue-no-salience-help = 争点には、重視するアクター（重要度 > 0）が少なくとも一つ必要です
diag-judgement-needed = { $name }: 証拠が背景（context）か著者の提言（recommendation）だけで判断とみなされますが、判断（judgement）が記録されていません
diag-judgement-needed-help = 理由を書いた `judgement = "..."` を追加するか、アクターの立場を明示または含意する箇所を引用してください（support = "states" または "implies"、voice = "actor" または "observer"）
# 出典つきの値一つ（シナリオの部品の値にも適用）。
diag-not-finite = { $name }: { $key } が { $got } です
diag-not-finite-help = 有限の数を書いてください
diag-range-reversed = { $name }: 範囲の下限 { $low } が上限 { $high } より大きくなっています
diag-range-reversed-help = low と high を入れ替えてください
diag-range-half = { $name }: 範囲には low と high の両方が必要です
diag-range-half-help = `low` と `high` を両方書くか、どちらも書かないでください
diag-value-outside-range = { $name }: 値 { $value } が範囲 { $low }..{ $high } の外にあります
diag-value-outside-range-help = 点推定値は low..high の範囲内に置いてください
diag-no-number = { $name }: 数値がありません
diag-no-number-help = `value`、または `low` と `high` を書いてください
diag-outside-bounds = { $name }: { $got } が{ $what } { $lo }..{ $hi } の外にあります
diag-outside-bounds-help = { $lo }..{ $hi } の範囲内の数を使ってください
# 証拠の参照一つ。
diag-bad-support = { $name }: support { $got } は states、implies、context、unrated のいずれでもありません
diag-bad-support-help = `states`: 箇所が値を明示している。`implies`: `judgement` に書いた推論で値が導かれる。`context`: 背景のみ（docs/scenario-format.md の「Support and voice」）
diag-bad-voice = { $name }: voice { $got } は actor、observer、recommendation、unrated のいずれでもありません
diag-bad-voice-help = `actor`: アクター自身またはその当局者。`observer`: アクターについて述べる著者。`recommendation`: 著者が求める施策（docs/scenario-format.md の「Support and voice」）
diag-bad-review = { $name }: review { $got } は "needed" ではありません
diag-bad-review-help = `review = "needed"` は、値が変わった後に読み直すべき参照の印です。確認したらこのキーを削除してください
diag-bad-passage = { $name }: 証拠の参照 { $passage } が DOC#LOCATOR の形式になっていません
diag-bad-passage-help = 例えば "004_b3e4016961f00b53#p12"（文書 id、「#」、箇所のロケーター）のように書いてください
# `domei check` と `--strict` の証拠の規則（grounding）。
diag-context-only = { $name }: 裏付けが `context`（値を明示も含意もしない背景）だけです
diag-context-only-help = 値を明示または含意する箇所を引用するか、判断として記録してください（judgement = "..."、context だけの証拠は外す）
diag-short-quote = { $name }: 引用 { $quote } は意味をなす節としては短すぎます（{ $words } 語未満または { $chars } 文字未満）
diag-short-quote-help = 意味を担う文または節の全体を引用してください（`domei evidence check` が候補を示します）
diag-review-needed = { $name }: { $passage } を付けた後に値が変わっています（review = "needed"）
diag-review-needed-help = 箇所を読み直し、確認する（`review` を削除）、差し替える、削除するのいずれかを行ってください
diag-unrated = { $name }: { $passage } に { $missing } がありません（unrated として扱います）
diag-unrated-both = support と voice
diag-unrated-support = support
diag-unrated-voice = voice
diag-unrated-help = support = "states"|"implies"|"context" と voice = "actor"|"observer"|"recommendation" を追加してください（`domei evidence migrate` が置き換え用に "unrated" を書き込みます）
diag-unrated-summary = 証拠の参照 { $n } 件に support または voice がなく、"unrated" として扱われます（モンテカルロでは判断として数えます）
diag-unrated-summary-help = 評価を付けてください（support = "states"|"implies"|"context"、voice = "actor"|"observer"|"recommendation"）。`domei evidence migrate` がこれらの項目を明示的に書き込みます。`--strict` で一件ずつ一覧できます
diag-unsourced = { $name } に証拠の参照がありません
diag-unsourced-help = `evidence = [{ "{" } passage = "DOC#pN", quote = "..." { "}" }]` を追加するか、理由を書いた `judgement = "..."` を追加してください
