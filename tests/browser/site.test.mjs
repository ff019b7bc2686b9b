// End-to-end tests of the production site (dist/ built with --public-url /hmopt/), served by
// `cargo xtask`'s static server, which, like GitHub Pages, has no single-page-app fallback.
// Run by `cargo xtask test`; BASE_URL is the served root, e.g. http://127.0.0.1:8123/hmopt/.
// The routes come from dist/sitemap.xml, which the prerenderer writes from the route table.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE, launch, openPage, routes } from "./harness.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const EDIT_PREFIX = "https://github.com/hmopt/hmopt/edit/main/";

let browser;
let ROUTES;

before(async () => {
  browser = await launch();
  ROUTES = await routes();
});

after(async () => {
  await browser?.close();
});

async function open(path, context) {
  return openPage(context ?? browser, path);
}

/// The prerendered page of `path`, parsed by Chromium with JavaScript off.
async function staticPage(context, path) {
  const page = await context.newPage();
  const response = await page.goto(BASE + path);
  return { page, response };
}

test("every route's HTML has its content, head, date and edit link without JavaScript", async () => {
  assert.ok(ROUTES.length >= 20, `only ${ROUTES.length} routes in the sitemap`);
  for (const path of ["", "plan", "adr", "adr/024", "adr/026", "decisions", "archive", "standards", "validate", "memory", "rules", "rules/unknown-variable"]) {
    assert.ok(ROUTES.includes(path), `${path} is missing from the sitemap`);
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  for (const path of ROUTES) {
    const { page, response } = await staticPage(context, path);
    assert.equal(response.status(), 200, path);
    const facts = await page.evaluate(() => ({
      h1: document.querySelector("main h1")?.textContent.trim() ?? "",
      title: document.title,
      description: document.querySelector("meta[name=description]")?.content ?? "",
      updated: document.querySelector(".page-footer time")?.getAttribute("datetime") ?? "",
      edit: document.querySelector(".page-footer a.edit-link")?.href ?? "",
    }));
    assert.ok(facts.h1.length > 2, `${path}: no <h1>`);
    assert.ok(facts.title.includes("hmopt"), `${path}: title ${facts.title}`);
    const length = [...facts.description].length;
    assert.ok(50 <= length && length <= 160, `${path}: the description has ${length} characters`);
    assert.match(facts.updated, /^\d{4}-\d{2}-\d{2}$/, path);
    assert.ok(facts.edit.startsWith(EDIT_PREFIX), `${path}: edit link ${facts.edit}`);
    const file = facts.edit.slice(EDIT_PREFIX.length);
    assert.ok(existsSync(resolve(ROOT, file)), `${path}: the edit link names ${file}, which does not exist`);
    await page.close();
  }
  await context.close();
  const missing = await fetch(BASE + "no/such/page");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Page not found/);
});

test("each deep link loads the same page the prerenderer wrote, and logs no error", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  for (const path of ROUTES) {
    const prerendered = await staticPage(context, path);
    const expected = (await prerendered.page.textContent("main h1")).trim();
    await prerendered.page.close();
    const { page, errors, response } = await open(path);
    assert.equal(response.status(), 200, path);
    assert.equal((await page.textContent("main h1")).trim(), expected, path);
    const listed = await page.$(`.sidebar a[href="${path === "" ? "./" : path}"]`);
    if (listed) {
      assert.equal(await listed.getAttribute("aria-current"), "page", path);
    }
    assert.deepEqual(errors, [], path);
    await page.close();
  }
  await context.close();
});

test("the app keeps the prerendered page: no element of <main> is replaced", async () => {
  const context = await browser.newContext();
  // Before any script of the page runs, remember every element of the prerendered <main>.
  await context.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => { window.prerendered = [...document.querySelectorAll("main *")]; });
  });
  for (const path of ["", "plan", "adr/024", "decisions", "validate", "memory", "rules/unknown-variable"]) {
    const { page, errors } = await open(path, context);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
    const kept = await page.evaluate(() => ({
      n: window.prerendered.length,
      detached: window.prerendered.filter((it) => !it.isConnected).map((it) => it.outerHTML.slice(0, 80)),
    }));
    assert.ok(kept.n > 10, `${path}: ${kept.n} elements`);
    assert.deepEqual(kept.detached, [], path);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
  await context.close();
});

