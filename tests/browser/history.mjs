// Why each actor moved, in real Chromium (issue 13, item 2).
//
//   node tests/browser/history.mjs URL SCREENSHOT_DIR
//
// URL is a running workbench with the bundled scenario stored. Starts a BDM
// forecast through the API, checks that the run's round logs carry actor
// ids, opens the run page, follows an issue's "why each actor moved" link,
// checks the positions chart (one line per actor) and the move table
// against the API's history, then chooses one actor that moved and checks
// that the chart and the table follow that actor alone. Saves a screenshot
// of both pages. Run by crates/domei-cli/tests/browser.rs. Exits 0 when
// every step passes; otherwise prints why and exits 1.

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const base = (process.argv[2] || process.env.DOMEI_URL || "").replace(/\/+$/, "");
const shots = resolve(process.argv[3] || process.env.DOMEI_SCREENSHOTS || "screenshots");
const executablePath = process.env.DOMEI_CHROMIUM || "/usr/bin/chromium";
if (!base) {
  console.error("usage: node history.mjs URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const ISSUE = "defense-spending";

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function api(path, init) {
  const r = await fetch(`${base}${path}`, init);
  const text = await r.text();
  if (!r.ok) throw new Error(`${init?.method || "GET"} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  timeout: 60_000,
});
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: "en-US" });
const page = await context.newPage();
page.setDefaultTimeout(30_000);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => {
  if (m.type() === "error") errors.push(m.text());
});

let step = "start a BDM forecast";
try {
  const job = await api("/api/runs?wait=true", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scenario: "japan-us-2025", models: ["bdm", "median"] }),
  });
  const run = job.run;
  check(Number.isInteger(run), `no run id in ${JSON.stringify(job)}`);
  console.log(`   run ${run}`);

  step = "round logs with actor ids";
  const logs = await api(`/api/runs/${run}/rounds`);
  const log = logs.find((x) => x.issue_id === ISSUE && x.model === "bdm");
  check(log, `no bdm round log of ${ISSUE}`);
  check(Array.isArray(log.actors) && log.actors.length === log.positions.length && log.actors.length > 1,
    `round log actors: ${JSON.stringify(log.actors)} for ${log.positions.length} positions`);
  check(log.actors.includes("japan-gov"), `japan-gov not among ${log.actors}`);

  step = "the history through the API";
  const h = await api(`/api/runs/${run}/history?issue=${ISSUE}&model=bdm`);
  check(h.issue === ISSUE && h.model === "bdm" && h.rounds.length === 10, `history: ${h.issue} ${h.model} ${h.rounds.length}`);
  const moves = h.rounds.flatMap((r) => r.moves.map((m) => ({ round: r.round, ...m })));
  check(moves.length > 0, "nobody moved on defense spending");

  step = "run page → why each actor moved";
  await page.goto(`${base}/runs/${run}`);
  const link = page.locator(`#issue-${ISSUE} [data-testid=history-link]`);
  await page.locator(`#issue-${ISSUE}`).evaluate((d) => { d.open = true; });
  await Promise.all([page.waitForURL(/\/history\?/), link.click()]);
  check((await page.locator("h1").innerText()).includes("Why each actor moved"), "no history heading");
  const chart = page.locator("[data-testid=history-chart] svg");
  await chart.waitFor();
  for (const a of h.initial) {
    check((await chart.locator(`g[aria-label="${a.id}"]`).count()) === 1, `no line for ${a.id} in the chart`);
  }
  const rows = page.locator("[data-testid=history-moves] tbody tr");
  check((await rows.count()) === moves.length, `${await rows.count()} rows for ${moves.length} moves`);
  const firstWhy = await rows.first().locator("td").last().innerText();
  check(firstWhy.trim() === moves[0].because, `first row's cause: ${firstWhy} vs ${moves[0].because}`);
  await page.screenshot({ path: join(shots, "history-all.png"), fullPage: true });

  step = "one actor's history";
  const actor = moves[0].actor;
  await page.selectOption("[data-testid=history-actor-select]", actor);
  await Promise.all([page.waitForURL(new RegExp(`actor=${actor}`)), page.click("[data-testid=history-show]")]);
  check((await page.locator("[data-testid=history-actor]").innerText()).trim() === actor, "the chosen actor is not shown");
  const mine = moves.filter((m) => m.actor === actor);
  const actorRows = page.locator("[data-testid=history-moves] tbody tr");
  check((await actorRows.count()) === mine.length, `${await actorRows.count()} rows for ${mine.length} moves of ${actor}`);
  for (const who of await actorRows.evaluateAll((trs) => trs.map((t) => t.dataset.actor))) {
    check(who === actor, `a row of ${who} in ${actor}'s history`);
  }
  const lines = await page.locator("[data-testid=history-chart] svg g[aria-label]").evaluateAll((gs) =>
    gs.map((g) => g.getAttribute("aria-label")));
  check(lines.includes(actor) && lines.includes("bdm median"), `chart lines: ${lines}`);
  check(!h.initial.some((a) => a.id !== actor && lines.includes(a.id)), `other actors drawn: ${lines}`);
  const title = await page.locator("[data-testid=history-chart] svg title").first().textContent();
  check(title.endsWith(`— ${actor}`), `chart title: ${title}`);
  await page.screenshot({ path: join(shots, "history-actor.png"), fullPage: true });

  step = "no page errors";
  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  console.log(`PASS history (run ${run}, ${moves.length} moves on ${ISSUE}, ${actor}: ${mine.length})`);
  await browser.close();
} catch (e) {
  console.error(`FAIL at step "${step}": ${e.message}`);
  try {
    await page.screenshot({ path: join(shots, "history-failure.png"), fullPage: true });
  } catch {}
  await browser.close();
  process.exit(1);
}
