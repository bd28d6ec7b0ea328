// The analyst's whole loop in the web workbench, in real Chromium (issue
// 13's done-when): from a fresh workbench (only the bundled scenario, no
// runs), build a 3-actor, 2-issue scenario from nothing, see a problem
// beside the field it concerns and fix it, upload a KTAB CSV, forecast the
// built scenario, run a what-if and best responses on it from the strategy
// page, open one actor's history, and download a chart as SVG and tables
// as CSV, checking every number against the stored runs or by hand.
//
//   node tests/browser/loop.mjs URL SCREENSHOT_DIR
//   (or DOMEI_URL / DOMEI_SCREENSHOTS in the environment)
//
// The steps: create an empty scenario from the scenario list; add three
// actors (one capability citing a passage of a seed paper, the others with
// the analyst's judgement); add two issues with their scales, anchors and
// status quos; add a stance whose quote is not verbatim and see the problem
// beside its field, with the closest passage, the form as typed; fix it;
// add the other stances; upload a KTAB CSV through the file input; forecast
// the built scenario; a what-if (the US cares less about defense spending)
// whose compromise forecasts are worked out by hand below, its changes
// table downloaded as CSV; japan-gov's best responses; one actor's history
// of the forecast, its chart downloaded as SVG (and PNG) and the history as
// CSV. A screenshot of each page goes to SCREENSHOT_DIR (loop-*.png), the
// downloaded chart beside them. Run by crates/domei-cli/tests/browser.rs.
// Exits 0 when every step passes; otherwise prints the failing step and
// why, saves failure-loop-STEP.png, and exits 1.

import { check, csvRows, fillValue, open, steps } from "./harness.mjs";

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
// The what-if's edit: the US's salience on defense spending.
const WHATIF_SALIENCE = 0.2;

// The compromise model's forecast on `issue` (capability × salience
// weighted mean of the positions), with some saliences replaced.
function compromise(issue, salience = {}) {
  let [num, den] = [0, 0];
  for (const a of ACTORS) {
    const [pos, sal] = STANCES[issue][a.id].map(Number);
    const w = Number(a.capability) * (salience[a.id] ?? sal);
    num += w * pos;
    den += w;
  }
  return num / den;
}

const t = await open("loop", { timeout: 30_000 });
const page = t.page;

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
// Steps: [name, function], each one page-sized.