test("client-side navigation keeps the app and reaches every page", async () => {
  const { page, errors } = await open("");
  await page.evaluate(() => { window.stayedHere = true; });
  for (const href of ["plan", "adr", "adr/024", "decisions", "standards", "rules"]) {
    await page.click(`.sidebar a[href="${href}"]`);
    await page.waitForFunction((href) => document.querySelector(".sidebar a[aria-current=page]")?.getAttribute("href") === href, href);
    assert.equal(await page.evaluate(() => window.stayedHere), true, "no full page load");
    // Focus continues in the new page, not on the body.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main", href);
  }
  assert.ok(page.url().endsWith("/hmopt/rules"), page.url());
  // Leave /rules scrolled down; back returns there, a new page opens at its top.
  const scrolled = await page.evaluate(() => {
    window.scrollTo(0, 240);
    document.querySelector("main a[href='rules/env-overlap']").click();
    return window.scrollY;
  });
  assert.ok(scrolled > 100, `/rules scrolled only to ${scrolled}`);
  await page.waitForFunction(() => location.pathname.endsWith("/rules/env-overlap"));
  assert.equal(await page.evaluate(() => window.stayedHere), true);
  await page.waitForFunction(() => document.querySelector("main h1")?.textContent.startsWith("The same name in env"));
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await page.goBack();
  await page.waitForFunction(() => location.pathname.endsWith("/rules"));
  await page.waitForFunction(() => document.querySelector("main h1")?.textContent.trim() === "Rules");
  assert.equal(await page.evaluate(() => window.scrollY), scrolled);
  assert.deepEqual(errors, []);
});

test("back, forward and reload return to where the reader was, even from a shorter page", async () => {
  const { page, errors } = await open("plan");
  const settle = () => page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  const at = (path) => page.waitForFunction((path) => location.pathname.endsWith(path) && document.querySelector(".sidebar a[aria-current=page]")?.getAttribute("href") === path, path);
  // /adr is much shorter than 6000 px: the position on /plan must be saved before the swap.
  await page.evaluate(() => window.scrollTo(0, 6000));
  await page.click(".sidebar a[href='adr']");
  await at("adr");
  await page.goBack();
  await at("plan");
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), 6000, "back to /plan");
  // Leaving by back and forward keeps the position too.
  await page.goForward();
  await at("adr");
  await page.click(".sidebar a[href='standards']");
  await at("standards");
  await page.evaluate(() => window.scrollTo(0, 5000));
  await settle();
  await page.goBack();
  await at("adr");
  await page.goForward();
  await at("standards");
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), 5000, "forward to /standards");
  // A reload keeps it, as without JavaScript.
  await page.reload();
  await page.waitForSelector("html[data-app=ready]");
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), 5000, "reloaded /standards");
  assert.deepEqual(errors, []);
});

test("back and forward between fragments of one page scroll to each", async () => {
  const { page, errors } = await open("adr/024");
  const settle = () => page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  // Clicked from where the reader is (a test click would scroll to the link first).
  const follow = (selector) => page.evaluate((selector) => document.querySelector(selector).click(), selector);
  await follow("a[href='adr/024#errata']");
  await settle();
  const errata = await page.evaluate(() => window.scrollY);
  assert.ok(errata > 1000, `${errata}`);
  await follow("a[href='adr/024#erratum-codex-memory-mode']");
  await settle();
  assert.notEqual(await page.evaluate(() => window.scrollY), errata);
  await page.goBack();
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), errata, "back to #errata");
  await page.goBack();
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), 0, "back to the page's top");
  await page.goForward();
  await settle();
  assert.equal(await page.evaluate(() => window.scrollY), errata, "forward to #errata");
  assert.deepEqual(errors, []);
});

test("a navigation still loading never overwrites a later one", async () => {
  const context = await browser.newContext();
  const { page, errors } = await open("", context);
  // Pages arrive slowly; the reader does not wait.
  await page.route(/\/hmopt\/(plan|adr|standards)$/, async (route) => {
    await new Promise((done) => setTimeout(done, 800));
    await route.continue();
  });
  const heading = () => page.evaluate(() => document.querySelector("main h1")?.textContent.trim());
  await page.click(".sidebar a[href='adr']");
  await page.waitForFunction(() => location.pathname.endsWith("/adr"));
  const adr = await heading();
  // Click another page, then this one again before the other arrives: this one stays.
  await page.click(".sidebar a[href='standards']");
  await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
  await page.click(".sidebar a[href='adr']");
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)));
  assert.ok(page.url().endsWith("/adr"), page.url());
  assert.equal(await heading(), adr);
  // Back (to a page being fetched), then forward at once: the address and the page agree.
  await page.evaluate(() => history.back());
  await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
  await page.evaluate(() => history.forward());
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)));
  assert.ok(page.url().endsWith("/adr"), page.url());
  assert.equal(await heading(), adr);
  assert.equal(await page.evaluate(() => document.querySelector(".sidebar a[aria-current=page]")?.getAttribute("href")), "adr");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the theme toggle switches the computed colours and persists across reloads", async () => {
  const context = await browser.newContext({ colorScheme: "light" });
  const { page } = await open("plan", context);
  assert.equal(await page.getAttribute("html", "data-theme"), null);
  // The colours each theme should give, computed by the browser from the stylesheet's own
  // custom property, on probes that force each colour scheme.
  const expected = await page.evaluate(() => Object.fromEntries(["light", "dark"].map((scheme) => {
    const probe = document.createElement("div");
    probe.style.colorScheme = scheme;
    probe.style.backgroundColor = "var(--bg)";
    document.body.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return [scheme, colour];
  })));
  assert.notEqual(expected.light, expected.dark);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), expected.light);
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await background(), expected.dark);
  await page.reload();
  await page.waitForSelector("html[data-app=ready]");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await background(), expected.dark);
  await page.click(".theme-toggle");
  assert.equal(await background(), expected.light);
  await context.close();
});

