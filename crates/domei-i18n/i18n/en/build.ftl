# Building a scenario in the workbench (domei-web pages/build.rs).
web-build-new-title = New scenario
web-build-create = Start from nothing
web-build-create-help = Give the scenario an id (letters, digits, '-' and '_'), a name and the question it answers; then add actors, issues and stances. Every change is saved as a new version.
web-build-create-button = Create the scenario
web-build-import = Import a file
web-build-import-help = A simple CSV (actor,capability,position,salience), a KTAB CSV, a DEU III table (.tsv) or a scenario.toml, read and checked as the command domei import does. A scenario whose id is stored already gets a new version.
web-build-file = File
web-build-filename = File name
web-build-file-text = Content (filled in from the file; or paste it)
web-build-import-button = Import
web-build-title = Build: { $name }
web-build-crumb = build
web-build-to-grid = the grid and runs
web-build-not-saved = Not saved: fix the problems marked below.
web-build-header = Name and question
web-build-name = Name
web-build-question = Question
web-build-save = Save
web-build-actors = Actors
web-build-no-actors = No actor yet.
web-build-add-actor = Add the actor
web-build-remove = Remove
web-build-issues = Issues
web-build-no-issues = No issue yet.
web-build-add-issue = Add the issue
web-build-edit-issue = Edit or remove this issue
web-build-remove-issue = Remove the issue and its stances
web-build-unit = Unit
web-build-min = Scale from
web-build-max = to
web-build-anchors = Anchors (one a line: VALUE = LABEL)
web-build-add-stance = Add a stance on { $issue }
web-build-add-stance-button = Add the stance
web-build-position = Position ({ $scale })
web-build-salience = Salience (0–1)
web-build-value = Value
web-build-judgement = Judgement (why this value)
web-build-or-cite = and/or cite a passage:
web-build-passage = Passage
web-build-quote = Quote (verbatim from the passage)
web-build-fix = Fix:
web-build-closest = Closest passage:
web-build-not-a-number = not a number
web-build-required = required
web-build-bad-anchor = anchor “{ $line }” is not VALUE = LABEL
web-build-anchor-help = write one anchor a line, e.g. 2 = 2% by FY2027
web-build-not-runnable = Not ready to run yet:
web-build-go-build = Continue building it
# An imported file's problem: its name and place, then what the reader said.
web-build-import-in = { $file }: { $message }
web-build-import-at = { $file }, line { $line }, column { $col }: { $message }
