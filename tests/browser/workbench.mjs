// Browser tests of the domei web workbench (`domei serve`) in real Chromium.
//
//   node tests/browser/workbench.mjs URL SCREENSHOT_DIR
//   (or DOMEI_URL / DOMEI_SCREENSHOTS in the environment)
//
// URL is a running workbench with the bundled scenario stored (a fresh
// store: the steps expect its first versions and runs). Run by
// crates/domei-cli/tests/browser.rs, which starts the server. Chromium is
// the system's (DOMEI_CHROMIUM, default /usr/bin/chromium): playwright-core
// never downloads a browser. Exits 0 when every step passes; otherwise
// prints the failing step and why, saves failure-STEP.png, and exits 1.

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const base = (process.argv[2] || process.env.DOMEI_URL || "").replace(/\/+$/, "");
const shots = resolve(process.argv[3] || process.env.DOMEI_SCREENSHOTS || "screenshots");
const executablePath = process.env.DOMEI_CHROMIUM || "/usr/bin/chromium";
if (!base) {
  console.error("usage: node workbench.mjs URL SCREENSHOT_DIR (or DOMEI_URL, DOMEI_SCREENSHOTS)");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const SCENARIO = "japan-us-2025";
const ISSUE = "defense-spending";
// japan-gov holds the lowest position of the large actors on defense
// spending (2.0% against the US's 3%): lowering its salience moves the
// compromise (weighted mean) forecast up.
const SALIENCE = `japan-gov.${ISSUE}.salience`;
const NEW_SALIENCE = "0.05";
const MODELS = ["compromise", "median"];
const TIMEOUT = 30_000;

class Failure extends Error {}
function check(cond, msg) {
  if (!cond) throw new Failure(msg);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Browser, and everything a page reports that would be a bug.

const browser = await chromium
  .launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    timeout: 60_000,
  })
  .catch((e) => {
    console.log(`FAIL cannot start Chromium (${executablePath}): ${e.message}`);
    process.exit(1);
  });
const context = await browser.newContext({
  viewport: { width: 1280, height: 900 },
  acceptDownloads: true,
});
context.setDefaultTimeout(TIMEOUT);
context.setDefaultNavigationTimeout(TIMEOUT);

