# ワークベンチでのシナリオ作成（domei-web pages/build.rs）。
web-build-new-title = 新しいシナリオ
web-build-create = 白紙から作る
web-build-create-help = シナリオのID（英数字・'-'・'_'）、名称、問いを入力し、アクター・争点・立場を追加する。変更はすべて新しい版として保存される。
web-build-create-button = シナリオを作成
web-build-import = ファイルを取り込む
web-build-import-help = 単純なCSV（actor,capability,position,salience）、KTABのCSV、DEU IIIの表（.tsv）またはscenario.tomlを、domei import コマンドと同じ方法で読み込み検査する。保存済みのIDなら新しい版になる。
web-build-file = ファイル
web-build-filename = ファイル名
web-build-file-text = 内容（ファイルから入力される。貼り付けも可）
web-build-import-button = 取り込む
web-build-title = 作成：{ $name }
web-build-crumb = 作成
web-build-to-grid = 表と実行
web-build-not-saved = 保存されていない：下に示した問題を直すこと。
web-build-header = 名称と問い
web-build-name = 名称
web-build-question = 問い
web-build-save = 保存
web-build-actors = アクター
web-build-no-actors = アクターはまだない。
web-build-add-actor = アクターを追加
web-build-remove = 削除
web-build-issues = 争点
web-build-no-issues = 争点はまだない。
web-build-add-issue = 争点を追加
web-build-edit-issue = この争点を編集・削除
web-build-remove-issue = 争点とその立場を削除
web-build-unit = 単位
web-build-min = 尺度の下限
web-build-max = 上限
web-build-anchors = 目盛り（1行に1つ：値 = ラベル）
web-build-add-stance = { $issue } への立場を追加
web-build-add-stance-button = 立場を追加
web-build-position = 立場（{ $scale }）
web-build-salience = 重要度（0〜1）
web-build-value = 値
web-build-judgement = 判断（この値の理由）
web-build-or-cite = または／および文献を引用：
web-build-passage = 段落
web-build-quote = 引用（段落のとおりに）
web-build-fix = 直し方：
web-build-closest = 最も近い段落：
web-build-not-a-number = 数値ではない
web-build-required = 必須
web-build-bad-anchor = 目盛り「{ $line }」が「値 = ラベル」の形ではない
web-build-anchor-help = 1行に1つ、例：2 = 2027年度までに2%
web-build-not-runnable = まだ実行できない：
web-build-go-build = 作成を続ける
# 取り込んだファイルの問題: ファイル名と位置、続いて読み込み側の指摘。
web-build-import-in = { $file }: { $message }
web-build-import-at = { $file } の { $line } 行 { $col } 列: { $message }
