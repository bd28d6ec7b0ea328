# Messages of the command-line program (domei-cli).
cli-check-ok = { $source }: ok: { $actors } actors, { $issues } issues, { $stances } stances
cli-check-values = values: { $values } ({ $capabilities } capabilities), { $ranges } with a range; { $cited } cite evidence ({ $refs } references), { $judged } rest on analyst judgement only, { $bare } have neither
cli-check-strict-failed = --strict: { $count } evidence problem(s)
cli-check-untranslated = { $file }:{ $line }:{ $col }: `{ $key }` has no Japanese form (`{ $key }_ja`); the scenario declares languages = ["en", "ja"]
cli-check-translation-summary = translations: { $translated } of { $total } texts have a Japanese form
cli-bad-lang = unknown language { $lang }: use en or ja
