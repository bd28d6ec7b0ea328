# The scenario validator's located diagnostics (domei-scenario's validate
# and grounding): `FILE:LINE:COL: error: MESSAGE` and `  help: HELP`.
# Arguments are ids and numbers as written in the file (quoted ids keep
# their quotes), or other messages of this file (a value's name).
diag-error = error
diag-warning = warning
diag-help = help
diag-count = { $n } errors
# The kinds of id, for diag-invalid-id.
diag-noun-scenario = scenario
diag-noun-actor = actor
diag-noun-issue = issue
# A value's name, for the messages about values.
diag-name-capability = actor { $actor }: capability
diag-name-status-quo = issue { $issue }: status_quo
diag-name-position = { $actor }.{ $issue }.position
diag-name-salience = { $actor }.{ $issue }.salience
diag-issue-scale = issue { $issue }'s scale
diag-salience-range = the salience range
diag-the-chosen-model = the chosen model
# The TOML reader (format/toml.rs): the toml crate's own parse error stays as
# it says it; the help is ours.
diag-no-scenario-table = no [scenario] table
diag-no-scenario-table-help = start the file with [scenario] and its id and name
diag-toml-unknown-field-help = check the spelling; docs/scenario-format.md lists every key
diag-toml-invalid-help = this is not valid TOML here; see docs/scenario-format.md for the layout
# The header.
diag-invalid-id = { $what } id { $id } is not a valid id
diag-invalid-id-help = ids start with a letter or digit and contain only letters, digits, '-' and '_'
diag-no-scenario-id = the scenario has no id
diag-no-scenario-id-help = add `id = "..."` under [scenario]
diag-unknown-language = unknown language { $lang }
diag-unknown-language-help = languages lists "en" and/or "ja" (docs/scenario-format.md, "Languages")
diag-no-actors = the scenario has no actors
diag-no-actors-help = add at least one [[actors]] entry
diag-no-issues = the scenario has no issues
diag-no-issues-help = add at least one [[issues]] entry
diag-no-stances = the scenario has no stances
diag-no-stances-help = add [[stances]] giving actors' positions on issues
# Actors.
diag-duplicate-actor = duplicate actor id { $id }
diag-duplicate-actor-help = give every actor its own id
diag-no-capability = actor { $actor } has no capability
diag-no-capability-help = add `capability = ...` (a number > 0)
diag-capability-not-positive = { $name } must be > 0, got { $got }
diag-capability-not-positive-help = capabilities are relative weights; use a positive number
diag-capability-total = { $name }: the capabilities add up to more than { $max } here (`capability_total`)
diag-capability-total-help = capabilities are relative weights: divide them all by the same large number
# Issues.
diag-duplicate-issue = duplicate issue id { $id }
diag-duplicate-issue-help = give every issue its own id
diag-scale-empty = issue { $issue }: scale { $lo }..{ $hi } is empty or not finite
diag-scale-empty-help = write `scale = { "{" } min = ..., max = ... { "}" }` with min < max
diag-no-scale = issue { $issue } has no scale
diag-no-scale-help = add `scale = { "{" } min = ..., max = ... { "}" }`
diag-no-status-quo = issue { $issue } has no status quo, which { $model } needs
diag-no-status-quo-help = add [issues.status_quo] with the current state on the issue's scale, or choose another model
diag-anchor-outside = issue { $issue }: anchor { $value } ({ $label }) lies outside the scale { $lo }..{ $hi }
diag-anchor-outside-help = anchors label points on the scale; move it inside or widen the scale
diag-outcome-outside = issue { $issue }: outcome { $value } lies outside the scale { $lo }..{ $hi }
diag-outcome-outside-help = an outcome is a point on the issue's scale
# Stances.
diag-unknown-actor = unknown actor { $id }
diag-unknown-issue = unknown issue { $id }
diag-did-you-mean-actor = did you mean { $id }? Known actors: { $known }
diag-did-you-mean-issue = did you mean { $id }? Known issues: { $known }
diag-known-actors = known actors: { $known }
diag-known-issues = known issues: { $known }
diag-second-stance = a second stance for actor { $actor } on issue { $issue } (the first is at line { $line })
diag-second-stance-help = keep one stance per actor and issue
diag-no-position = { $actor }.{ $issue }: no position
diag-no-position-help = add a position on the issue's scale
diag-no-salience = { $actor }.{ $issue }: no salience
diag-no-salience-help = add a salience between 0 and { $max }
diag-issue-no-stances = issue { $issue } has no stances
diag-issue-no-stances-help = give at least one actor a position and salience on it, or remove the issue
diag-issue-no-salience = issue { $issue }: every actor's salience is 0
diag-issue-no-salience-help = at least one actor must care about an issue (salience > 0)
diag-judgement-needed = { $name }: its evidence is only context or an author's recommendation, which counts as judgement, but it records no judgement
diag-judgement-needed-help = add `judgement = "..."` with your reasoning, or cite a passage that states or implies the actor's position (support = "states" or "implies", voice = "actor" or "observer")
# One sourced value (also the scenario parts' values).
diag-not-finite = { $name }: { $key } is { $got }
diag-not-finite-help = write a finite number
diag-range-reversed = { $name }: range low { $low } is greater than high { $high }
diag-range-reversed-help = swap low and high
diag-range-half = { $name }: a range needs both low and high
diag-range-half-help = give both `low` and `high`, or neither
diag-value-outside-range = { $name }: value { $value } lies outside its range { $low }..{ $high }
diag-value-outside-range-help = the point value must lie within low..high
diag-no-number = { $name }: no number given
diag-no-number-help = give `value`, or `low` and `high`
diag-outside-bounds = { $name }: { $got } lies outside { $what } { $lo }..{ $hi }
diag-outside-bounds-help = use a number within { $lo }..{ $hi }
# One evidence reference.
diag-bad-support = { $name }: support { $got } is not one of states, implies, context, unrated
diag-bad-support-help = `states`: the passage gives the value explicitly; `implies`: it follows with the reasoning in `judgement`; `context`: background only (docs/scenario-format.md, "Support and voice")
diag-bad-voice = { $name }: voice { $got } is not one of actor, observer, recommendation, unrated
diag-bad-voice-help = `actor`: the actor or its officials; `observer`: an author describing the actor; `recommendation`: what an author wants done (docs/scenario-format.md, "Support and voice")
diag-bad-review = { $name }: review { $got } is not "needed"
diag-bad-review-help = `review = "needed"` marks a reference to re-read after its value changed; remove the key once confirmed
diag-bad-passage = { $name }: evidence reference { $passage } is not of the form DOC#LOCATOR
diag-bad-passage-help = write e.g. "004_b3e4016961f00b53#p12" (document id, '#', passage locator)
# The evidence rules of `domei check` and `--strict` (grounding).
diag-context-only = { $name }: its only support is `context` (background that neither gives nor implies the value)
diag-context-only-help = cite a passage that states or implies the value, or record it as judgement (judgement = "...", no context-only evidence)
diag-short-quote = { $name }: the quote { $quote } is shorter than a meaningful clause (fewer than { $words } words or { $chars } characters)
diag-short-quote-help = quote the whole sentence or clause that carries the meaning (`domei evidence check` suggests it)
diag-review-needed = { $name }: the value changed since { $passage } was attached (review = "needed")
diag-review-needed-help = re-read the passage: confirm it (remove `review`), replace it or remove it
diag-unrated = { $name }: { $passage } has no { $missing } (read as unrated)
diag-unrated-both = support and voice
diag-unrated-support = support
diag-unrated-voice = voice
diag-unrated-help = add support = "states"|"implies"|"context" and voice = "actor"|"observer"|"recommendation" (`domei evidence migrate` writes "unrated" for you to replace)
diag-unrated-summary = { $n } evidence reference(s) have no support and/or voice and are read as "unrated" (counted as judgement in Monte Carlo)
diag-unrated-summary-help = rate them (support = "states"|"implies"|"context", voice = "actor"|"observer"|"recommendation"); `domei evidence migrate` writes the fields explicitly; `--strict` lists each one
diag-unsourced = { $name } has no evidence reference
diag-unsourced-help = add `evidence = [{ "{" } passage = "DOC#pN", quote = "..." { "}" }]`, or `judgement = "..."` with your reasoning
