// Building a scenario from nothing in the web workbench, in real Chromium.
//
//   node tests/browser/builder.mjs URL SCREENSHOT_DIR
//   (or DOMEI_URL / DOMEI_SCREENSHOTS in the environment)
//
// URL is a running workbench on a fresh store. The steps, each a function
// in `steps` below (other flows can be appended after them): create an
// empty scenario from the scenario list; add three actors (one capability
// citing a passage of a seed paper, the others with the analyst's
// judgement); add two issues with their scales, anchors and status quos;
// add a stance whose quote is not verbatim and see the problem beside its
// field, with the closest passage, the form as typed; fix it; add the other
// stances; upload a KTAB CSV through the file input; run a forecast of the
// built scenario. A screenshot of each page goes to SCREENSHOT_DIR
// (builder-*.png). Run by crates/domei-cli/tests/browser.rs. Exits 0 when
// every step passes; otherwise prints the failing step and why, saves
// failure-builder-STEP.png, and exits 1.

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const base = (process.argv[2] || process.env.DOMEI_URL || "").replace(/\/+$/, "");
const shots = resolve(process.argv[3] || process.env.DOMEI_SCREENSHOTS || "screenshots");
const executablePath = process.env.DOMEI_CHROMIUM || "/usr/bin/chromium";
if (!base) {
  console.error("usage: node builder.mjs URL SCREENSHOT_DIR (or DOMEI_URL, DOMEI_SCREENSHOTS)");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const ID = "alliance-burden";
// A passage of the first seed paper and a quote verbatim in it.
const PASSAGE = "001_983274cfa627c9ed#p9";
const QUOTE = "increasing the defense budget from 1% to 2% of GDP by 2027";
const ACTORS = [
  { id: "us-admin", name: "US administration", capability: "100", why: "The larger ally; sets the agenda of the talks." },
  { id: "japan-gov", name: "Government of Japan", capability: "60", why: "Controls the budget at stake." },
  { id: "diet", name: "National Diet", capability: "30", why: "Must pass the budget; can delay." },
];
const ISSUES = [
  { id: "defense", name: "Defense spending", unit: "% of GDP", min: "1", max: "3.5", anchors: "2 = 2% by FY2027\n3 = 3% asked by US officials", sq: "1.8" },
  { id: "hns", name: "Host-nation support", unit: "billion yen per year", min: "500", max: "2000", anchors: "", sq: "800" },
];
// position, salience per actor and issue
const STANCES = {
  defense: { "us-admin": ["3", "0.8"], "japan-gov": ["2", "0.7"], diet: ["1.8", "0.4"] },
  hns: { "us-admin": ["1500", "0.6"], "japan-gov": ["850", "0.6"], diet: ["800", "0.3"] },
};
const KTAB = [
  "SOE-Pol-Comp,China policy,4,2",
  "Actor,Description,Power,Pos dim1,Sal dim1,Pos dim2,Sal dim2",
  "XJ,Xi,100,30,24,20,48",
  "LK,Li,60.2,45,44.7,65,41.3",
  "ZG,Z,35,30,28.9,15,65.1",
  "MK,M,35,45,20.6,45,49.4",
  "",
].join("\n");
const TIMEOUT = 30_000;

class Failure extends Error {}
function check(cond, msg) {
  if (!cond) throw new Failure(msg);
}

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
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();

const problems = []; // console errors, page errors, dialogs, 5xx responses
let expected = []; // console errors a step provokes on purpose (a 422 page)
page.on("console", (m) => {
  if (m.type() !== "error" || expected.some((re) => re.test(m.text()))) return;
  if (/\/favicon\.ico$/.test(m.location()?.url || "")) return;
  problems.push(`console error on ${page.url()}: ${m.text()}`);
});
page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
page.on("dialog", async (d) => {
  problems.push(`dialog on ${page.url()}: ${d.message()}`);
  await d.dismiss().catch(() => {});
});
page.on("response", (r) => {
  if (r.status() >= 500) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
});

const notes = [];
async function shot(name) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (sw > cw) notes.push(`${name}: the page is wider than the window (${sw} px in ${cw} px)`);
  await page.screenshot({ path: join(shots, name), fullPage: true });
}
async function goto(p) {
  const resp = await page.goto(base + p, { waitUntil: "load" });
  check(resp && resp.status() < 400, `GET ${p}: HTTP ${resp && resp.status()}`);
}

