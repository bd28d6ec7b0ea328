# The cited briefing (domei-brief).
