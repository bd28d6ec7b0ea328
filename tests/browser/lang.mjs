// The workbench's language switch in real Chromium (issue 15).
//
//   node tests/browser/lang.mjs URL SCREENSHOT_DIR
//
// URL is a running workbench with the bundled scenario stored. Switches the
// scenario page to Japanese with the header's switch, checks the grid's
// headers and the scenario's Japanese names, that the choice persists on
// another page (cookie), switches back to English and checks again; saves
// a screenshot of each language. Run by crates/domei-cli/tests/browser.rs.
// Exits 0 when every step passes; otherwise prints why and exits 1.

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const base = (process.argv[2] || process.env.DOMEI_URL || "").replace(/\/+$/, "");
const shots = resolve(process.argv[3] || process.env.DOMEI_SCREENSHOTS || "screenshots");
const executablePath = process.env.DOMEI_CHROMIUM || "/usr/bin/chromium";
if (!base) {
  console.error("usage: node lang.mjs URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  timeout: 60_000,
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
const page = await context.newPage();
page.setDefaultTimeout(30_000);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => {
  if (m.type() === "error") errors.push(m.text());
});

// No element wider than the page (long Japanese words, tables, charts).
async function shotOverflow(name) {
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest(".grid-wrap"))
      .slice(0, 3)
      .map((e) => e.tagName + "." + e.className);
  });
  check(wide.length === 0, `${name}: elements overflow the page: ${wide}`);
}

const headers = async () =>
  (await page.locator("[data-testid=grid] thead tr").first().locator("th").allInnerTexts()).map((t) =>
    t.replace(/\s+/g, " ").trim(),
  );

