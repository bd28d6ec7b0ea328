# The SVG charts' own words (domei-charts): titles, subtitles, legends, the
# descriptions read by screen readers. Sentences appended to a description
# start with a space ({" "}).
chart-positions-title = Positions: { $issue }
chart-rounds-title = Rounds: { $issue }
chart-distribution-title = Monte Carlo: { $issue }
chart-tornado-title = Sensitivity ({ $model }): { $issue }
chart-line-median = { $model } median
chart-line-mean = { $model } weighted mean
chart-status-quo = status quo
chart-status-quo-value = status quo { $value }
chart-desc-status-quo = {" "}Status quo { $value }.
chart-desc-forecasts = {" "}Forecasts: { $list }.
chart-desc-positions = {" "}Positions: { $list }.
chart-positions-desc = { $actors } actors on a scale from { $min } to { $max } { $unit }.
chart-positions-sub = positions on the scale, in { $unit }
chart-legend-actor = actor position (marker area ∝ capability × salience; bar: range in the sources)
chart-legend-anchor = labelled point of the scale
chart-legend-forecast = { $model } forecast
chart-group-forecasts = model forecasts
chart-group-actors = actor positions
chart-group-legend = legend
chart-no-actor = no actor has a stance on this issue
chart-actor-tip = { $name }: { $value } { $unit } (capability × salience { $weight })
chart-rounds-desc = Forecast by round, in { $unit }.
chart-rounds-desc-line = {" "}{ $line }: { $first } at round { $from }, { $last } at round { $to }.
chart-rounds-sub = forecast after each round, in { $unit }; round 0 is the initial state
chart-round = round
chart-no-rounds = no rounds to show
chart-tornado-desc = Sensitivity of the forecast (base { $base } { $unit }) to each input, largest swing first.
chart-tornado-desc-bar = {" "}{ $input }: { $low } at { $at-low }, { $high } at { $at-high }.
chart-tornado-desc-none = {" "}No input moves this forecast.
chart-tornado-sub = forecast in { $unit } with one input at a time at its low or high end, others at their point values
chart-base = base { $value }
chart-no-input = no input moves this forecast
chart-tornado-tip-low = { $input }: input at its low end ({ $value }) gives { $forecast }
chart-tornado-tip-high = { $input }: input at its high end ({ $value }) gives { $forecast }
chart-legend-low = input at its low end
chart-legend-high = input at its high end
chart-distribution-desc = Monte Carlo distribution of the forecast, in { $unit }, from { $min } to { $max }.
chart-distribution-desc-strip = {" "}{ $model }: 80% of { $draws } draws between { $p10 } and { $p90 }, median { $p50 }, point forecast { $point }.
chart-distribution-sub = share of Monte Carlo draws by forecast, in { $unit }; each strip scaled to its own tallest bar
chart-no-mc = no Monte Carlo results
chart-group-distribution = { $model } distribution
chart-n-failed = n={ $n } ({ $failed } failed)
chart-band = band: { $low }–{ $high }
chart-bar-tip = { $low }–{ $high }: { $count } draws ({ $share }%)
chart-legend-band = input-uncertainty band (p10–p90)
chart-legend-median = median (p50)
chart-legend-point = point forecast (model's symbol)

# History chart (domei history as a chart)
chart-history-desc = Positions by round, in { $unit }.
chart-history-sub = each actor's position after each round, in { $unit }; round 0 is the start
chart-history-title = Why they moved: { $issue } ({ $model }){ $who }
