# Messages of the command-line program (domei-cli).
# $actors-n, $issues-n, $stances-n: "one" or "other", the counts' plural forms.
cli-check-ok = { $source }: ok: { $actors } { $actors-n ->
        [one] actor
       *[other] actors
    }, { $issues } { $issues-n ->
        [one] issue
       *[other] issues
    }, { $stances } { $stances-n ->
        [one] stance
       *[other] stances
    }
cli-check-values = values: { $values } ({ $capabilities } capabilities), { $ranges } with a range; { $cited } cite evidence ({ $refs } references), { $judged } rest on analyst judgement only, { $bare } have neither
cli-check-strict-failed = --strict: { $count } evidence problem(s)
cli-check-untranslated = { $file }:{ $line }:{ $col }: `{ $key }` has no Japanese form (`{ $key }_ja`); the scenario declares languages = ["en", "ja"]
cli-check-translation-summary = translations: { $translated } of { $total } texts have a Japanese form
cli-bad-lang = unknown language { $lang }: use en or ja
# The store commands' tables (runs, scenarios, outcome, token).
cli-runs-none = no stored runs (domei forecast and domei simulate store them)
cli-kind = kind
cli-models = models
cli-started-utc = started (UTC)
cli-took = took
cli-status = status
cli-outcomes-none = no recorded outcomes (domei outcome record SCENARIO ISSUE VALUE --date YYYY-MM-DD --source TEXT)
cli-version = version
cli-date = date
cli-recorded-utc = recorded (UTC)
cli-source = source
cli-scenarios-none = no stored scenarios (domei forecast or domei scenarios save stores one)
cli-name = name
cli-versions = versions
cli-runs = runs
cli-updated-utc = updated (UTC)
cli-tokens-none = no tokens (domei token create makes one)
cli-id = id
cli-label = label
cli-created-utc = created (UTC)
cli-last-used-utc = last used (UTC)
cli-never = never
cli-active = active
cli-revoked = revoked { $when }

# whatif --coalition: why a forecast did not move.
cli-coalition-unmoved-mean = { $model } on { $issue } is unchanged: a coalition cannot move the weighted mean — the bloc carries exactly its members' combined weight (capability × salience) at their weighted mean position.
cli-coalition-unmoved-one-side = { $model } on { $issue } is unchanged: the bloc (at { $bloc }) and all its members stand on the same side of the forecast ({ $forecast }), so pooling moved no weight across it.
cli-coalition-unmoved-not-decisive = { $model } on { $issue } is unchanged: the members stand on both sides of the forecast ({ $forecast }) and their pooled weight (the bloc at { $bloc }) is not decisive for this model.