test("search finds NIX_CXXSTDLIB_COMPILE and Cachix; / focuses it", async () => {
  const { page, errors } = await open("archive");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.type("NIX_CXXSTDLIB_COMPILE");
  await page.waitForSelector(".search-results li");
  const hits = await page.locator(".search-results li").allTextContents();
  assert.ok(hits.some((hit) => /Erratum/.test(hit)), hits.join(" | "));
  await page.fill("#search-input", "Cachix");
  await page.waitForFunction(() => [...document.querySelectorAll(".search-results li")].some((it) => /Cachix/i.test(it.textContent)));
  await page.locator(".search-results a").first().click();
  await page.waitForFunction(() => !location.pathname.endsWith("/archive"));
  assert.deepEqual(errors, []);
});

test("the decision log: round headings, filters, permalinks and corrected premises", async () => {
  const { page, errors } = await open("decisions#q12");
  assert.equal(await page.locator("article.decision").count(), 20);
  const rounds = await page.locator("section.round-section h2").allTextContents();
  assert.deepEqual(rounds.map((it) => it.replace(/^#/, "")), [
    "Round 1: Initial Architecture", "Round 2: Implementation Details", "Round 3: Testing & Commits",
    "Round 4: Execution Sequence", "Round 5: Final Confirmation",
  ]);
  await page.click("button.filter >> text=Round 3");
  assert.equal(await page.locator("article.decision:visible").count(), 4);
  assert.deepEqual(await page.locator("section.round-section:visible h2").allTextContents(), ["#Round 3: Testing & Commits"]);
  await page.click("button.filter >> text=All rounds");
  await page.fill(".filter-text input", "Cachix");
  const shown = await page.locator("article.decision:visible h3").allTextContents();
  assert.ok(shown.length >= 2 && shown.every((text) => /Q1[47]/.test(text)), shown.join(" | "));
  assert.equal(await page.locator("section.round-section:visible").count(), 2);
  await page.fill(".filter-text input", "");
  // Q3's premise was corrected: its badge links to the erratum, which exists.
  const badge = page.locator("#q3 a.badge-corrected");
  assert.equal(await badge.getAttribute("href"), "adr/024#erratum-nix_cxxstdlib_compile");
  assert.equal(await page.locator("#q1 a.badge-corrected").getAttribute("href"), "adr/024#erratum-codex-memory-mode");
  assert.equal(await page.locator("#q4 a.badge-corrected").getAttribute("href"), "adr/024#erratum-llvm-overlay-flags");
  assert.equal(await page.locator("#q3 .chip").textContent(), "accepted");
  assert.equal(await page.locator("#q3 a.permalink").getAttribute("href"), "decisions#q3");
  // The erratum's page body is fetched on this client-side navigation; once it is there, the
  // page scrolls to the erratum as a full load would.
  await badge.click();
  await page.waitForFunction(() => location.pathname.endsWith("/adr/024") && location.hash === "#erratum-nix_cxxstdlib_compile");
  await page.waitForFunction(() => {
    const top = document.getElementById("erratum-nix_cxxstdlib_compile")?.getBoundingClientRect().top;
    return top !== undefined && 0 <= top && top < innerHeight;
  });
  assert.deepEqual(errors, []);
});

test("no passage of the plan tells the typo story without a correction before it", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page } = await staticPage(context, "plan");
  const uncorrected = await page.evaluate(() => {
    const body = document.querySelector("main .doc-body");
    const isWarning = (it) => it.matches?.(".callout-warning") && it.querySelector("a[href*='#erratum-']");
    const isHeading = (it) => /^H[1-6]$/.test(it.tagName);
    // Walks back from `element` through its earlier siblings (and its ancestors' earlier
    // siblings) to the nearest heading, looking for a warning that links an erratum.
    const warnedBefore = (element) => {
      for (let node = element; node && node !== body; node = node.parentElement) {
        for (let it = node.previousElementSibling; it; it = it.previousElementSibling) {
          if (isWarning(it)) return true;
          if (isHeading(it)) return false;
        }
      }
      return false;
    };
    const blocks = [...body.querySelectorAll("p, li, tr, pre")]
      .filter((it) => /typo/i.test(it.textContent))
      .filter((it) => !it.closest(".callout"))
      .filter((it) => !it.querySelector("li, tr, p"));
    return blocks
      .filter((it) => !it.querySelector("a[href*='#erratum-']") && !warnedBefore(it))
      .map((it) => it.textContent.trim().slice(0, 100));
  });
  assert.deepEqual(uncorrected, []);
  await context.close();
});

