// Input-to-rendered-diagnostics latency of the validator in headless Chromium (a benchmark,
// not a test): `BASE_URL=http://127.0.0.1:8090/hmopt/ node bench.mjs`. For each overlay it
// alternates between two texts whose findings differ (the overlay, and the overlay with a
// trailing syntax error), dispatches one input event, and measures with performance.now() in
// the page until the summary changed ("DOM") and until the next frame was painted ("paint").
// RUNS sets the number of measured runs per overlay (default 20, after 3 warm-ups).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8123/hmopt/";
const RUNS = Number(process.env.RUNS ?? 20);
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

const OVERLAYS = [
  ["plan overlay (nodejs-corrected.nix)", readFileSync(resolve(HERE, "../../core/tests/fixtures/plan/nodejs-corrected.nix"), "utf8")],
  ["generated 5,000-line overlay", generated(5000)],
];

/// Runs in the page: one measured edit.
async function measure(text) {
  const area = document.querySelector("#overlay");
  const summary = document.querySelector(".summary");
  const changed = new Promise((done) => {
    const observer = new MutationObserver(() => { observer.disconnect(); done(performance.now()); });
    observer.observe(summary, { childList: true, subtree: true, characterData: true });
    setTimeout(() => { observer.disconnect(); done(NaN); }, 30_000);
  });
  const start = performance.now();
  area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
  const dom = await changed;
  const paint = await new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)));
  return { dom: dom - start, paint: paint - start };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms`;
}

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
  console.log(`validator latency, input event to rendered diagnostics (${RUNS} runs, headless Chromium)`);
  for (const [label, text] of OVERLAYS) {
    const variants = [text, text + ";"];
    const dom = [];
    const paint = [];
    for (let run = 0; run < RUNS + 3; run++) {
      // Start with the variant the editor does not hold, so that every run changes the findings.
      const res = await page.evaluate(measure, variants[(run + 1) % 2]);
      if (Number.isNaN(res.dom)) throw new Error(`${label}: the summary did not change`);
      if (3 <= run) {
        dom.push(res.dom);
        paint.push(res.paint);
      }
    }
    const highlighted = (await page.locator(".code-editor.plain").count()) === 0;
    const lines = text.split("\n").length - 1;
    console.log(`${label}: ${lines} lines, ${(text.length / 1024).toFixed(0)} KB, highlighting ${highlighted ? "on" : "off"}`);
    console.log(`  DOM updated: ${stats(dom)}`);
    console.log(`  painted:     ${stats(paint)}`);
    console.log(`  summary: ${(await page.textContent(".summary")).trim()}`);
  }
} finally {
  await browser.close();
}