# runs show and runs diff.
cli-run-title = run { $id }: { $kind } of scenario { $scenario } ({ $status })
cli-run-models = models
cli-run-parameters = parameters
cli-run-seed = seed
cli-run-domei = domei
cli-run-started = started
cli-run-started-took = { $when } UTC, took { $took }
cli-run-ranges = ranges
cli-run-ranges-draws = point forecast (p10–p90) over { $draws } Monte Carlo draws
cli-run-no-results = no results stored
cli-run-diff-title = run { $a } → run { $b }
cli-run-scenario = scenario
cli-run-in-both = { $scenario } in both
cli-run-scenario-changes = Scenario changes (v{ $from } → v{ $to }):
cli-run-text-only = none in the values (text only; see `domei scenarios diff`)
cli-run-cannot-compare = cannot compare values: { $error }
cli-run-different-scenarios = (different scenarios: forecasts are compared by issue id)
cli-run-forecasts = Forecasts:
cli-run-forecasts-changed = Forecasts that changed:
# scenarios history, diff and save.
cli-saved-utc = saved (UTC)
cli-sha256 = sha256
cli-message = message
cli-no-value-changed = no value changed
cli-texts-identical = the texts are identical
cli-scenario-saved = saved { $scenario }
cli-scenario-unchanged = unchanged: { $scenario } has the same text
# corpus add, search, show and list.
cli-corpus-added = added
cli-corpus-new-version = new version
cli-corpus-unchanged = unchanged
cli-corpus-metadata-updated = metadata updated
cli-corpus-paragraphs = { $n } paragraphs
cli-corpus-passages = { $n } passages
cli-corpus-nothing-added = nothing was added (use --skip-bad to add the readable files anyway)
cli-corpus-no-match = no passage matches `{ $query }`
cli-corpus-try-english = the corpus may be in English; the glossary's English terms closest to it: { $terms }
cli-corpus-also-searched = also searched (glossary): { $terms } — --no-expand turns this off
cli-corpus-version-of = (version { $version } of { $latest })
cli-corpus-title = title
cli-corpus-authors = authors
cli-corpus-publisher = publisher
cli-corpus-language = language
cli-corpus-format = format
cli-corpus-characters = characters { $start }..{ $end } of the document text
cli-corpus-chunks = ; chunks: { $chunks }
cli-corpus-documents-in = { $n } documents in { $dir }
# claims list and claims check.
cli-claims-passage = passage
cli-claims-as-written = as written
cli-claims-value = value
cli-claims-about = about
cli-claims-count = { $n } claims
cli-claims-builtin-table = built-in table (corpus/reference-figures.toml)
cli-claims-checked = { $n } claims checked; tolerance { $tolerance }%
cli-claims-implied = Implied figures
cli-claims-annual = {" "}(annual)
cli-claims-imply = "{ $a }" and "{ $b }" imply { $quantity } ≈ { $value }
cli-claims-converted = , converted at { $rate } JPY/USD
cli-claims-reference = reference: { $name } = { $value } ({ $source })
cli-claims-within = deviation { $deviation }%: within tolerance ({ $tolerance }%)
cli-claims-outside = deviation { $deviation }%: OUTSIDE tolerance ({ $tolerance }%)
cli-claims-no-reference = no reference figure for this quantity
cli-claims-contradictions = Contradictions between documents
cli-claims-none-found = none found
cli-claims-differs = { $quantity } [{ $basis }] differs by { $difference }%
cli-claims-reference-figures = Reference figures ({ $source }):
# evidence check and evidence audit.
cli-ev-quotes-not-found = { $n } quote(s) not found
cli-ev-refs-unresolved = { $n } reference(s) do not resolve
cli-ev-check-failed = evidence check failed: { $why }
cli-ev-summary = { $file } and { $parts } part file(s): { $references } references: { $verified } verified, { $noquote } resolved (no quote), { $mismatch } quote mismatch, { $unresolved } unresolved
cli-ev-file-summary = { $file }: { $references } references, { $verified } verified, { $mismatch } quote mismatch, { $unresolved } unresolved
cli-ev-strength = strength of the scenario's values: { $counts }
cli-ev-values = values: { $cited } cite evidence, { $judgement } analyst judgement only, { $uncited } uncited
cli-ev-actor = actor
cli-ev-issue = issue
cli-ev-cited = cited
cli-ev-judgement = judgement
cli-ev-uncited = uncited
cli-audit-title = { $file }: evidence audit of { $n } values
cli-audit-grid = grid: position/salience per actor × issue; S cited-states, I cited-implies, U cited-unrated, J judgement, - uncited
cli-audit-cap = cap
cli-audit-states = states
cli-audit-implies = impl
cli-audit-unrated = unrat
cli-audit-judgement = judg
cli-audit-uncited = uncit
cli-audit-per-class = values per class
cli-audit-all = all
cli-audit-per-actor = per actor
cli-audit-per-issue = per issue
cli-audit-by-support = references by support
cli-audit-by-voice = references by voice
cli-audit-one-short-quote = resting on one short quote
cli-audit-recommendation-only = supported only by recommendations
cli-audit-single-document = { $actor } ({ $document }, { $n } references)
cli-audit-one-document = actors whose evidence is from one document
cli-audit-part = { $file }: { $n } references; support: { $support }; voice: { $voice }
# The CLI's own error messages and hints.
cli-error = error:
cli-err-unknown-model-rounds = unknown model `{ $name }`; the models with rounds are { $models }
cli-err-no-rounds = model `{ $model }` has no rounds (it computes its forecast in one step); the models with rounds are { $models }
cli-err-no-issue = { $scenario } has no issue `{ $issue }`; its issues are: { $issues }
cli-err-no-actor = no actor "{ $actor }" in { $scenario }; actors: { $actors }
cli-hint-runs-list = `domei runs list` lists the stored runs
cli-err-exists-force = { $file } exists; pass --force to replace it
cli-err-no-token = no active token { $id } (see domei token list)
cli-err-unknown-audience = unknown audience { $audience }; the lexicon has: { $audiences }
cli-err-for-unknown-actor = --for: unknown actor { $actor } (actors: { $actors })