let step = "open";
try {
  await page.goto(`${base}/scenarios/japan-us-2025`);
  step = "english";
  check((await page.getAttribute("html", "lang")) === "en", "the page is not in English at first");
  let h = await headers();
  check(h[0] === "Actor" && h[1] === "Capability", `English grid headers: ${h.slice(0, 2)}`);
  check(h.some((x) => x.startsWith("Host-nation support")), `no English issue name: ${h}`);
  await page.screenshot({ path: join(shots, "lang-en.png"), fullPage: false });

  step = "switch to Japanese";
  await Promise.all([page.waitForURL(/lang=ja/), page.click("[data-testid=lang-switch] a[data-lang=ja]")]);
  check((await page.getAttribute("html", "lang")) === "ja", "html lang is not ja after the switch");
  h = await headers();
  check(h[0] === "アクター" && h[1] === "能力", `Japanese grid headers: ${h.slice(0, 2)}`);
  for (const name of ["在日米軍駐留経費負担", "日米地位協定の改定", "防衛費の対GDP比"]) {
    check(h.some((x) => x.includes(name)), `no ${name} among the grid's headers: ${h}`);
  }
  const sq = await page.locator("[data-testid=grid] tr.sq th").innerText();
  check(sq.trim() === "現状", `status quo row: ${sq}`);
  const nav = await page.locator("header.top nav").first().innerText();
  check(nav.includes("シナリオ") && nav.includes("実行"), `nav: ${nav}`);
  check((await page.locator("h1").innerText()).includes("第2次トランプ政権下の日米関係"), "the title is not Japanese");
  // The bundled Japanese font is served and used for Japanese text.
  const font = await page.evaluate(async () => {
    const r = await fetch("/static/ipaexg.ttf");
    await document.fonts.ready;
    await document.fonts.load('16px "domei-ja"', "同盟");
    return { ok: r.ok, type: r.headers.get("content-type"), loaded: document.fonts.check('16px "domei-ja"', "同盟") };
  });
  check(font.ok && font.type === "font/ttf" && font.loaded, `font: ${JSON.stringify(font)}`);
  await page.screenshot({ path: join(shots, "lang-ja.png"), fullPage: false });

  step = "a Japanese briefing of a run";
  {
    const form = page.locator("[data-testid=run-form]");
    const boxes = form.locator("input[type=checkbox][name=models]");
    for (let i = 0; i < (await boxes.count()); i++) {
      const b = boxes.nth(i);
      await b.setChecked(["compromise", "median"].includes(await b.getAttribute("value")));
    }
    await Promise.all([page.waitForURL(/\/(jobs|runs)\/\d+/), form.locator("[data-testid=run]").click()]);
    await page.waitForURL(/\/runs\/\d+$/, { timeout: 60_000 });
    const run = new URL(page.url()).pathname;
    check((await page.getAttribute("html", "lang")) === "ja", "the run page is not in Japanese");
    const html = await page.evaluate(async (p) => (await fetch(p + "/brief.html")).text(), run);
    for (const s of ['lang="ja"', "結論", "出典", "在日米軍駐留経費負担", "億円"]) {
      check(html.includes(s), `the briefing has no ${s}`);
    }
    check(!html.includes("Bottom line"), "the briefing is in English");

    step = "the run page in Japanese";
    await page.goto(base + run);
    const h1 = await page.locator("h1").innerText();
    check(h1.includes("実行 #") && h1.endsWith("の予測"), `run title: ${h1}`);
    const rh = await page.locator("[data-testid=forecasts] thead th").allInnerTexts();
    check(rh[0].trim() === "争点" && rh.some((x) => x.includes("妥協")), `run table headers: ${rh}`);
    check((await page.locator("h2").allInnerTexts()).some((x) => x.trim() === "図"), "no 図 heading");
    const svg = await page.locator("figure.chart svg").first().innerHTML();
    check(svg.includes("立場：") && svg.includes("凡例") && !svg.includes("status quo"), "the first chart is not in Japanese");
    await page.locator("details.issue").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, "lang-ja-run.png"), fullPage: true });
    await shotOverflow("run");

    step = "the runs list and a comparison in Japanese";
    await page.goto(`${base}/runs`);
    check((await page.locator("h1").innerText()).includes("実行履歴"), "runs title");
    check((await page.locator("[data-testid=compare]").innerText()).includes("比較"), "compare button");
    await page.screenshot({ path: join(shots, "lang-ja-runs.png"), fullPage: false });
    const id = run.split("/").pop();
    await page.goto(`${base}/compare?a=${id}&b=${id}`);
    const ch = await page.locator("[data-testid=comparison] thead th").allInnerTexts();
    check(ch[0].trim() === "争点" && ch[1].trim() === "モデル", `comparison headers: ${ch}`);
    check((await page.locator("h2").allInnerTexts()).some((x) => x.includes("点予測")), "comparison heading");
    const first = await page.locator("[data-testid=comparison] tbody td").first().innerText();
    check(first.includes("防衛費"), `comparison issue name: ${first}`);
    const meta = await page.locator("p.meta").first().innerText();
    check(meta.includes("予測") && !meta.includes("forecast"), `comparison meta line: ${meta}`);
    await page.screenshot({ path: join(shots, "lang-ja-compare.png"), fullPage: false });
    const status = await page.goto(`${base}/runs`).then(() => page.locator("[data-testid=runs] td[data-status]").first().innerText());
    check(status.trim() === "完了", `run status: ${status}`);

    step = "the ledger in Japanese";
    await page.goto(`${base}/ledger`);
    check((await page.locator("h1").innerText()).includes("予測台帳"), "ledger title");
    check((await page.locator("[data-testid=outcome-form] legend").innerText()).includes("結果を記録"), "ledger form");
    // Form fields use the page's fonts (the Japanese placeholder is drawn).
    const ff = await page.evaluate(() => getComputedStyle(document.querySelector("input[name=source]")).fontFamily);
    check(ff.includes("domei-ja"), `input font: ${ff}`);
    await page.screenshot({ path: join(shots, "lang-ja-ledger.png"), fullPage: true });
    await shotOverflow("ledger");

    step = "the corpus in Japanese";
    await page.goto(`${base}/corpus?q=${encodeURIComponent("在日米軍駐留経費負担")}`);
    check((await page.locator("h1").innerText()).includes("証拠コーパス"), "corpus title");
    check((await page.locator("form button[type=submit]").first().innerText()).includes("検索"), "search button");
    check((await page.locator("[data-testid=hits] li").count()) > 0, "a Japanese query finds no passage");
    await page.screenshot({ path: join(shots, "lang-ja-corpus.png"), fullPage: false });
    await page.locator("[data-testid=hits] li a").first().click();
    await page.waitForSelector("[data-testid=passage]");
    await page.screenshot({ path: join(shots, "lang-ja-passage.png"), fullPage: false });

    step = "a value's evidence in Japanese";
    await page.goto(`${base}/scenarios/japan-us-2025/value?path=${encodeURIComponent("us-admin.defense-spending.position")}`);
    const ev = await page.locator("[data-testid=evidence] h2").first().innerText();
    check(ev.trim() === "証拠", `evidence heading: ${ev}`);
    check((await page.locator("[data-testid=value-strength]").innerText()).includes("根拠の強さ"), "strength line");
    // A quote's translation under the quote, marked as such; the quote
    // itself stays in English.
    const tl = await page.locator("[data-testid=quote-translation]").allInnerTexts();
    check(tl.length === 3 && tl.every((x) => x.startsWith("訳（参考")), `quote translations: ${tl}`);
    check((await page.locator("blockquote.quote").first().innerText()).includes("3% of GDP"), "the quote is not the source's");
    // The top of the page, the edit form and the search form.
    const vt = await page.locator("[data-testid=value-title]").innerText();
    check(vt.endsWith("· 立場") && !vt.includes("position"), `value title: ${vt}`);
    check((await page.locator("[data-testid=current]").innerText()).startsWith("立場"), "current value line");
    check((await page.locator("section.edit h2").innerText()).trim() === "編集", "edit heading");
    check((await page.locator("[data-testid=save]").innerText()).includes("新しい版として保存"), "save button");
    check((await page.locator("section.search h2").innerText()).includes("証拠を探す"), "search heading");
    const sv = await page.locator("[data-testid=evidence] p.meta[data-support]").first().innerText();
    check(/明言|示唆|背景|未評価/.test(sv) && !/\bstates\b|\bimplies\b/.test(sv), `support label: ${sv}`);
    const judgement = page.locator("div.judgement h2");
    check((await judgement.innerText()).includes("分析者の判断"), "judgement heading");
    const jt = await page.locator("div.judgement p").innerText();
    check(/[\u3040-\u30ff\u4e00-\u9fff]/.test(jt), `the judgement is not in Japanese: ${jt}`);
    await page.screenshot({ path: join(shots, "lang-ja-value.png"), fullPage: true });

    step = "a scenario's versions and a stance form in Japanese";
    await page.goto(`${base}/scenarios/japan-us-2025/history`);
    const vh = await page.locator("[data-testid=history] thead th").allInnerTexts();
    check(vh[0].trim() === "版" && vh[1].includes("保存日時"), `versions headers: ${vh}`);
    await page.screenshot({ path: join(shots, "lang-ja-versions.png"), fullPage: false });
    await page.goto(`${base}/scenarios/japan-us-2025/stance?actor=us-admin&issue=defense-spending`);
    const sp = await page.locator("main, body").first().innerText();
    check(sp.includes("立場を追加") && !sp.includes("Add a stance"), "stance page");
    await page.screenshot({ path: join(shots, "lang-ja-stance.png"), fullPage: false });
    await page.goto(`${base}/login`);
    check((await page.locator("h1").innerText()).trim() === "サインイン", "sign-in page");
    await page.goto(`${base}/scenarios/japan-us-2025`);
  }

  step = "persists";
  await page.goto(`${base}/scenarios`);
  check((await page.getAttribute("html", "lang")) === "ja", "the language did not persist to another page");
  const th = await page.locator("[data-testid=scenarios] thead th").allInnerTexts();
  check(th[0].trim() === "シナリオ", `scenario list header: ${th}`);

  step = "switch back to English";
  await page.goto(`${base}/scenarios/japan-us-2025`);
  await Promise.all([page.waitForURL(/lang=en/), page.click("[data-testid=lang-switch] a[data-lang=en]")]);
  h = await headers();
  check(h[0] === "Actor" && h.some((x) => x.startsWith("Host-nation support")), `English again: ${h.slice(0, 3)}`);
  await page.goto(`${base}/runs`);
  check((await page.getAttribute("html", "lang")) === "en", "English did not persist");
  await page.goto(`${base}/scenarios/japan-us-2025`);
  await page.screenshot({ path: join(shots, "lang-en-again.png"), fullPage: false });

  step = "console";
  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  console.log("PASS lang: language switch (en → ja → en), screenshots in " + shots);
  await browser.close();
} catch (e) {
  console.log(`FAIL ${step}: ${e.message}`);
  await page.screenshot({ path: join(shots, `lang-failure-${step.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  await browser.close();
  process.exit(1);
}
