// The validator's latency in headless Chromium (a benchmark, not a test), printed as rows of
// the Markdown table of `cargo xtask bench site`:
// `BASE_URL=http://127.0.0.1:8090/hmopt/ node bench.mjs`.
//
// For each overlay it types `;` at the end (a syntax error) and deletes it again, alternately,
// as the browser edits a text area for a key, then the same with a letter typed into a name
// halfway through the text, and measures in the page with performance.now():
// until the page's input handler started (the browser's own edit of the text area), until it returned (the highlighted layer is redrawn in it), until the findings
// were in the DOM (the worker answered and the list is no longer `aria-busy`), and until the
// next frame was painted; and, the text replaced by a script (no browser edit), until the findings
// were in the DOM: the page's and the worker's own work; and the same keystrokes in a bare text
// area with the same text on a page of its own (the browser's edit alone, and until the frame
// that shows it was drawn, the wait for the frame clock included: the floor under "findings
// painted"). Each series ends on
// the text it began with. Then it pastes 1 MB, types into it with real key events, and reports
// the longest main-thread tasks (PerformanceObserver "longtask") of the paste and of the
// typing. RUNS sets the number of measured runs per series (default 20, after 3 warm-ups).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8123/hmopt/";
const RUNS = Number(process.env.RUNS ?? 20);
const WARM_UPS = 3;
/// The runs of a series: warm-ups, the measured runs, and one more when needed for an even
/// number, so that the text ends as it began (every other run deletes the key typed before).
const N_RUNS = WARM_UPS + RUNS + ((WARM_UPS + RUNS) % 2);
const isMeasured = (run) => WARM_UPS <= run && run < WARM_UPS + RUNS;
const HERE = dirname(fileURLToPath(import.meta.url));

/// A generated overlay of `n_lines` lines: one package per three lines, every 25th with a typo.
function generated(n_lines) {
  const lines = ["final: prev: {"];
  for (let idx = 0; lines.length < n_lines - 1; idx++) {
    const typo = idx % 25 === 0 ? "E" : "";
    lines.push(`  p${idx} = prev.p${idx}.overrideAttrs (o: {`);
    lines.push(`    env = o.env or { } // { NIX_CFLAGS_COMPILE${typo} = "-O2"; };`);
    lines.push("  });");
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/// About 1 MB of overlay: one package a line, every 50th with a typo.
function megabyte() {
  const line = (idx) => `  p${idx} = prev.p${idx}.overrideAttrs (old: { env.NIX_CFLAGS_COMPILE${idx % 50 === 0 ? "E" : ""} = "-O2 -march=x86-64-v3"; });\n`;
  let text = "final: prev: {\n";
  for (let idx = 0; text.length < 1024 * 1024; idx++) text += line(idx);
  return text + "}\n";
}

const OVERLAYS = [
  ["plan overlay", readFileSync(resolve(HERE, "../../core/tests/fixtures/plan/nodejs-corrected.nix"), "utf8")],
  ["generated 5,000-line overlay", generated(5000)],
];

/// Runs in the page: one measured keystroke at `at` (from the end when negative), typing `key`
/// or deleting it again (as the browser edits a text area for a key: `execCommand`, not a new
/// value).
async function measure([insert, key, at]) {
  const area = document.querySelector("#overlay");
  const list = document.querySelector("ul.diagnostics");
  area.focus();
  const caret = (at < 0 ? area.value.length + 1 + at : at) + (insert ? 0 : key.length);
  area.setSelectionRange(caret, caret);
  const answered = new Promise((done) => {
    const observer = new MutationObserver(() => {
      if (!list.hasAttribute("aria-busy")) { observer.disconnect(); done(performance.now()); }
    });
    observer.observe(list, { attributes: true, attributeFilter: ["aria-busy"] });
    setTimeout(() => { observer.disconnect(); done(NaN); }, 30_000);
  });
  // The page's handler runs between a capturing and a bubbling listener of the document.
  let handlerStart = NaN;
  let handlerEnd = NaN;
  const before = () => { handlerStart = performance.now(); };
  const after = () => { handlerEnd = performance.now(); };
  document.addEventListener("input", before, true);
  document.addEventListener("input", after, false);
  const start = performance.now();
  if (insert) document.execCommand("insertText", false, key);
  else document.execCommand("delete");
  const handled = performance.now();
  document.removeEventListener("input", before, true);
  document.removeEventListener("input", after, false);
  const dom = await answered;
  const paint = await new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)));
  return { edit: handlerStart - start, handler: handlerEnd - handlerStart, handled: handled - start, dom: dom - start, paint: paint - start };
}

