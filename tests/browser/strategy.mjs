// Strategy, downloads, named runs and cancel in the workbench, in real
// Chromium (issue 13).
//
//   node tests/browser/strategy.mjs URL SCREENSHOT_DIR
//
// URL is a running workbench with the bundled scenario stored (a fresh
// store). From the pages: runs a what-if (an edit of the US's salience on
// the tariff) and checks the changes table against the API's stored run;
// finds japan-gov's best responses; runs a forecast, names it and notes on
// it; downloads a chart as SVG and the forecast table as CSV and checks
// their content against the run; compares the what-if with the forecast
// with "changed only"; starts a long simulation and cancels it; runs the
// bundled decision chain from its form (after a broken file is shown beside
// the form by line, the text kept) and checks it against the stored run. Saves a
// screenshot of each page (strategy-*.png). Run by
// crates/domei-cli/tests/browser.rs. Exits 0 when every step passes;
// otherwise prints the failing step and why, saves failure-strategy-STEP.png, and
// exits 1.

import { check, csvRows as rows, open, steps } from "./harness.mjs";

const SCENARIO = "japan-us-2025";
const EDIT = "us-admin.us-tariff-japan.salience=0.3";
const t = await open("strategy");
const page = t.page;
const api = (p, init) => t.api(p, init);
const followJob = () => t.followJob();