test("the validator flags the plan's NIX_CXXFLAGS_COMPILE and fixes typos", async () => {
  const { page, errors } = await open("validate");
  await page.fill("#overlay", "");
  await page.type("#overlay", "final: prev: { x = prev.x.overrideAttrs (old: { env = (old.env or { }) // { NIX_CXXFLAGS_COMPILE = \"-std=c++20\"; NIX_LD_FLAGS = \"-L/x\"; }; }); }");
  const items = page.locator(".diagnostics li");
  await page.waitForFunction(() => document.querySelectorAll(".diagnostics li").length === 2);
  const first = await items.first().textContent();
  assert.match(first, /unknown-variable/);
  assert.match(first, /NIX_CXXFLAGS_COMPILE/);
  assert.match(first, /NIX_CXXSTDLIB_COMPILE/);
  assert.match(await page.textContent(".summary"), /2 errors, 0 warnings/);
  // The fix comes from the validator's web worker.
  await page.click("button.apply >> text=Apply fix: Replace with `NIX_LDFLAGS`");
  await page.waitForFunction(() => /NIX_LDFLAGS = "-L\/x"/.test(document.querySelector("#overlay").value));
  await page.waitForFunction(() => document.querySelectorAll(".diagnostics li").length === 1);
  assert.deepEqual(errors, []);
});

test("pasted HTML is never interpreted", async () => {
  const { page, errors } = await open("validate");
  await page.evaluate(() => { window.injected = false; });
  const payload = "{ env.NIX_X<img src=x onerror=\"window.injected=true\"> = \"</textarea><script>window.injected=true</script>\"; }";
  await page.fill("#overlay", payload);
  // Wait until the app has drawn the pasted text in its highlighted layer, so that anything it
  // would interpret has been interpreted.
  await page.waitForFunction((payload) => document.querySelector("#overlay-highlight")?.textContent.startsWith(payload), payload);
  assert.equal(await page.evaluate(() => window.injected), false);
  assert.equal(await page.locator("main img").count(), 0);
  assert.deepEqual(errors.filter((it) => !/Content Security Policy/.test(it)), []);
});

test("the memory calculator: effectiveTotal = 10 is memory-limited, with the caveat and verdicts explained", async () => {
  const { page, errors } = await open("memory");
  await page.fill("#profile", "{ memory.total = 16; memory.effectiveTotal = 10; }");
  // The example profile is memory-limited too: wait for this one's answer.
  await page.waitForFunction(() => JSON.parse(document.querySelector("#hmopt-results").textContent).effective_total_gb === 10);
  assert.equal(await page.textContent(".mode"), "memory-limited");
  assert.match(await page.textContent(".memory-result"), /--max-old-space-size=512/);
  assert.equal(await page.inputValue(".slider input"), "10", "the slider follows the profile");
  const caveat = await page.textContent(".mode-caveat");
  assert.match(caveat, /build/);
  assert.match(caveat, /home\.sessionVariables/);
  assert.match(caveat, /cores/);
  assert.equal(await page.getAttribute(".mode-caveat a", "href"), "adr/024#erratum-codex-memory-mode");
  const verdicts = await page.locator(".verdicts dt").allTextContents();
  assert.deepEqual(verdicts, ["fits", "tight", "exceeds"]);
  assert.match(await page.textContent(".verdict-note"), /Add memory\.runtimeUsage.*about 6 GB/);
  await page.fill("#profile", "{ memory.effectiveTotal = 8; memory.runtimeUsage = 6; }");
  await page.waitForFunction(() => /2 GB left for builds/.test(document.querySelector(".memory-result")?.textContent));
  assert.match(await page.textContent(".verdict-note"), /with the 2 GB the system leaves/);
  assert.deepEqual(await page.locator(".chip-fits").count(), 1, "only the legend says fits: nothing fits in 2 GB");
  await page.fill("#profile", "{ memory.effectiveTotal = 10.25; }");
  await page.waitForFunction(() => document.querySelector(".mode")?.textContent === "standard");
  await page.fill("#profile", "{ memory.effectiveTotal = ; }");
  await page.waitForSelector("[role=alert]");
  assert.match(await page.textContent("[role=alert]"), /^1:\d+/);
  assert.deepEqual(errors, []);
});