/// Runs in a page that holds only a text area: one keystroke as in [`measure`], and the time the
/// browser's edit takes, and until the frame that shows it was drawn (as "findings painted"
/// measures it, the wait for the frame clock included): what no page code can make shorter.
async function bareEdit([insert, key, at]) {
  const area = document.querySelector("#overlay");
  area.focus();
  const caret = (at < 0 ? area.value.length + 1 + at : at) + (insert ? 0 : key.length);
  area.setSelectionRange(caret, caret);
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const start = performance.now();
  if (insert) document.execCommand("insertText", false, key);
  else document.execCommand("delete");
  const edit = performance.now() - start;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return { edit, frame: performance.now() - start };
}

/// Runs in the page: the text replaced by a script, as a paste would (no browser editing), then
/// the time until the findings are in the DOM: the page's own work, worker included.
async function measureInput(text) {
  const area = document.querySelector("#overlay");
  const list = document.querySelector("ul.diagnostics");
  const answered = new Promise((done) => {
    const observer = new MutationObserver(() => {
      if (!list.hasAttribute("aria-busy")) { observer.disconnect(); done(performance.now()); }
    });
    observer.observe(list, { attributes: true, attributeFilter: ["aria-busy"] });
    setTimeout(() => { observer.disconnect(); done(NaN); }, 30_000);
  });
  const start = performance.now();
  area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
  return (await answered) - start;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${at(0.5).toFixed(1)} ms (min ${sorted[0].toFixed(1)}, p90 ${at(0.9).toFixed(1)})`;
}

const row = (measure, input, value) => console.log(`| ${measure} | ${input} | ${value} |`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
  ],
});
try {
  const page = await browser.newPage();
  await page.goto(BASE + "validate");
  await page.waitForSelector("html[data-app=ready]");
  for (const [label, text] of OVERLAYS) {
    await page.evaluate((text) => {
      const area = document.querySelector("#overlay");
      area.value = text;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }, text);
    await page.waitForFunction(() => !document.querySelector("ul.diagnostics").hasAttribute("aria-busy"));
    const lines = text.split("\n").length - 1;
    const input = `${label}, ${lines} lines, ${(text.length / 1024).toFixed(0)} KB`;
    // The end of the first name bound after the middle of the text.
    const bound = /\n\s*[A-Za-z_][\w'-]*(?= =)/g;
    bound.lastIndex = Math.floor(text.length / 2);
    const found = bound.exec(text);
    if (!found) throw new Error(`${label}: no name bound after the middle`);
    const name = found.index + found[0].length;
    const keys = [["`;` at the end", ";", -1], ["a letter into a name halfway", "x", name]];
    for (const [what, key, at] of keys) {
      const runs = { edit: [], handler: [], handled: [], dom: [], paint: [] };
      for (let run = 0; run < N_RUNS; run++) {
        // Type the key, then delete it: every keystroke changes the findings or their places.
        const res = await page.evaluate(measure, [run % 2 === 0, key, at]);
        if (Number.isNaN(res.dom)) throw new Error(`${label}: the findings never arrived`);
        if (isMeasured(run)) for (const key of Object.keys(runs)) runs[key].push(res[key]);
      }
      const typed = `${input}, typing ${what}`;
      row(`validator: keystroke → the page's input handler starts: the browser's own edit (median of ${RUNS})`, typed, stats(runs.edit));
      row(`validator: the page's input handler, layer redrawn (median of ${RUNS})`, typed, stats(runs.handler));
      row(`validator: keystroke → layer redrawn, the browser's edit included (median of ${RUNS})`, typed, stats(runs.handled));
      row(`validator: keystroke → findings in the DOM (median of ${RUNS})`, typed, stats(runs.dom));
      row(`validator: keystroke → findings painted (median of ${RUNS})`, typed, stats(runs.paint));
    }
    // The same keystrokes in a bare text area holding the same text, on a page of its own: the
    // browser's edit alone, which no page code can make shorter.
    const bare = await browser.newPage();
    await bare.setContent("<textarea id=overlay rows=20 cols=80 spellcheck=false wrap=off></textarea>");
    await bare.evaluate((text) => { document.querySelector("#overlay").value = text; }, text);
    for (const [what, key, at] of keys) {
      const runs = { edit: [], frame: [] };
      for (let run = 0; run < N_RUNS; run++) {
        const res = await bare.evaluate(bareEdit, [run % 2 === 0, key, at]);
        if (isMeasured(run)) for (const key of Object.keys(runs)) runs[key].push(res[key]);
      }
      row(`validator: keystroke in a bare text area, no page code: the browser's edit alone (median of ${RUNS})`, `${input}, typing ${what}`, stats(runs.edit));
      row(`validator: keystroke in a bare text area, no page code: until its frame is drawn (median of ${RUNS})`, `${input}, typing ${what}`, stats(runs.frame));
    }
    await bare.close();
    const direct = [];
    for (let run = 0; run < N_RUNS; run++) {
      // A `;` at the end and back: every run changes the findings.
      const ms = await page.evaluate(measureInput, run % 2 === 0 ? `${text};` : text);
      if (Number.isNaN(ms)) throw new Error(`${label}: the findings never arrived`);
      if (isMeasured(run)) direct.push(ms);
    }
    row(`validator: input event → findings in the DOM, without the browser's edit (median of ${RUNS})`, input, stats(direct));
  }

  // A 1 MB paste, then typing into it.
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((it) => it.duration))).observe({ type: "longtask" });
  });
  const text = megabyte();
  const pasted = await page.evaluate(async (text) => {
    const list = document.querySelector("ul.diagnostics");
    const start = performance.now();
    const area = document.querySelector("#overlay");
    area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((done) => {
      const check = () => (list.hasAttribute("aria-busy") ? setTimeout(check, 5) : done());
      check();
    });
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const res = { ms: performance.now() - start, longest: Math.max(0, ...window.longTasks) };
    window.longTasks = [];
    return res;
  }, text);
  const input = `1 MB paste (${text.split("\n").length - 1} lines)`;
  row("validator: paste → findings painted", input, `${pasted.ms.toFixed(0)} ms, longest task ${pasted.longest.toFixed(0)} ms`);
  await page.focus("#overlay");
  await page.keyboard.press("Control+End");
  // Focusing and moving to the end lay the text area out once: that is not typing.
  await page.evaluate(() => new Promise((done) => setTimeout(() => { window.longTasks = []; done(); }, 300)));
  const n_keys = 20;
  await page.keyboard.type("# typed".padEnd(n_keys, "x"), { delay: 50 });
  await page.waitForFunction(() => !document.querySelector("ul.diagnostics").hasAttribute("aria-busy"));
  await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
  const typing = await page.evaluate(() => ({ n: window.longTasks.length, longest: Math.max(0, ...window.longTasks) }));
  row(`validator: longest main-thread task while typing ${n_keys} keys (50 ms apart)`, input, `${typing.longest.toFixed(0)} ms (${typing.n} tasks over 50 ms)`);
} finally {
  await browser.close();
}