const runs = {};
const strategySteps = [
  ["a. what-if from the page", async () => {
    await t.goto(`/scenarios/${SCENARIO}`);
    await Promise.all([page.waitForURL(/\/strategy/), page.click("[data-testid=strategy-link]")]);
    await t.shot("strategy-forms.png");
    const form = page.locator("[data-testid=whatif-form]");
    await form.locator("[data-testid=edits]").fill(EDIT);
    // The models of the forecast of step c, so that the two compare row by row.
    for (const m of ["bdm", "smp", "exchange", "nash"]) await form.locator(`input[name=models][value=${m}]`).uncheck();
    await form.locator("[data-testid=run-whatif]").click();
    runs.whatif = await followJob();
    const table = page.locator("[data-testid=whatif-changes]");
    await table.waitFor();
    check((await page.locator("[data-testid=whatif-what]").innerText()).includes(EDIT), "the page does not name the edit");
    const stored = await api(`/api/runs/${runs.whatif}`);
    check(stored.kind === "whatif", `stored kind ${stored.kind}`);
    const tariff = stored.results.changes.find((c) => c.issue === "us-tariff-japan");
    const moved = tariff.changes.filter((c) => Math.abs(c.change) > 1e-6);
    check(moved.length > 0, "the edit moved no tariff forecast");
    const row = table.locator(`tr[data-issue=us-tariff-japan][data-model=${moved[0].model}]`);
    check((await row.getAttribute("class")) === "changed", "the moved row is not marked changed");
    const cells = await row.locator("td").allInnerTexts();
    check(cells[1].includes("%"), `no unit in the row: ${cells}`);
    check(Math.abs(parseFloat(cells[4]) - moved[0].after) < 0.06, `after ${cells[4]} vs ${moved[0].after}`);
    check((await page.locator("[data-testid=reproduced]").innerText()).includes("same results"), "not reproduced");
    await t.shot("strategy-whatif.png");
  }],

  ["b. best responses from the page", async () => {
    await t.goto(`/scenarios/${SCENARIO}/strategy`);
    const form = page.locator("[data-testid=best-response-form]");
    await form.locator("[data-testid=br-actor]").selectOption("japan-gov");
    for (const m of ["bdm", "nash"]) await form.locator(`input[name=models][value=${m}]`).uncheck();
    await form.locator("[data-testid=run-best-response]").click();
    runs.best = await followJob();
    const table = page.locator("[data-testid=best-responses]");
    await table.waitFor();
    const stored = await api(`/api/runs/${runs.best}`);
    check(stored.kind === "best_response" && stored.results.actor === "japan-gov", `stored: ${stored.kind} ${stored.results.actor}`);
    const n = await table.locator("tbody tr").count();
    check(n === stored.results.responses.length && n > 0, `${n} rows vs ${stored.results.responses.length} responses`);
    check((await page.locator("h1").innerText()).includes("japan-gov"), "the title does not name the actor");
    await t.shot("strategy-best-response.png");
  }],

  ["c. a named forecast, a chart as SVG and a table as CSV", async () => {
    await t.goto(`/scenarios/${SCENARIO}`);
    const form = page.locator("[data-testid=run-form]");
    for (const m of ["bdm", "nash", "smp", "exchange"]) await form.locator(`input[name=models][value=${m}]`).uncheck();
    await Promise.all([page.waitForURL(/\/(jobs|runs)\/\d+/), form.locator("[data-testid=run]").click()]);
    runs.forecast = await followJob();
    // Name it and note on it.
    await page.locator("[data-testid=label-name]").fill("Baseline before the summit");
    await page.locator("[data-testid=label-note]").fill("Compromise and median only.");
    await Promise.all([page.waitForNavigation(), page.locator("[data-testid=label-save]").click()]);
    check((await page.locator("[data-testid=run-note]").innerText()).includes("Compromise and median only."), "the note is not shown");
    check((await page.locator("[data-testid=run-label-name]").innerText()) === "Baseline before the summit", "the name is not shown");
    const label = await api(`/api/runs/${runs.forecast}/label`);
    check(label && label.name === "Baseline before the summit", `stored label ${JSON.stringify(label)}`);
    // The first chart as SVG: the same SVG as the page's.
    const fig = page.locator("figure.chart").first();
    const id = await fig.getAttribute("data-chart");
    const svg = await t.download(fig.locator("[data-testid=chart-svg]"), "strategy-chart.svg");
    const svgText = svg.text;
    check(svg.name === `run-${runs.forecast}-${id}.svg`, `file name ${svg.name}`);
    const svgId = await fig.locator("svg").first().getAttribute("id");
    check(svgText.startsWith("<?xml") && svgText.includes("<svg") && svgText.includes(`id="${svgId}"`), `the SVG is not the chart ${svgId}`);
    const title = await fig.locator("svg title").first().textContent();
    const fileTitle = await page.evaluate((t) => new DOMParser().parseFromString(t, "image/svg+xml").querySelector("title")?.textContent, svgText);
    check(fileTitle === title, `the SVG's title ${JSON.stringify(fileTitle)} is not the chart's ${JSON.stringify(title)}`);
    // The forecast table as CSV: one row per issue, the page's values.
    const lines = rows((await t.download(page.locator("[data-testid=csv-forecasts]"))).text);
    check(lines[0].join(",").startsWith("issue,name,unit,min,max,headline"), `header ${lines[0]}`);
    const trs = await page.locator("[data-testid=forecasts] tbody tr").count();
    check(lines.length === 1 + trs, `${lines.length - 1} CSV rows for ${trs} table rows`);
    const stored = await api(`/api/runs/${runs.forecast}`);
    const ds = stored.results.issues.find((i) => i.id === "defense-spending");
    const comp = ds.forecasts.find((f) => f.model === "compromise").value;
    const line = lines.find((l) => l[0] === "defense-spending");
    const col = lines[0].indexOf("compromise");
    check(Math.abs(Number(line[col]) - comp) < 1e-12, `CSV compromise ${line[col]} vs stored ${comp}`);
    const shown = await page.locator("[data-testid=forecasts] tr[data-issue=defense-spending] td[data-model=compromise]").innerText();
    check(Math.abs(parseFloat(shown) - comp) < 0.01, `page ${shown} vs ${comp}`);
    // And the chart as PNG.
    const { bytes } = await t.download(fig.locator("[data-testid=chart-png]"), "strategy-chart.png");
    check(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "the PNG is not a PNG");
    await t.shot("strategy-named-run.png");
    // The run list shows the name.
    await t.goto("/runs");
    check((await page.locator("[data-testid=run-name]").allInnerTexts()).includes("Baseline before the summit"), "the run list does not show the name");
  }],

  ["d. compare, changed only", async () => {
    await t.goto(`/compare?a=${runs.forecast}&b=${runs.whatif}`);
    const all = await page.locator("[data-testid=comparison] tbody tr").count();
    await Promise.all([page.waitForURL(/changed=1/), page.click("[data-testid=changed-only]")]);
    const only = await page.locator("[data-testid=comparison] tbody tr").count();
    const issues = new Set(await page.locator("[data-testid=comparison] tbody tr").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-issue"))));
    check(only > 0 && only < all, `changed only: ${only} of ${all}`);
    check(issues.size === 1 && issues.has("us-tariff-japan"), `changed issues: ${[...issues]}`);
    check((await page.locator("[data-testid=comparison] td.unit").first().innerText()).length > 0, "no unit shown");
    await t.shot("strategy-compare.png");
  }],

  ["e. a decision chain from the page", async () => {
    await t.goto(`/scenarios/${SCENARIO}/strategy`);
    const form = page.locator("[data-testid=events-form]");
    const text = form.locator("[data-testid=events-text]");
    const bundled = await text.inputValue();
    check(bundled.includes('id = "taiwan-contingency-chain"'), "the chain form does not start from the bundled events.toml");
    // A broken file: its problem is shown beside the form by line, the text kept.
    const broken = bundled.replace('id = "taiwan-contingency-chain"', "id = taiwan-contingency-chain");
    await text.fill(broken);
    // The 422 of the broken file (reported by the browser when it arrives)
    // is the answer expected.
    await t.expecting([/status of 422/], () => Promise.all([page.waitForNavigation(), form.locator("[data-testid=run-events]").click()]));
    const problems = page.locator("[data-testid=events-problems] li");
    check((await problems.count()) > 0, "no problem shown beside the form");
    const line = await problems.first().getAttribute("data-line");
    const want = String(broken.split("\n").findIndex((l) => l.startsWith("id = taiwan-contingency-chain")) + 1);
    check(line === want, `the problem is on line ${line}, the broken line is ${want}`);
    check((await page.locator("[data-testid=events-text]").inputValue()) === broken, "the form lost its text");
    await t.shot("strategy-events-error.png");
    // The bundled chain, 200 draws.
    await page.locator("[data-testid=events-text]").fill(bundled);
    await page.locator("[data-testid=events-draws]").fill("200");
    await page.locator("[data-testid=run-events]").click();
    runs.events = await followJob();
    const table = page.locator("[data-testid=events-outcomes]");
    await table.waitFor();
    const stored = await api(`/api/runs/${runs.events}`);
    check(stored.kind === "events" && stored.parameters.draws === 200, `stored ${stored.kind} ${stored.parameters.draws}`);
    const outcomes = stored.results.chain.nodes.reduce((n, x) => n + x.outcomes.length, 0);
    const n = await table.locator("tbody tr").count();
    check(n === outcomes && n > 0, `${n} rows vs ${outcomes} outcomes`);
    const first = stored.results.chain.nodes[0];
    const cells = await table.locator(`tr[data-node="${first.id}"]`).first().locator("td").allInnerTexts();
    check(Math.abs(parseFloat(cells[2]) - 100 * first.outcomes[0].p) < 0.06, `p ${cells[2]} vs ${first.outcomes[0].p}`);
    check((await page.locator("[data-testid=reproduced]").innerText()).includes("same results"), "not reproduced");
    const csv = (await t.download(page.locator("[data-testid=csv-outcomes]"))).text;
    check(rows(csv).length === outcomes + 1, `the CSV has ${rows(csv).length} lines for ${outcomes} outcomes`);
    await t.shot("strategy-events.png");
  }],
  ["f. cancel a long simulation", async () => {
    await t.goto(`/scenarios/${SCENARIO}`);
    const form = page.locator("[data-testid=run-form]");
    await form.locator("select[name=kind]").selectOption("simulate");
    await form.locator("input[name=draws]").fill("100000");
    await Promise.all([page.waitForURL(/\/jobs\/\d+/), form.locator("[data-testid=run]").click()]);
    const job = Number(page.url().match(/\/jobs\/(\d+)/)[1]);
    // Progress with its time, then cancel.
    await page.waitForFunction(() => /elapsed/.test(document.querySelector("[data-testid=eta]")?.textContent || ""), null, { timeout: 120_000 });
    await t.shot("strategy-progress.png");
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job}$`)), page.click("[data-testid=cancel]")]);
    await page.locator("[data-testid=cancelled]").waitFor();
    const j = await api(`/api/jobs/${job}`);
    check(j.state === "cancelled" && j.run === null && j.done < j.total, `job after cancel: ${JSON.stringify(j)}`);
    const list = await api(`/api/runs?scenario=${SCENARIO}&kind=simulate`);
    check(list.length === 0, `a cancelled simulation was stored: ${JSON.stringify(list)}`);
    await t.shot("strategy-cancelled.png");
  }],
];

await steps(t, strategySteps);
