# 引用つきブリーフィング（domei-brief）。
