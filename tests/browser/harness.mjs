// What the browser tests share: the command line, Chromium, everything a
// page reports that would be a bug, and the moves a test makes on the
// workbench's pages (open a page, post a form, follow a job, fill a
// sourced value, download a file, read a CSV), and the loop that runs a
// test's steps.
//
//   import { open, steps } from "./harness.mjs";
//   const t = await open("NAME");          // node NAME.mjs URL SCREENSHOT_DIR
//   await steps(t, [["1. …", async () => { … }], …]);
//
// `steps` prints `ok   STEP (s)` per step, then `PASS NAME: …` or, at the
// first failure, `FAIL STEP` with why, saves failure-NAME-STEP.png, and
// exits 1. Used by builder.mjs, strategy.mjs and loop.mjs (run by
// crates/domei-cli/tests/browser.rs).

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/// A step's check that did not hold (printed without a stack).
export class Failure extends Error {}

export function check(cond, msg) {
  if (!cond) throw new Failure(msg);
}

/// The fields of a CSV (RFC 4180: quoted fields may hold commas, quotes
/// and line breaks), as an array of rows.
export function csvRows(text) {
  const out = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/// Starts Chromium on a fresh context and returns the test's session `t`:
/// `t.page`, `t.base`, `t.shots`, `t.problems` (console errors, page
/// errors, dialogs, 5xx answers) and the moves below.
export async function open(name, { viewport = { width: 1280, height: 900 }, timeout = 60_000 } = {}) {
  const base = (process.argv[2] || process.env.DOMEI_URL || "").replace(/\/+$/, "");
  const shots = resolve(process.argv[3] || process.env.DOMEI_SCREENSHOTS || "screenshots");
  const executablePath = process.env.DOMEI_CHROMIUM || "/usr/bin/chromium";
  if (!base) {
    console.error(`usage: node ${name}.mjs URL SCREENSHOT_DIR (or DOMEI_URL, DOMEI_SCREENSHOTS)`);
    process.exit(2);
  }
  mkdirSync(shots, { recursive: true });
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
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: "en-US" });
  context.setDefaultTimeout(timeout);
  context.setDefaultNavigationTimeout(timeout);
  const page = await context.newPage();
  const t = new Session(name, base, shots, browser, page);
  page.on("console", (m) => {
    if (m.type() !== "error" || t.expected.some((re) => re.test(m.text()))) return;
    // Chromium asks for /favicon.ico by itself; the workbench has none.
    if (/\/favicon\.ico$/.test(m.location()?.url || "")) return;
    t.problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => t.problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on("dialog", async (d) => {
    t.problems.push(`dialog on ${page.url()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on("response", (r) => {
    if (r.status() >= 500) t.problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return t;
}

class Session {
  constructor(name, base, shots, browser, page) {
    Object.assign(this, { name, base, shots, browser, page });
    this.problems = [];
    this.expected = []; // console errors a step provokes on purpose
    this.notes = [];
  }

  /// A full-page screenshot `name` (noting a page wider than the window);
  /// a message key shown untranslated (`web-…`) is a problem.
  async shot(name) {
    const [sw, cw] = await this.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (sw > cw) this.notes.push(`${name}: the page is wider than the window (${sw} px in ${cw} px)`);
    const keys = (await this.page.locator("body").innerText()).match(/(?<![\w.\/-])web-[a-z0-9]+(?:-[a-z0-9]+)+(?![\w.\/-])/g);
    if (keys) this.problems.push(`${name}: message keys shown untranslated: ${[...new Set(keys)].join(", ")}`);
    await this.page.screenshot({ path: join(this.shots, name), fullPage: true });
  }

  /// Opens path `p` of the workbench; it must answer below 400.
  async goto(p) {
    const r = await this.page.goto(this.base + p, { waitUntil: "load" });
    check(r && r.status() < 400, `GET ${p}: HTTP ${r && r.status()}`);
  }

  /// The JSON of the workbench's API at `p` (must answer 2xx).
  async api(p, init) {
    const r = await fetch(this.base + p, init);
    const text = await r.text();
    check(r.ok, `${init?.method || "GET"} ${p}: HTTP ${r.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }

  /// Runs `fn` with console errors matching `patterns` expected (the
  /// browser reports a 4xx page it was sent on purpose).
  async expecting(patterns, fn) {
    this.expected = patterns;
    try {
      return await fn();
    } finally {
      this.expected = [];
    }
  }

  /// Clicks `button` to POST its form; returns the POST's status once the
  /// next page has loaded. `ok`: a redirect is required (else the page's
  /// problems are the failure).
  async post(button, what, ok = true) {
    const page = this.page;
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

  /// Waits on a job's progress page until it opens its run; the run's id.
  async followJob() {
    await this.page.waitForURL(/\/runs\/\d+$/, { timeout: 180_000 });
    return Number(this.page.url().match(/\/runs\/(\d+)$/)[1]);
  }

  /// Clicks `link` and returns the download: its suggested file name, its
  /// text, and where it was saved (`save` in the screenshot folder, if given).
  async download(link, save) {
    const [d] = await Promise.all([this.page.waitForEvent("download"), link.click()]);
    const path = await d.path();
    if (save) await d.saveAs(join(this.shots, save));
    return { name: d.suggestedFilename(), bytes: readFileSync(path), text: readFileSync(path, "utf8") };
  }
}

/// Fills a value's inputs in a builder form (pages/build `sourced`): the
/// number and either a judgement or a cited passage with its quote.
export async function fillValue(form, name, { value, why, passage, quote }) {
  await form.locator(`input[name="${name}"]`).fill(value);
  if (why != null) await form.locator(`textarea[name="${name}_judgement"]`).fill(why);
  if (passage != null) await form.locator(`input[name="${name}_passage"]`).fill(passage);
  if (quote != null) await form.locator(`textarea[name="${name}_quote"]`).fill(quote);
}

/// Runs `list` ([name, async fn] pairs) in order, stopping at the first
/// failure (or anything the browser reported during a step); prints the
/// verdict line and exits (0 when every step passed).
export async function steps(t, list) {
  const t0 = Date.now();
  let failed = null;
  for (const [name, fn] of list) {
    const s = Date.now();
    try {
      await fn();
      if (t.problems.length) throw new Failure(`the browser reported:\n  ${t.problems.join("\n  ")}`);
      console.log(`ok   ${name} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed = name;
      const why = e instanceof Failure ? e.message : e.stack || String(e);
      console.log(`FAIL ${name} (${((Date.now() - s) / 1000).toFixed(1)} s)\n  at ${t.page.url()}\n  ${why}`);
      const file = join(t.shots, `failure-${t.name}-${name.split(".")[0]}.png`);
      await t.page.screenshot({ path: file, fullPage: true }).catch(() => {});
      break;
    }
  }
  await t.browser.close();
  for (const n of t.notes) console.log(`note: ${n}`);
  console.log(`${failed ? "FAIL" : "PASS"} ${t.name}: ${list.length} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${t.shots}`);
  process.exit(failed ? 1 : 0);
}
