# Messages of the command-line program (domei-cli).
cli-check-ok = { $source }: ok: { $actors } actors, { $issues } issues, { $stances } stances
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
