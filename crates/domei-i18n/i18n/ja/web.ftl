# ウェブ・ワークベンチ（domei-web）。
