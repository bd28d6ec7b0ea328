# SVG の図（domei-charts）の語句：表題、副題、凡例、読み上げ用の説明。
# 説明に続ける文は空白で始める（{" "}）。
chart-positions-title = 立場：{ $issue }
chart-rounds-title = ラウンドごとの推移：{ $issue }
chart-distribution-title = モンテカルロ：{ $issue }
chart-tornado-title = 感度（{ $model }）：{ $issue }
chart-line-median = { $model } 中央値
chart-line-mean = { $model } 加重平均
chart-status-quo = 現状
chart-status-quo-value = 現状 { $value }
chart-desc-status-quo = {" "}現状は { $value }。
chart-desc-forecasts = {" "}予測：{ $list }。
chart-desc-positions = {" "}立場：{ $list }。
chart-positions-desc = { $actors } のアクターの、{ $min } から { $max } { $unit } の尺度上の立場。
chart-positions-sub = 尺度上の立場（単位：{ $unit }）
chart-legend-actor = アクターの立場（印の面積 ∝ 影響力 × 重要度。横棒：資料が示す範囲）
chart-legend-anchor = 尺度上の目安点
chart-legend-forecast = { $model } の予測
chart-group-forecasts = モデルの予測
chart-group-actors = アクターの立場
chart-group-legend = 凡例
chart-no-actor = この争点に立場をもつアクターはいません
chart-actor-tip = { $name }：{ $value } { $unit }（影響力 × 重要度 { $weight }）
chart-rounds-desc = ラウンドごとの予測（単位：{ $unit }）。
chart-rounds-desc-line = {" "}{ $line }：ラウンド { $from } で { $first }、ラウンド { $to } で { $last }。
chart-rounds-sub = 各ラウンド後の予測（単位：{ $unit }）。ラウンド0は初期状態
chart-round = ラウンド
chart-no-rounds = 表示するラウンドがありません
chart-tornado-desc = 各入力に対する予測（基準値 { $base } { $unit }）の感度。振れ幅の大きい順。
chart-tornado-desc-bar = {" "}{ $input }：{ $at-low } のとき { $low }、{ $at-high } のとき { $high }。
chart-tornado-desc-none = {" "}この予測を動かす入力はありません。
chart-tornado-sub = 入力を一つずつ下限または上限に置き、他は点の値としたときの予測（単位：{ $unit }）
chart-base = 基準値 { $value }
chart-no-input = この予測を動かす入力はありません
chart-tornado-tip-low = { $input }：入力を下限（{ $value }）にすると予測は { $forecast }
chart-tornado-tip-high = { $input }：入力を上限（{ $value }）にすると予測は { $forecast }
chart-legend-low = 入力が下限のとき
chart-legend-high = 入力が上限のとき
chart-distribution-desc = 予測のモンテカルロ分布（単位：{ $unit }、{ $min } から { $max }）。
chart-distribution-desc-strip = {" "}{ $model }：抽出 { $draws } 回の80%が { $p10 } と { $p90 } の間、中央値 { $p50 }、点予測 { $point }。
chart-distribution-sub = 予測値ごとのモンテカルロ抽出の割合（単位：{ $unit }）。各帯はそれぞれの最大の棒に合わせて拡大
chart-no-mc = モンテカルロの結果がありません
chart-group-distribution = { $model } の分布
chart-n-failed = n={ $n }（失敗 { $failed }）
chart-band = 帯：{ $low }–{ $high }
chart-bar-tip = { $low }–{ $high }：{ $count } 回（{ $share }%）
chart-legend-band = 入力の不確実性の帯（p10–p90）
chart-legend-median = 中央値（p50）
chart-legend-point = 点予測（モデルごとの記号）

# History chart (domei history as a chart)
chart-history-desc = ラウンドごとの各主体の立場（単位：{ $unit }）。
chart-history-sub = 各ラウンド後の各主体の立場（単位：{ $unit }）。ラウンド0は開始時点
chart-history-title = 各主体が動いた理由：{ $issue }（{ $model }）{ $who }