test("on a phone the menu is collapsed and opens without JavaScript; on a desktop it is open", async () => {
  for (const javaScriptEnabled of [false, true]) {
    const phone = await browser.newContext({ viewport: { width: 375, height: 700 }, javaScriptEnabled });
    const page = await phone.newPage();
    await page.goto(BASE + "adr/024");
    if (javaScriptEnabled) await page.waitForSelector("html[data-app=ready]");
    const link = page.locator(".sidebar a[href='plan']");
    assert.equal(await link.isVisible(), false, "the menu is open on a phone");
    const heading = await page.locator("main h1").boundingBox();
    assert.ok(heading && heading.y + heading.height < 700, `the title is below the first screen: ${JSON.stringify(heading)}`);
    await page.click(".nav-menu > summary");
    assert.equal(await link.isVisible(), true, "the menu did not open");
    await phone.close();
  }
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await desktop.newPage();
  await page.goto(BASE + "adr/024");
  assert.equal(await page.locator(".sidebar a[href='plan']").isVisible(), true);
  assert.equal(await page.locator(".nav-menu > summary").isVisible(), false);
  await desktop.close();
});

test("the Atom feed parses and lists every decision record and erratum by date", async () => {
  const response = await fetch(BASE + "feed.xml");
  assert.equal(response.status, 200);
  const xml = await response.text();
  const context = await browser.newContext();
  const page = await context.newPage();
  const feed = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    const error = doc.querySelector("parsererror");
    if (error) return { error: error.textContent };
    const ATOM = "http://www.w3.org/2005/Atom";
    const root = doc.documentElement;
    const child = (node, name) => [...node.children].filter((it) => it.namespaceURI === ATOM && it.localName === name);
    const text = (node, name) => child(node, name)[0]?.textContent ?? null;
    return {
      root: [root.namespaceURI, root.localName],
      id: text(root, "id"),
      title: text(root, "title"),
      updated: text(root, "updated"),
      author: child(root, "author").length,
      self: child(root, "link").find((it) => it.getAttribute("rel") === "self")?.getAttribute("href"),
      entries: child(root, "entry").map((entry) => ({
        id: text(entry, "id"),
        title: text(entry, "title"),
        updated: text(entry, "updated"),
        href: child(entry, "link")[0]?.getAttribute("href"),
      })),
    };
  }, xml);
  assert.equal(feed.error, undefined, feed.error);
  assert.deepEqual(feed.root, ["http://www.w3.org/2005/Atom", "feed"]);
  assert.ok(feed.id && feed.title && feed.author === 1, JSON.stringify(feed));
  assert.match(feed.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.ok(feed.self.endsWith("/feed.xml"), feed.self);
  const site = feed.self.slice(0, -"feed.xml".length);
  assert.ok(feed.entries.length >= 5, `${feed.entries.length} entries`);
  assert.equal(new Set(feed.entries.map((it) => it.id)).size, feed.entries.length, "entry ids repeat");
  const errata = feed.entries.filter((it) => it.title.startsWith("Erratum"));
  assert.equal(errata.length, 3, errata.map((it) => it.title).join(" | "));
  const dates = feed.entries.map((it) => it.updated);
  assert.deepEqual(dates, [...dates].sort().reverse(), "entries are not newest first");
  assert.equal(feed.updated, dates[0]);
  for (const entry of feed.entries) {
    assert.match(entry.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, entry.title);
    assert.ok(entry.href.startsWith(site), entry.href);
    // The entry's page and anchor exist on the served site.
    const [path, anchor] = entry.href.slice(site.length).split("#");
    const target = await fetch(BASE + path);
    assert.equal(target.status, 200, entry.href);
    if (anchor) assert.match(await target.text(), new RegExp(` id="${anchor}"`), entry.href);
  }
  assert.equal(await (await fetch(BASE)).text().then((html) => /<link rel="alternate" type="application\/atom\+xml"[^>]* href="feed.xml"/.test(html)), true);
  await context.close();
});