// Clicks `button` to POST its form; returns the POST's status once the
// next page has loaded. `ok`: a redirect is required (else the page's
// problems are the failure).
async function post(button, what, ok = true) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().frame() === page.mainFrame()),
    button.click(),
  ]);
  await page.waitForLoadState("load");
  if (ok && (resp.status() < 300 || resp.status() >= 400)) {
    const why = (await page.locator(".field-error").allInnerTexts().catch(() => [])).join(" | ");
    throw new Failure(`${what}: POST answered HTTP ${resp.status()}: ${why || (await page.locator("main").innerText()).slice(0, 300)}`);
  }
  return resp.status();
}

// Fills a value's inputs (pages/build.rs `sourced`): the number and either
// a judgement or a cited passage with its quote.
async function fillValue(form, name, { value, why, passage, quote }) {
  await form.locator(`input[name="${name}"]`).fill(value);
  if (why != null) await form.locator(`textarea[name="${name}_judgement"]`).fill(why);
  if (passage != null) await form.locator(`input[name="${name}_passage"]`).fill(passage);
  if (quote != null) await form.locator(`textarea[name="${name}_quote"]`).fill(quote);
}

const stanceForm = (issue) => page.locator(`form[data-testid=add-stance][data-issue="${issue}"]`);

async function addStance(issue, actor, quote) {
  const [pos, sal] = STANCES[issue][actor];
  const form = stanceForm(issue);
  await form.locator("select[name=actor]").selectOption(actor);
  await fillValue(form, "position", { value: pos, why: `${actor}'s stated aim` });
  if (quote != null) {
    await fillValue(form, "salience", { value: sal, passage: PASSAGE, quote });
  } else {
    await fillValue(form, "salience", { value: sal, why: "raised at every meeting" });
  }
  return form;
}

// ---------------------------------------------------------------------------
// Steps: [name, function]. Keep each one page-sized; later flows append.