const runs = {};
const loopSteps = [
  ["1. create an empty scenario", async () => {
    // A fresh workbench: the bundled scenario and no runs.
    const ids = (await t.api("/api/scenarios")).map((x) => x.id);
    check(ids.length === 1 && !ids.includes(ID), `scenarios at the start: ${ids}`);
    check((await t.api("/api/runs")).length === 0, "runs at the start");
    await t.goto("/scenarios");
    await Promise.all([page.waitForURL(/\/new$/), page.click("[data-testid=new-scenario]")]);
    await t.shot("loop-1-new.png");
    const form = page.locator("[data-testid=create-form]");
    await form.locator("input[name=id]").fill(ID);
    await form.locator("input[name=name]").fill("Alliance burden-sharing, 2025");
    await form.locator("textarea[name=question]").fill("How much will Japan spend on defense and on US forces?");
    await t.post(form.locator("button[type=submit]"), "create");
    check(page.url().endsWith(`/scenarios/${ID}/build?saved=1`), `after create: ${page.url()}`);
    check((await page.locator("[data-testid=actors] tbody tr").count()) === 0, "a new scenario has actors");
    await t.shot("loop-1-created.png");
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
      await t.post(form.locator("button[type=submit]"), `add actor ${a.id}`);
    }
    const rows = await page.locator("[data-testid=actors] tbody tr").count();
    check(rows === 3, `${rows} actors listed`);
    await t.shot("loop-2-actors.png");
  }],

  ["3. two issues", async () => {
    for (const i of ISSUES) {
      const form = page.locator("[data-testid=add-issue]");
      for (const k of ["id", "name", "unit", "min", "max"]) await form.locator(`input[name=${k}]`).fill(i[k]);
      await form.locator("textarea[name=anchors]").fill(i.anchors);
      await fillValue(form, "status_quo", { value: i.sq, why: "the current budget line" });
      await t.post(form.locator("button[type=submit]"), `add issue ${i.id}`);
    }
    check((await page.locator("article.issue").count()) === 2, "two issues expected");
    // The stance forms' number inputs carry each issue's scale.
    const pos = stanceForm("hns").locator("input[name=position]");
    check((await pos.getAttribute("min")) === "500" && (await pos.getAttribute("max")) === "2000", "position input without the issue's scale");
    const sal = stanceForm("hns").locator("input[name=salience]");
    check((await sal.getAttribute("min")) === "0" && (await sal.getAttribute("max")) === "1", "salience input not bounded 0–1");
    await t.shot("loop-3-issues.png");
  }],

  ["4. a problem beside its field", async () => {
    // A quote that is not verbatim in the cited passage.
    const wrong = QUOTE.replace("2027", "2029");
    const form = await addStance("defense", "us-admin", wrong);
    const status = await t.expecting([/status of 422/], () => t.post(form.locator("button[type=submit]"), "a stance with a wrong quote", false));
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
    await t.shot("loop-4-problem.png");
  }],

  ["5. fix it and add the stances", async () => {
    const form = stanceForm("defense");
    await form.locator("textarea[name=salience_quote]").fill(QUOTE);
    await t.post(form.locator("button[type=submit]"), "the fixed stance");
    check((await page.locator("[data-testid=saved]").count()) === 1, "no saved notice");
    for (const issue of Object.keys(STANCES)) {
      for (const actor of Object.keys(STANCES[issue])) {
        if (issue === "defense" && actor === "us-admin") continue;
        const f = await addStance(issue, actor, null);
        await t.post(f.locator("button[type=submit]"), `stance of ${actor} on ${issue}`);
      }
    }
    const n = await page.locator("[data-testid=stances] tbody tr").count();
    check(n === 6, `${n} stances listed`);
    await t.shot("loop-5-stances.png");
  }],

  ["6. upload a KTAB CSV", async () => {
    await t.goto("/new");
    const form = page.locator("[data-testid=import-form]");
    await form.locator("input[type=file]").setInputFiles({ name: "soe.csv", mimeType: "text/csv", buffer: Buffer.from(KTAB) });
    // The page's script puts the file's name and text into the form.
    await page.waitForFunction(() => document.querySelector("[data-testid=import-form] textarea[name=text]").value.includes("SOE-Pol-Comp"));
    check((await form.locator("input[name=filename]").inputValue()) === "soe.csv", "the file name was not filled in");
    await t.post(form.locator("button[type=submit]"), "upload");
    check(/\/scenarios\/[^/]+\/build\?saved=1$/.test(page.url()), `after the upload: ${page.url()}`);
    const rows = await page.locator("[data-testid=actors] tbody tr").count();
    check(rows === 4, `the KTAB scenario has ${rows} actors, not 4`);
    // Stored as the file says: the powers as capabilities, two issues.
    const id = decodeURIComponent(page.url().match(/\/scenarios\/([^/]+)\/build/)[1]);
    const stored = (await t.api(`/api/scenarios/${encodeURIComponent(id)}`)).scenario;
    const caps = stored.actors.map((a) => (typeof a.capability === "number" ? a.capability : a.capability.value));
    check(JSON.stringify(caps) === "[100,60.2,35,35]", `capabilities ${JSON.stringify(caps)}`);
    check(stored.issues.length === 2, `${stored.issues.length} issues imported`);
    await t.shot("loop-6-ktab.png");
  }],

  ["7. forecast the built scenario", async () => {
    await t.goto(`/scenarios/${ID}`);
    const grid = page.locator("[data-testid=grid] tbody tr");
    check((await grid.count()) === 3, "the grid does not show three actors");
    await t.shot("loop-7-grid.png");
    const form = page.locator("[data-testid=run-form]");
    await t.post(form.locator("[data-testid=run]"), "run a forecast");
    runs.forecast = await t.followJob();
    await page.locator("[data-testid=forecasts]").waitFor();
    const issues = await page.locator("[data-testid=forecasts] tr[data-issue]").evaluateAll((rs) => [...new Set(rs.map((r) => r.getAttribute("data-issue")))]);
    check(issues.includes("defense") && issues.includes("hns"), `forecast rows: ${issues}`);
    // The compromise (capability × salience weighted mean), by hand.
    const shown = await page.locator("[data-testid=forecasts] tr[data-issue=defense] td[data-model=compromise]").innerText();
    check(Math.abs(parseFloat(shown) - compromise("defense")) < 0.01, `compromise on defense: page ${shown}, by hand ${compromise("defense")}`);
    await t.shot("loop-7-forecast.png");
  }],

  ["8. a what-if from the strategy page", async () => {
    await Promise.all([page.waitForURL(/\/strategy/), page.click("[data-testid=strategy-link]")]);
    const form = page.locator("[data-testid=whatif-form]");
    await form.locator("[data-testid=edits]").fill(`us-admin.defense.salience=${WHATIF_SALIENCE}`);
    for (const m of ["bdm", "smp", "exchange", "nash"]) await form.locator(`input[name=models][value=${m}]`).uncheck();
    await form.locator("[data-testid=run-whatif]").click();
    runs.whatif = await t.followJob();
    const row = page.locator("[data-testid=whatif-changes] tr[data-issue=defense][data-model=compromise]");
    const [before, after] = [compromise("defense"), compromise("defense", { "us-admin": WHATIF_SALIENCE })];
    check(after < before - 0.1, `the edit should lower the compromise (${before} → ${after})`);
    check((await row.getAttribute("class")) === "changed", "the compromise on defense is not marked changed");
    const cells = await row.locator("td").allInnerTexts();
    check(Math.abs(parseFloat(cells[3]) - before) < 0.01 && Math.abs(parseFloat(cells[4]) - after) < 0.01,
      `before/after on the page ${cells[3]} → ${cells[4]}, by hand ${before.toFixed(3)} → ${after.toFixed(3)}`);
    // Host-nation support is not touched by the edit.
    const hns = await page.locator("[data-testid=whatif-changes] tr[data-issue=hns].changed").count();
    check(hns === 0, `${hns} host-nation support rows changed by an edit on defense`);
    // The changes table as CSV, at full precision.
    const csv = await t.download(page.locator("[data-testid=csv-changes]"));
    check(csv.name === `run-${runs.whatif}-changes.csv`, `file name ${csv.name}`);
    const lines = csvRows(csv.text);
    check(lines[0].join(",") === "issue,unit,model,before,after,change", `CSV header ${lines[0]}`);
    const line = lines.find((l) => l[0] === "defense" && l[2] === "compromise");
    check(line && line[1] === "% of GDP", `CSV row ${line}`);
    check(Math.abs(Number(line[3]) - before) < 1e-9 && Math.abs(Number(line[4]) - after) < 1e-9 && Math.abs(Number(line[5]) - (after - before)) < 1e-9,
      `CSV ${line.slice(3)} vs by hand ${before} ${after}`);
    check(lines.length === 1 + (await page.locator("[data-testid=whatif-changes] tbody tr").count()), "CSV rows ≠ table rows");
    await t.shot("loop-8-whatif.png");
  }],

  ["9. best responses of japan-gov", async () => {
    await t.goto(`/scenarios/${ID}/strategy`);
    const form = page.locator("[data-testid=best-response-form]");
    await form.locator("[data-testid=br-actor]").selectOption("japan-gov");
    for (const m of ["bdm", "nash"]) await form.locator(`input[name=models][value=${m}]`).uncheck();
    await form.locator("[data-testid=run-best-response]").click();
    runs.best = await t.followJob();
    const stored = await t.api(`/api/runs/${runs.best}`);
    check(stored.kind === "best_response" && stored.results.actor === "japan-gov", `stored ${stored.kind} ${stored.results.actor}`);
    const table = page.locator("[data-testid=best-responses]");
    check((await table.locator("tbody tr").count()) === stored.results.responses.length, "rows ≠ stored responses");
    // On defense the compromise is above japan-gov's 2%: its best response
    // brings the forecast closer to 2%, and the page shows the stored one.
    const r = stored.results.responses.find((x) => x.issue === "defense" && x.model === "compromise");
    check(r && r.ideal === 2 && Math.abs(r.baseline - compromise("defense")) < 1e-9, `response ${JSON.stringify(r)}`);
    check(r.gain > 0 && Math.abs(r.best_forecast - 2) < Math.abs(r.baseline - 2), `no gain: ${JSON.stringify(r)}`);
    const cells = await table.locator("tr[data-issue=defense][data-model=compromise] td").allInnerTexts();
    check(Math.abs(parseFloat(cells[7]) - r.best_forecast) < 0.01, `best forecast on the page ${cells[7]} vs ${r.best_forecast}`);
    await t.shot("loop-9-best-response.png");
  }],

  ["10. one actor's history, its chart as SVG, the history as CSV", async () => {
    await t.goto(`/runs/${runs.forecast}`);
    // The issue on which someone moved under BDM.
    let issue = null;
    let h = null;
    for (const i of ["defense", "hns"]) {
      h = await t.api(`/api/runs/${runs.forecast}/history?issue=${i}&model=bdm`);
      if (h.rounds.some((r) => r.moves.length)) {
        issue = i;
        break;
      }
    }
    check(issue, "nobody moved on either issue under BDM");
    const moves = h.rounds.flatMap((r) => r.moves.map((m) => ({ round: r.round, ...m })));
    const actor = moves[0].actor;
    await page.locator(`#issue-${issue}`).evaluate((d) => { d.open = true; });
    await Promise.all([page.waitForURL(/\/history\?/), page.locator(`#issue-${issue} [data-testid=history-link]`).click()]);
    await page.selectOption("[data-testid=history-actor-select]", actor);
    await Promise.all([page.waitForURL(new RegExp(`actor=${actor}`)), page.click("[data-testid=history-show]")]);
    const rows = page.locator("[data-testid=history-moves] tbody tr");
    const mine = moves.filter((m) => m.actor === actor);
    check((await rows.count()) === mine.length, `${await rows.count()} rows for ${mine.length} moves of ${actor}`);
    check((await rows.first().locator("td").last().innerText()).trim() === mine[0].because, "the first move's cause differs from the API's");
    await t.shot("loop-10-history.png");
    // The chart of this actor as SVG: the page's chart, one line for the actor.
    const svg = await t.download(page.locator("[data-testid=history-svg]"), "loop-history-chart.svg");
    check(svg.name === `run-${runs.forecast}-history-${issue}-bdm-${actor}.svg`, `file name ${svg.name}`);
    const drawn = await page.evaluate((text) => {
      const d = new DOMParser().parseFromString(text, "image/svg+xml");
      return { error: !!d.querySelector("parsererror"), title: d.querySelector("title")?.textContent, lines: [...d.querySelectorAll("g[aria-label]")].map((g) => g.getAttribute("aria-label")) };
    }, svg.text);
    const pageTitle = await page.locator("[data-testid=history-chart] svg title").first().textContent();
    check(!drawn.error && drawn.title === pageTitle && drawn.title.endsWith(`— ${actor}`), `SVG title ${drawn.title} vs page ${pageTitle}`);
    check(drawn.lines.includes(actor) && !h.initial.some((a) => a.id !== actor && drawn.lines.includes(a.id)), `SVG lines ${drawn.lines}`);
    const png = await t.download(page.locator("[data-testid=history-png]"), "loop-history-chart.png");
    check(png.bytes.subarray(0, 4).toString("latin1") === "\x89PNG", "the PNG is not a PNG");
    // The history as CSV: each round's position of the actor, as the API's.
    const csv = await t.download(page.locator("[data-testid=history-csv]"));
    const lines = csvRows(csv.text);
    const col = Object.fromEntries(lines[0].map((c, k) => [c, k]));
    check(["round", "actor", "position", "moved", "because"].every((c) => c in col), `CSV header ${lines[0]}`);
    check(lines.filter((l) => l[col.moved] === "true").length === moves.length, "CSV moves ≠ the API's");
    for (const r of h.rounds) {
      const want = r.actors.find((a) => a.id === actor).position;
      const got = lines.find((l) => l[col.round] === String(r.round) && l[col.actor] === actor);
      check(got && Math.abs(Number(got[col.position]) - want) < 1e-9, `round ${r.round}: CSV ${got && got[col.position]} vs API ${want}`);
    }
    const moved = lines.find((l) => l[col.round] === String(mine[0].round) && l[col.actor] === actor);
    check(moved[col.moved] === "true" && moved[col.because] === mine[0].because, `CSV row of the first move: ${moved}`);
  }],
];

await steps(t, loopSteps);
