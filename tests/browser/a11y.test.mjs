// Accessibility: axe-core (the engine behind Lighthouse's accessibility audit) reports no
// violation on any route, in the light and the dark theme, once the app runs. The page's CSP
// forbids injected scripts, so these contexts bypass it to load axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, openPage, routes } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no violation on any route (${colorScheme} theme)`, async () => {
    const context = await browser.newContext({ colorScheme, bypassCSP: true });
    const paths = await routes();
    const found = [];
    let n_checks = 0;
    for (const path of [...paths, "no/such/page"]) {
      const { page } = await openPage(context, path);
      await page.addScriptTag({ path: AXE });
      const results = await page.evaluate(async () => {
        const res = await window.axe.run(document, { resultTypes: ["violations"] });
        return {
          passes: res.passes.length,
          violations: res.violations.map((it) => ({ id: it.id, impact: it.impact, nodes: it.nodes.map((node) => node.target.join(" ")).slice(0, 5) })),
        };
      });
      n_checks += results.passes;
      for (const violation of results.violations) found.push({ path, ...violation });
      await page.close();
    }
    console.log(`axe (${colorScheme}): ${paths.length + 1} pages, ${n_checks} passing rule checks, ${found.length} violations`);
    assert.deepEqual(found, []);
    await context.close();
  });
}