const steps = [
  ["1. create an empty scenario", async () => {
    await goto("/scenarios");
    await Promise.all([page.waitForURL(/\/new$/), page.click("[data-testid=new-scenario]")]);
    await shot("builder-1-new.png");
    const form = page.locator("[data-testid=create-form]");
    await form.locator("input[name=id]").fill(ID);
    await form.locator("input[name=name]").fill("Alliance burden-sharing, 2025");
    await form.locator("textarea[name=question]").fill("How much will Japan spend on defense and on US forces?");
    await post(form.locator("button[type=submit]"), "create");
    check(page.url().endsWith(`/scenarios/${ID}/build?saved=1`), `after create: ${page.url()}`);
    check((await page.locator("[data-testid=actors] tbody tr").count()) === 0, "a new scenario has actors");
    await shot("builder-1-created.png");
  }],

  ["2. three actors", async () => {
    for (const [n, a] of ACTORS.entries()) {
      const form = page.locator("[data-testid=add-actor]");
      await form.locator("input[name=id]").fill(a.id);
      await form.locator("input[name=name]").fill(a.name);
      check((await form.locator("input[name=capability]").getAttribute("min")) === "0", "capability input has no min 0");
      // The first cites a passage (checked in the corpus), the others say why.
      if (n === 0) await fillValue(form, "capability", { value: a.capability, passage: PASSAGE, quote: QUOTE, why: a.why });
      else await fillValue(form, "capability", { value: a.capability, why: a.why });
      await post(form.locator("button[type=submit]"), `add actor ${a.id}`);
    }
    const rows = await page.locator("[data-testid=actors] tbody tr").count();
    check(rows === 3, `${rows} actors listed`);
    await shot("builder-2-actors.png");
  }],

  ["3. two issues", async () => {
    for (const i of ISSUES) {
      const form = page.locator("[data-testid=add-issue]");
      for (const k of ["id", "name", "unit", "min", "max"]) await form.locator(`input[name=${k}]`).fill(i[k]);
      await form.locator("textarea[name=anchors]").fill(i.anchors);
      await fillValue(form, "status_quo", { value: i.sq, why: "the current budget line" });
      await post(form.locator("button[type=submit]"), `add issue ${i.id}`);
    }
    check((await page.locator("article.issue").count()) === 2, "two issues expected");
    // The stance forms' number inputs carry each issue's scale.
    const pos = stanceForm("hns").locator("input[name=position]");
    check((await pos.getAttribute("min")) === "500" && (await pos.getAttribute("max")) === "2000", "position input without the issue's scale");
    const sal = stanceForm("hns").locator("input[name=salience]");
    check((await sal.getAttribute("min")) === "0" && (await sal.getAttribute("max")) === "1", "salience input not bounded 0–1");
    await shot("builder-3-issues.png");
  }],

  ["4. a problem beside its field", async () => {
    // A quote that is not verbatim in the cited passage.
    const wrong = QUOTE.replace("2027", "2029");
    const form = await addStance("defense", "us-admin", wrong);
    expected = [/status of 422/];
    const status = await post(form.locator("button[type=submit]"), "a stance with a wrong quote", false);
    expected = [];
    check(status === 422, `a wrong quote answered HTTP ${status}`);
    check((await page.locator("[data-testid=not-saved]").count()) === 1, "no 'not saved' notice");
    // Beside the salience's quote, in the same form, with the fix and the
    // closest passage; no file location.
    const err = stanceForm("defense").locator("fieldset[data-value=salience] .field-error[data-input=salience_quote]");
    check((await err.count()) >= 1, "the problem is not beside the salience's quote");
    check((await stanceForm("defense").locator("textarea[name=salience_quote]").getAttribute("aria-invalid")) === "true", "the quote is not marked invalid");
    const text = await err.first().innerText();
    check(/cannot be cited as given/.test(text), `problem text: ${text}`);
    check(/Fix:/.test(text), `no fix given: ${text}`);
    check((await err.first().locator("[data-testid=closest] a").innerText()).includes(PASSAGE.split("#")[0]), "no closest passage");
    const body = await page.locator("main").innerText();
    check(!/scenario\.toml:\d+/.test(body), "a file location is shown to a web user");
    // The form kept what was typed.
    check((await stanceForm("defense").locator("textarea[name=salience_quote]").inputValue()) === wrong, "the quote was not kept");
    check((await stanceForm("defense").locator("input[name=position]").inputValue()) === STANCES.defense["us-admin"][0], "the position was not kept");
    await err.first().scrollIntoViewIfNeeded();
    await shot("builder-4-problem.png");
  }],

  ["5. fix it and add the stances", async () => {
    const form = stanceForm("defense");
    await form.locator("textarea[name=salience_quote]").fill(QUOTE);
    await post(form.locator("button[type=submit]"), "the fixed stance");
    check((await page.locator("[data-testid=saved]").count()) === 1, "no saved notice");
    for (const issue of Object.keys(STANCES)) {
      for (const actor of Object.keys(STANCES[issue])) {
        if (issue === "defense" && actor === "us-admin") continue;
        const f = await addStance(issue, actor, null);
        await post(f.locator("button[type=submit]"), `stance of ${actor} on ${issue}`);
      }
    }
    const n = await page.locator("[data-testid=stances] tbody tr").count();
    check(n === 6, `${n} stances listed`);
    await shot("builder-5-stances.png");
  }],

  ["6. upload a KTAB CSV", async () => {
    await goto("/new");
    const form = page.locator("[data-testid=import-form]");
    await form.locator("input[type=file]").setInputFiles({ name: "soe.csv", mimeType: "text/csv", buffer: Buffer.from(KTAB) });
    // The page's script puts the file's name and text into the form.
    await page.waitForFunction(() => document.querySelector("[data-testid=import-form] textarea[name=text]").value.includes("SOE-Pol-Comp"));
    check((await form.locator("input[name=filename]").inputValue()) === "soe.csv", "the file name was not filled in");
    await post(form.locator("button[type=submit]"), "upload");
    check(/\/scenarios\/[^/]+\/build\?saved=1$/.test(page.url()), `after the upload: ${page.url()}`);
    const rows = await page.locator("[data-testid=actors] tbody tr").count();
    check(rows === 4, `the KTAB scenario has ${rows} actors, not 4`);
    await shot("builder-6-ktab.png");
  }],

  ["7. forecast the built scenario", async () => {
    await goto(`/scenarios/${ID}`);
    const grid = page.locator("[data-testid=grid] tbody tr");
    check((await grid.count()) === 3, "the grid does not show three actors");
    await shot("builder-7-grid.png");
    const form = page.locator("[data-testid=run-form]");
    await post(form.locator("[data-testid=run]"), "run a forecast");
    await page.waitForURL(/\/runs\/\d+$/, { timeout: 60_000 });
    await page.locator("[data-testid=forecasts]").waitFor();
    const issues = await page.locator("[data-testid=forecasts] tr[data-issue]").evaluateAll((rs) => [...new Set(rs.map((r) => r.getAttribute("data-issue")))]);
    check(issues.includes("defense") && issues.includes("hns"), `forecast rows: ${issues}`);
    await shot("builder-7-forecast.png");
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
    console.log(`FAIL ${name}\n  at ${page.url()}\n  ${why}`);
    const file = join(shots, `failure-builder-${name.split(".")[0]}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    break;
  }
}
await browser.close();
for (const n of notes) console.log(`note: ${n}`);
console.log(`${failed ? "failed" : "passed"}: builder, ${steps.length} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