const problems = []; // console errors, page errors, dialogs, 5xx responses
let expected = []; // patterns of console errors a step expects (a 422 it provokes)
let dialogs = 0;
function watch(page) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    const from = m.location()?.url || "";
    // Chromium asks for /favicon.ico by itself; the workbench has none.
    if (/\/favicon\.ico$/.test(from)) return;
    if (expected.some((re) => re.test(text))) return;
    problems.push(`console error on ${page.url()}: ${text}${from ? ` (${from})` : ""}`);
  });
  page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on("dialog", async (d) => {
    dialogs += 1;
    problems.push(`dialog (${d.type()}) on ${page.url()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
}
context.on("page", watch);
const page = await context.newPage();

const url = (p) => base + p;
const notes = []; // observations that are not failures, printed at the end
function note(s) {
  notes.push(s);
}
async function shot(name) {
  const file = join(shots, name);
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (sw > cw) note(`${name}: the page is wider than the window (${sw} px in ${cw} px)`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
// Fails when the page is an error page (the server's pages say so in <h1>).
async function assertOk(resp, what) {
  check(resp, `${what}: no response`);
  if (resp.status() >= 400) {
    const body = (await page.locator("main").innerText().catch(() => "")).slice(0, 500);
    throw new Failure(`${what}: HTTP ${resp.status()} at ${page.url()}: ${body}`);
  }
}
async function goto(p, what) {
  const resp = await page.goto(url(p), { waitUntil: "load" });
  await assertOk(resp, what || `GET ${p}`);
  return resp;
}

// Clicks `button` to POST a form; fails at once when the server refuses
// it (the response must be a redirect), then waits for the page `target` matches.
async function submit(button, target, what) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().frame() === page.mainFrame()),
    button.click(),
  ]);
  if (resp.status() < 300 || resp.status() >= 400) {
    await page.waitForLoadState("load").catch(() => {});
    const body = (await page.locator("main").innerText().catch(() => "")).replace(/\s+/g, " ").slice(0, 300);
    throw new Failure(`${what}: POST ${new URL(resp.url()).pathname} answered HTTP ${resp.status()}: ${body}`);
  }
  await page.waitForURL(target);
}

// The run form on a scenario page: kind, exactly `models` checked, draws.
async function runForm({ kind, models, draws, seed }) {
  const form = page.locator("[data-testid=run-form]");
  await form.locator("select[name=kind]").selectOption(kind);
  const boxes = form.locator("input[type=checkbox][name=models]");
  const n = await boxes.count();
  check(n >= models.length, `run form: ${n} model checkboxes`);
  const offered = [];
  for (let i = 0; i < n; i++) {
    const b = boxes.nth(i);
    const m = await b.getAttribute("value");
    offered.push(m);
    await b.setChecked(models.includes(m));
  }
  for (const m of models) check(offered.includes(m), `run form offers no model ${m} (has ${offered})`);
  if (draws != null) await form.locator("input[name=draws]").fill(String(draws));
  if (seed != null) await form.locator("input[name=seed]").fill(String(seed));
  await submit(form.locator("[data-testid=run]"), /\/(jobs|runs)\/\d+$/, `start a ${kind}`);
}

// Waits for the job page to follow to its run; returns the run id.
async function landOnRun(timeout = 60_000) {
  await page.waitForURL(/\/runs\/\d+$/, { timeout });
  await page.locator("[data-testid=forecasts]").waitFor();
  return Number(new URL(page.url()).pathname.split("/").pop());
}

// What the run page shows for defense spending: the table's compromise
// forecast and the positions chart's forecast marks and description.
async function defenseForecast() {
  const cell = page.locator(`[data-testid=forecasts] tr[data-issue="${ISSUE}"] td[data-model=compromise]`);
  check((await cell.count()) === 1, `run page: no compromise cell for ${ISSUE}`);
  const value = (await cell.innerText()).trim();
  const fig = page.locator(`figure.chart[data-chart="positions-${ISSUE}"]`);
  check((await fig.count()) === 1, `run page: no positions chart for ${ISSUE}`);
  check((await fig.locator("svg").count()) === 1, `positions chart of ${ISSUE} is not inline SVG`);
  const marks = await fig.locator('g[aria-label="model forecasts"]').innerHTML();
  const desc = await fig.locator("svg > desc").textContent();
  return { value, marks, desc };
}

// ---------------------------------------------------------------------------
// Steps.

const runs = {};
const steps = [
  ["a. scenario list and grid", async () => {
    const resp = await goto("/scenarios");
    const csp = resp.headers()["content-security-policy"] || "";
    check(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), `Content-Security-Policy: ${JSON.stringify(csp)}`);
    const link = page.locator(`[data-testid=scenarios] a[href="/scenarios/${SCENARIO}"]`);
    check((await link.count()) === 1, `/scenarios lists no ${SCENARIO}`);
    await shot("scenarios.png");
    await Promise.all([page.waitForURL(`**/scenarios/${SCENARIO}`), link.click()]);
    const cells = await page.locator("[data-testid=grid] a.value[data-path]").count();
    check(cells > 50, `the grid shows ${cells} value links`);
    check((await page.locator(`a.value[data-path="${SALIENCE}"]`).count()) === 1, `the grid has no ${SALIENCE}`);
    await shot("scenario-grid.png");
    const wrap = await page.locator(".grid-wrap").first().evaluate((e) => [e.scrollWidth, e.clientWidth]);
    if (wrap[0] > wrap[1]) note(`the grid scrolls sideways: ${wrap[0]} px of content in ${wrap[1]} px`);
  }],

  ["b. forecast (compromise, median)", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    await runForm({ kind: "forecast", models: MODELS });
    runs.first = await landOnRun();
    const heads = await page.locator("[data-testid=forecasts] thead th").allInnerTexts();
    check(MODELS.every((m) => heads.includes(m)) && heads.length === 3 + MODELS.length && heads[2].startsWith("Headline"),
      `forecast table columns: ${heads.join(" | ")}`);
    runs.firstForecast = await defenseForecast();
    check(/^\d/.test(runs.firstForecast.value), `compromise forecast of ${ISSUE}: ${runs.firstForecast.value}`);
    console.log(`   run ${runs.first}: compromise forecast of ${ISSUE} ${runs.firstForecast.value}`);
    await shot("run.png");
  }],

  ["c. evidence panel and edit a salience", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    await Promise.all([page.waitForURL(/\/value\?/), page.locator(`a.value[data-path="${SALIENCE}"]`).click()]);
    const title = (await page.locator("[data-testid=value-title]").innerText()).trim();
    check(title.startsWith("Government of Japan") && title.endsWith("· salience"), `value page title: ${title}`);
    check((await page.locator("p.meta code").innerText()).trim() === SALIENCE, "value page path");
    const texts = page.locator("[data-testid=evidence] [data-testid=passage-text]");
    check((await texts.count()) >= 1, "the evidence panel shows no passage text");
    const text = (await texts.first().innerText()).trim();
    check(text.length > 40, `passage text too short: ${JSON.stringify(text)}`);
    const quote = page.locator("[data-testid=evidence] blockquote.quote").first();
    const q = (await quote.innerText()).replace(/^“|”$/g, "").trim();
    check(text.includes(q), `the passage text does not contain its quote ${JSON.stringify(q)}`);
    check((await texts.first().locator("mark").count()) === 1, "the quote is not marked in the passage text");
    await shot("value.png");

    const form = page.locator("[data-testid=edit-form]");
    await form.locator("input[name=value]").fill(NEW_SALIENCE);
    // The value has no range in the bundled scenario; clear both to be sure.
    await form.locator("input[name=low]").fill("");
    await form.locator("input[name=high]").fill("");
    await form.locator("textarea[name=judgement]").fill(
      "Browser test: suppose Tokyo stops caring about the defense-spending number.");
    await form.locator("input[name=message]").fill("browser test: japan-gov salience on defense spending");
    await submit(form.locator("[data-testid=save]"), /\/scenarios\/[^/]+\?saved=\d+$/, "save the value");
    const saved = (await page.locator("[data-testid=saved]").innerText()).trim();
    check(/version 2\b/.test(saved), `saved notice: ${JSON.stringify(saved)}`);
    check((await page.locator("p.meta").innerText()).includes("version 2 of 2"), "scenario page is not at version 2");
    const cell = (await page.locator(`a.value[data-path="${SALIENCE}"]`).innerText()).trim();
    check(cell === NEW_SALIENCE, `the grid shows ${cell} for ${SALIENCE}`);
  }],

  ["d. forecast again: defense spending moves", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    await runForm({ kind: "forecast", models: MODELS });
    runs.second = await landOnRun();
    check(runs.second !== runs.first, "the second run has the first's id");
    check((await page.locator("p.meta").innerText()).includes(`${SCENARIO} v2`), "the second run is not of version 2");
    const now = await defenseForecast();
    runs.secondForecast = now;
    const before = runs.firstForecast;
    console.log(`   run ${runs.second}: compromise forecast of ${ISSUE} ${before.value} → ${now.value}`);
    check(now.value !== before.value,
      `the compromise forecast of ${ISSUE} did not change: ${before.value} → ${now.value}`);
    check(now.marks !== before.marks, `the positions chart's forecast marks did not change`);
    check(now.desc !== before.desc, `the positions chart's description did not change`);
    check(now.desc.includes(`compromise ${Number(now.value).toFixed(1)}`) || now.desc.includes(now.value),
      `the chart's description does not state the table's forecast ${now.value}: ${now.desc}`);
  }],

  ["e. compare the two runs", async () => {
    await goto("/runs");
    const form = page.locator("[data-testid=compare-form]");
    await form.locator(`input[name=a][value="${runs.first}"]`).check();
    await form.locator(`input[name=b][value="${runs.second}"]`).check();
    await shot("runs.png");
    await Promise.all([page.waitForURL(/\/compare\?/), form.locator("[data-testid=compare]").click()]);
    const q = new URL(page.url()).searchParams;
    check(q.get("a") === String(runs.first) && q.get("b") === String(runs.second), `compare URL ${page.url()}`);
    const rows = page.locator("[data-testid=comparison] tbody tr");
    const table = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const tr = rows.nth(i);
      table.push([await tr.getAttribute("data-issue"), ...(await tr.locator("td").allInnerTexts()).slice(1)]);
    }
    const row = table.find((r) => r[0] === ISSUE && r[1].trim() === "compromise");
    check(row, `the comparison has no row ${ISSUE}/compromise: ${JSON.stringify(table.slice(0, 4))}`);
    const delta = Number(row[4].replace("+", "").replace("−", "-"));
    check(Number.isFinite(delta) && delta !== 0, `delta of ${ISSUE}/compromise: ${JSON.stringify(row)}`);
    // Each figure is rounded to its scale's decimals (2 on this scale): three roundings.
    check(Math.abs(Number(row[3]) - Number(row[2]) - delta) < 0.0151, `B − A is not B minus A: ${JSON.stringify(row)}`);
    const changes = await page.locator("[data-testid=scenario-changes] li").allInnerTexts();
    check(changes.some((c) => c.includes("japan-gov") && c.includes(ISSUE) && c.includes("salience")),
      `the scenario changes do not list the salience: ${JSON.stringify(changes)}`);
    await shot("compare.png");

    // The scenario's history and the diff between its two versions.
    await goto(`/scenarios/${SCENARIO}/history`);
    const versions = await page.locator("[data-testid=history] tbody tr").count();
    check(versions === 2, `the history lists ${versions} versions`);
    await Promise.all([page.waitForURL(/\/diff\?from=1&to=2$/), page.getByRole("link", { name: "diff with v1" }).click()]);
    const diff = await page.locator("[data-testid=changes] li").allInnerTexts();
    check(diff.some((c) => c.includes(SALIENCE) && c.includes(NEW_SALIENCE)), `the diff does not list the salience: ${JSON.stringify(diff)}`);
    check((await page.locator("pre.diff").innerText()).includes(`value = ${NEW_SALIENCE}`), "the text diff does not show the new value");
    await shot("diff.png");
  }],

  ["f. simulation with progress", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    await runForm({ kind: "simulate", models: ["compromise"], draws: 20000, seed: 7 });
    // Watch the progress page until it follows to the run.
    const seen = [];
    let midway = false;
    const t = Date.now();
    while (/\/jobs\/\d+$/.test(page.url()) && Date.now() - t < 80_000) {
      const s = await page.locator("[data-testid=progress] .status").innerText({ timeout: 1000 }).catch(() => null);
      if (s && seen.at(-1) !== s) {
        seen.push(s);
        const m = s.match(/^(\d+) of (\d+)/);
        const inProgress = m && Number(m[1]) > 0 && Number(m[1]) < Number(m[2]);
        if (seen.length === 1 || (inProgress && !midway)) {
          midway ||= inProgress;
          await shot("progress.png").catch(() => {});
        }
      }
      await sleep(150);
    }
    console.log(`   progress seen: ${seen.map((x) => JSON.stringify(x)).join(", ") || "(none: the run was done at once)"}`);
    const done = seen.map((x) => Number((x.match(/^(\d+) of/) || [])[1])).filter(Number.isFinite);
    check(done.every((d, i) => i === 0 || d >= done[i - 1]), `the progress went backwards: ${seen.join(" | ")}`);
    if (seen.length > 0 && !midway) note(`the progress page showed no intermediate progress: ${seen.join(" | ")}`);
    runs.sim = await landOnRun(80_000);
    check((await page.locator("p.meta").innerText()).includes("20000 draws"), "the run page does not say 20000 draws");
    const dist = page.locator("figure.chart[data-kind=distribution]");
    check((await dist.count()) >= 1, "the simulation's run page has no distribution chart");
    check((await page.locator(`figure.chart[data-chart="distribution-${ISSUE}"] svg`).count()) === 1,
      `no distribution chart of ${ISSUE}`);
    const cell = await page.locator(`[data-testid=forecasts] tr[data-issue="${ISSUE}"] td[data-model=compromise]`).innerText();
    check(/\d[\s\S]*\d+(\.\d+)?–\d/.test(cell), `the simulation shows no 10–90% range: ${JSON.stringify(cell)}`);
    await shot("simulation.png");
  }],

  ["g. briefing downloads", async () => {
    await goto(`/runs/${runs.second}`);
    const [html] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=brief-html]").click()]);
    const hpath = await html.path();
    check(hpath, `HTML briefing download failed: ${await html.failure()}`);
    const text = readFileSync(hpath, "utf8");
    check(/^<!DOCTYPE html>/i.test(text), "the HTML briefing is not HTML");
    check(/\.html$/.test(html.suggestedFilename()), `HTML briefing file name ${html.suggestedFilename()}`);
    check(text.includes("<table"), "the HTML briefing has no table");
    check(text.includes(runs.secondForecast.value), `the HTML briefing does not state the forecast ${runs.secondForecast.value}`);
    check(text.includes('id="citations"') && text.includes("Citations"), "the HTML briefing has no citations");
    check(/00[1-5]_[0-9a-f]{16}#p\d+/.test(text), "the HTML briefing cites no seed passage");
    check(!/<script/i.test(text), "the HTML briefing contains a script");
    const bottom = text.indexOf('id="bottom-line"');
    check(bottom > 0 && bottom < text.indexOf('id="contents"') && bottom < text.indexOf('id="summary"'),
      "the HTML briefing does not open with its Bottom line");
    check(/Headline forecast \(80% range\)/.test(text) && /Main driver/.test(text), "the Bottom line has no headline or driver column");
    await html.saveAs(join(shots, "brief.html"));
    const view = await context.newPage();
    await view.goto(pathToFileURL(join(shots, "brief.html")).href);
    await view.screenshot({ path: join(shots, "brief.png") });
    await view.close();

    const [pdf] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.locator("[data-testid=brief-pdf]").click()]);
    const ppath = await pdf.path();
    check(ppath, `PDF briefing download failed: ${await pdf.failure()}`);
    const bytes = readFileSync(ppath);
    check(bytes.subarray(0, 5).toString("latin1") === "%PDF-", "the PDF briefing does not start with %PDF-");
    check(statSync(ppath).size > 50 * 1024, `the PDF briefing is only ${statSync(ppath).size} bytes`);
    check(/\.pdf$/.test(pdf.suggestedFilename()), `PDF briefing file name ${pdf.suggestedFilename()}`);
    await pdf.saveAs(join(shots, "brief.pdf"));
  }],

  ["h. search the corpus and attach evidence", async () => {
    await goto(`/scenarios/${SCENARIO}/value?path=${encodeURIComponent(SALIENCE)}`);
    const before = await page.locator("[data-testid=evidence] article.passage").count();
    const search = page.locator("section.search form").first();
    await search.locator("input[name=q]").fill("host nation support");
    await Promise.all([page.waitForURL(/[?&]q=host/), search.locator("button[type=submit]").click()]);
    const hits = page.locator("[data-testid=hits] > li");
    check((await hits.count()) >= 1, "the corpus search found nothing for 'host nation support'");
    const first = hits.first();
    check((await first.locator("p.snippet mark").count()) >= 1, "the first hit highlights nothing");
    await shot("search.png");
    const passage = await first.locator("input[name=passage]").inputValue();
    const prefilled = await first.locator("textarea[name=quote]").inputValue();
    check(prefilled.trim().length > 0, "the quote textarea is not prefilled");

    // The POST's own response: a redirect to the value page, or 422.
    const attach = async (hit) => {
      const [r] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && /\/evidence$/.test(r.url())),
        hit.getByRole("button", { name: "Attach as evidence" }).click(),
      ]);
      await page.waitForLoadState("load");
      return r;
    };
    expected = [/status of 422/];
    let resp = await attach(first);
    console.log(`   attached ${passage} with the prefilled quote: HTTP ${resp.status()}`);
    let quote = prefilled;
    if (resp && resp.status() === 422) {
      // The snippet is not verbatim: quote the passage's first sentence.
      const refused = (await page.locator("main").innerText()).slice(0, 300);
      console.log(`   attach with the prefilled quote refused (422): ${refused.replace(/\s+/g, " ")}`);
      runs.attachRefused = refused;
      const r = await page.request.get(url(`/api/corpus/passages/${encodeURIComponent(passage)}`));
      check(r.ok(), `GET passage ${passage}: ${r.status()}`);
      const ptext = (await r.json()).text;
      quote = (ptext.match(/^.*?[.!?。](?=\s|$)/s) || [ptext])[0].trim();
      await page.goBack();
      const again = page.locator("[data-testid=hits] > li").first();
      await again.locator("textarea[name=quote]").fill(quote);
      resp = await attach(again);
    }
    expected = [];
    check(resp.status() === 303 || resp.status() === 302, `attach evidence: HTTP ${resp.status()}`);
    await page.waitForURL(/\/value\?/);
    check(/\/value\?.*saved=3/.test(page.url()), `after attaching: ${page.url()}`);
    check((await page.locator("[data-testid=saved]").innerText()).includes("version 3"), "no saved notice after attaching");
    const articles = page.locator("[data-testid=evidence] article.passage");
    check((await articles.count()) === before + 1, `the evidence panel lists ${await articles.count()} passages, expected ${before + 1}`);
    const added = page.locator(`[data-testid=evidence] article.passage[data-citation="${passage}"]`);
    check((await added.count()) === 1, `the evidence panel does not list ${passage}`);
    check((await added.locator("[data-testid=passage-text]").count()) === 1, `no passage text for ${passage}`);
    const shownQuote = (await added.locator("blockquote.quote").innerText()).replace(/^“|”$/g, "").trim();
    check(shownQuote === quote.trim().replace(/\s+/g, " ") || shownQuote === quote.trim(),
      `the attached quote shows as ${JSON.stringify(shownQuote)}, expected ${JSON.stringify(quote)}`);
    check((await added.locator("mark").count()) === 1, "the attached quote is not marked in its passage");
    await shot("attach.png");
  }],

  ["i. HTML in names is shown as text", async () => {
    const evil = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    const toml = `[scenario]
id = "xss"
name = '${evil} scenario'

[[actors]]
id = "a"
name = '${evil}'
capability = 2

[[actors]]
id = "b"
name = "Plain actor"
capability = 1

[[issues]]
id = "x"
name = '${evil} issue'
unit = '<b>u</b>'
scale = { min = 0, max = 10 }
status_quo = 5

[[stances]]
actor = "a"
issue = "x"
position = 2
salience = 0.5

[[stances]]
actor = "b"
issue = "x"
position = 8
salience = 1
`;
    const r = await page.request.post(url("/api/scenarios"), { data: { toml, message: "injection test" } });
    check(r.status() === 201, `POST /api/scenarios: ${r.status()} ${await r.text()}`);
    await goto("/scenarios/xss");
    const body = await page.locator("body").innerText();
    check(body.includes(evil), "the actor's name is not shown literally on the scenario page");
    check((await page.locator("main img, main script").count()) === 0, "the name became markup");
    await shot("injection.png");
    await runForm({ kind: "forecast", models: ["compromise"] });
    await landOnRun();
    check((await page.locator("body").innerText()).includes(evil), "the name is not shown literally on the run page");
    check((await page.locator("main img, main script, svg script, svg foreignObject").count()) === 0,
      "the run page has markup from the name");
    await shot("injection-run.png");
    await goto("/scenarios");
    check((await page.locator("body").innerText()).includes(`${evil} scenario`), "the scenario's name is not shown literally in the list");
    await goto(`/scenarios/xss/value?path=${encodeURIComponent("a.x.position")}`);
    await sleep(200); // let an injected onerror fire, if any
    const pwned = await page.evaluate(() => window.__pwned);
    check(pwned === undefined, `window.__pwned = ${pwned}`);
    check(dialogs === 0, `${dialogs} dialog(s) opened`);
  }],

  ["j. add a stance from an empty grid cell", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    const add = page.locator('a.add[href*="actor=china&issue=host-nation-support"]');
    check((await add.count()) === 1, "no add link in the empty china × host-nation-support cell");
    await Promise.all([page.waitForURL(/\/stance\?/), add.click()]);
    const form = page.locator("[data-testid=stance-form]");
    await form.locator("input[name=position]").fill("0");
    await form.locator("input[name=salience]").fill("0.5");
    await form.locator("textarea[name=judgement]").fill("Browser test: Beijing would rather see fewer US forces in Japan.");
    await shot("stance.png");
    await Promise.all([page.waitForURL(/\/scenarios\/[^/]+\?saved=\d+$/), form.locator("button[type=submit]").click()]);
    check((await page.locator("[data-testid=saved]").count()) === 1, "no saved notice after adding the stance");
    const cell = page.locator('a.value[data-path="china.host-nation-support.position"]');
    check((await cell.count()) === 1, "the grid does not show the new stance");
    check((await cell.innerText()).trim() === "0", `the new position reads ${await cell.innerText()}`);
  }],

  ["k. the headline on the run page and grid, and the forecast ledger", async () => {
    // The run page's headline column shows what the stored results say.
    await goto(`/runs/${runs.first}`);
    const r = await page.request.get(url(`/api/runs/${runs.first}`));
    check(r.ok(), `GET /api/runs/${runs.first}: ${r.status()}`);
    const issue = (await r.json()).results.issues.find((i) => i.id === ISSUE);
    const cell = page.locator(`[data-testid=forecasts] tr[data-issue="${ISSUE}"] td[data-testid=headline]`);
    check((await cell.count()) === 1, `run page: no headline cell for ${ISSUE}`);
    const shown = (await cell.innerText()).trim();
    check(issue.headline, `run ${runs.first}'s stored results carry no headline for ${ISSUE}`);
    const [lo, hi] = issue.headline.intervals["80"];
    const [v, range] = shown.split(/\s+/);
    check(Math.abs(Number(v) - issue.headline.value) < 0.006, `headline cell ${JSON.stringify(shown)} vs ${issue.headline.value}`);
    const [a, b] = (range || "").split("–").map(Number);
    check(Math.abs(a - lo) < 0.006 && Math.abs(b - hi) < 0.006, `80% range ${range} vs ${lo}–${hi}`);
    console.log(`   headline of ${ISSUE}: ${shown.replace(/\s+/g, " ")} (${issue.headline.calibration})`);
    await goto(`/scenarios/${SCENARIO}`);
    check((await page.locator("[data-testid=grid-headline] strong.headline-value").count()) >= 1, "the grid shows no headline row");
    await shot("run-headline.png");

    // Record an outcome through the ledger page's form; the ledger scores
    // the two forecasts made before it.
    await goto(`/ledger`);
    const form = page.locator("[data-testid=outcome-form]");
    await form.locator("select[name=scenario]").selectOption(SCENARIO);
    await form.locator("input[name=issue]").fill(ISSUE);
    await form.locator("input[name=value]").fill("2");
    await form.locator("input[name=date]").fill("2099-01-01");
    await form.locator("input[name=source]").fill("Browser test: a made-up decision");
    await submit(form.locator("[data-testid=record]"), /\/ledger\?scenario=.*recorded=1$/, "record an outcome");
    check((await page.locator("[data-testid=recorded]").innerText()).includes("version 1"), "no recorded notice");
    check((await page.locator("[data-testid=outcomes]").innerText()).includes("Browser test: a made-up decision"), "the outcome is not listed");
    const rows = page.locator(`[data-testid=ledger] tbody tr[data-model=compromise]`);
    const texts = await rows.allInnerTexts();
    const first = texts.find((t) => t.startsWith(`#${runs.first}\t`) || t.startsWith(`#${runs.first} `));
    check(first, `the ledger has no compromise row of run ${runs.first}: ${JSON.stringify(texts.slice(0, 3))}`);
    const cells = first.split("\t").map((c) => c.trim());
    const err = Number(cells[7]);
    const want = Math.abs(Number(runs.firstForecast.value) - 2);
    check(Math.abs(err - want) < 0.006, `abs error of run ${runs.first}: ${err}, expected ≈${want.toFixed(3)} (${cells.join(" | ")})`);
    const models = await page.locator("[data-testid=ledger-summary] tbody tr").evaluateAll((trs) => trs.map((t) => t.dataset.model));
    check(MODELS.every((m) => models.includes(m)), `the summary lists ${models}`);
    check(models[0] === "headline", `the summary does not start with the headline: ${models}`);
    await shot("ledger.png");
  }],

  ["l. evidence strength looks, and an edited value's evidence needs review", async () => {
    await goto(`/scenarios/${SCENARIO}`);
    // The legend shows every class, each with its own look (fill and border).
    const look = (loc) => loc.evaluate((e) => {
      const c = getComputedStyle(e);
      return `${c.backgroundColor}|${c.borderTopStyle}|${c.borderTopColor}`;
    });
    const classes = ["cited-states", "cited-implies", "cited-unrated", "judgement", "uncited"];
    const legend = {};
    for (const k of classes) {
      const sample = page.locator(`[data-testid=strength-legend] [data-strength="${k}"]`);
      check((await sample.count()) === 1, `the legend has no ${k} sample`);
      legend[k] = await look(sample);
    }
    check(new Set(Object.values(legend)).size === classes.length, `legend looks are not distinct: ${JSON.stringify(legend)}`);
    // Grid cells look like their legend sample.
    for (const k of classes) {
      const cell = page.locator(`[data-testid=grid] a.value[data-strength="${k}"]`).first();
      if ((await cell.count()) === 0) continue;
      check((await look(cell)) === legend[k], `a ${k} cell does not look like the legend's ${k}`);
    }
    // Make an uncited value: the salience added in step j loses its judgement.
    const SAL = "china.host-nation-support.salience";
    const POS = "china.host-nation-support.position";
    await goto(`/scenarios/${SCENARIO}/value?path=${encodeURIComponent(SAL)}`);
    const form = page.locator("[data-testid=edit-form]");
    await form.locator("textarea[name=judgement]").fill("");
    await submit(form.locator("[data-testid=save]"), /\/scenarios\/[^/]+\?saved=\d+$/, "remove the judgement");
    const uncited = page.locator(`a.value[data-path="${SAL}"]`);
    const judged = page.locator(`a.value[data-path="${POS}"]`);
    check((await uncited.getAttribute("data-strength")) === "uncited", `${SAL} is ${await uncited.getAttribute("data-strength")}`);
    check((await judged.getAttribute("data-strength")) === "judgement", `${POS} is ${await judged.getAttribute("data-strength")}`);
    const [lu, lj] = [await look(uncited), await look(judged)];
    check(lu !== lj, `an uncited and a judged value look the same: ${lu}`);
    check(lu === legend.uncited && lj === legend.judgement, `cells do not match the legend: ${lu} / ${lj}`);
    await shot("strength-grid.png");

    // Step c changed ${SALIENCE}: its citations need review, on the grid and on its page.
    const edited = page.locator(`a.value[data-path="${SALIENCE}"]`);
    check((await edited.getAttribute("data-review")) === "needed", `${SALIENCE} is not flagged for review on the grid`);
    await goto(`/scenarios/${SCENARIO}/value?path=${encodeURIComponent(SALIENCE)}`);
    const flags = page.locator("[data-testid=evidence] [data-testid=needs-review]");
    check((await flags.count()) >= 1, "the edited value's evidence is not shown as needing review");
    await shot("needs-review.png");
    // Confirm them all: the flags go, and the history says who confirmed what.
    const boxes = page.locator("[data-testid=confirm] input[name=confirm_evidence]");
    const n = await boxes.count();
    check(n === (await flags.count()), `${n} confirm boxes for ${await flags.count()} flagged citations`);
    for (let i = 0; i < n; i++) await boxes.nth(i).check();
    await submit(page.locator("[data-testid=edit-form] [data-testid=save]"), /\/scenarios\/[^/]+\?saved=\d+$/, "confirm the citations");
    check((await page.locator(`a.value[data-path="${SALIENCE}"]`).getAttribute("data-review")) === null, "still flagged after confirming");
    await goto(`/scenarios/${SCENARIO}/history`);
    const hist = await page.locator("[data-testid=history]").innerText();
    check(/confirmed \S+#p\d+.*\(by the local analyst\)/.test(hist), `the history does not say who confirmed what:\n${hist.slice(0, 600)}`);
  }],
];

// ---------------------------------------------------------------------------

const t0 = Date.now();
let failed = null;
for (const [name, fn] of steps) {
  const t = Date.now();
  try {
    await fn();
    if (problems.length) throw new Failure(`the browser reported:\n  ${problems.join("\n  ")}`);
    console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed = name;
    const why = e instanceof Failure ? e.message : e.stack || String(e);
    console.log(`FAIL ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)\n  at ${page.url()}\n  ${why}`);
    if (problems.length) console.log(`  the browser also reported:\n  ${problems.join("\n  ")}`);
    const file = join(shots, `failure-${name.split(".")[0]}.png`);
    await page.screenshot({ path: file, fullPage: true }).then(() => console.log(`  screenshot: ${file}`), () => {});
    break;
  }
}
await browser.close();
for (const n of notes) console.log(`note: ${n}`);
console.log(`${failed ? "failed" : "passed"}: ${steps.length} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
