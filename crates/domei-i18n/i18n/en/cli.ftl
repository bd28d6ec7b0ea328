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
