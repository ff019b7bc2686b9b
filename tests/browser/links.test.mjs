// The link checker: on every route of dist/ (from the sitemap), served under the /hmopt/
// sub-path without a single-page-app fallback, every internal link, stylesheet, script and
// image resolves to a file, and every #anchor to an element of the target page. Chromium
// parses each prerendered page with JavaScript off and resolves each URL against the page's
// <base href>, as a reader's browser does. Links out of the site are counted, not fetched;
// links to nixpkgs must name a pinned commit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, routes } from "./harness.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

// Link texts that do not say where a link goes (the English list of Lighthouse's SEO audit
// "Links do not have descriptive text", which, like this test, ignores links within the page,
// such as the table of contents' "More Information").
const NON_DESCRIPTIVE = new Set(["click here", "click this", "go", "here", "information", "learn more", "more", "more info", "more information", "right here", "read more", "see more", "start", "this"]);

test("every link text says where it goes", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const vague = [];
  let n_links = 0;
  for (const path of await routes()) {
    await page.goto(BASE + path);
    const texts = await page.evaluate(() => [...document.querySelectorAll("a[href]")]
      .filter((it) => it.href.split("#")[0] !== location.href.split("#")[0])
      .map((it) => [it.getAttribute("href"), it.textContent.trim().toLowerCase()]));
    n_links += texts.length;
    for (const [href, text] of texts) {
      if (NON_DESCRIPTIVE.has(text) || text === "") vague.push(`${path}: "${text}" -> ${href}`);
    }
  }
  assert.ok(n_links > 500, `only ${n_links} links`);
  assert.deepEqual(vague, []);
  await context.close();
});

test("every internal link and anchor of every route resolves under the sub-path", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const paths = await routes();
  // Ids of each fetched document, by URL without the fragment; null for a non-HTML file.
  const targets = new Map();
  const idsOf = async (url) => {
    if (!targets.has(url)) {
      const response = await fetch(url);
      let ids = null;
      if (response.ok && (response.headers.get("content-type") ?? "").startsWith("text/html")) {
        const html = await response.text();
        ids = await page.evaluate((html) => [...new DOMParser().parseFromString(html, "text/html").querySelectorAll("[id]")].map((it) => it.id), html);
      }
      targets.set(url, { status: response.status, ids: ids && new Set(ids) });
    }
    return targets.get(url);
  };
  const broken = [];
  const nixpkgsRevs = new Set();
  let n_links = 0;
  let n_anchors = 0;
  let n_external = 0;
  for (const path of [...paths, "404.html"]) {
    const response = await page.goto(BASE + path);
    assert.ok(response.status() === 200, `${path}: HTTP ${response.status()}`);
    const urls = await page.evaluate(() => [
      ...[...document.querySelectorAll("a[href]")].map((it) => it.href),
      ...[...document.querySelectorAll("link[href]")].map((it) => it.href),
      ...[...document.querySelectorAll("script[src], img[src]")].map((it) => it.src),
    ]);
    for (const url of urls) {
      if (!url.startsWith(BASE)) {
        const nixpkgs = url.match(/^https:\/\/github\.com\/NixOS\/nixpkgs\/(?:blob|tree)\/([0-9a-f]{40})\//);
        if (nixpkgs) nixpkgsRevs.add(nixpkgs[1]);
        else if (/^https:\/\/github\.com\/NixOS\/nixpkgs\/(blob|tree)\//.test(url)) broken.push(`${path} -> ${url} (not at a pinned commit)`);
        if (new URL(url).origin === new URL(BASE).origin) broken.push(`${path} -> ${url} (outside ${BASE})`);
        n_external += 1;
        continue;
      }
      n_links += 1;
      const [file, anchor] = url.split("#");
      const target = await idsOf(file);
      if (target.status !== 200) {
        broken.push(`${path} -> ${url} (HTTP ${target.status})`);
        continue;
      }
      if (anchor !== undefined && anchor !== "") {
        n_anchors += 1;
        if (!target.ids?.has(decodeURIComponent(anchor))) broken.push(`${path} -> ${url} (no such anchor)`);
      }
    }
  }
  console.log(`link check: ${paths.length + 1} pages, ${n_links} internal links (${targets.size} distinct targets), ${n_anchors} anchors, ${n_external} external links not fetched`);
  assert.deepEqual(broken, []);
  // Every nixpkgs link names a commit: the site's own at one pinned commit, the knowledge base's
  // each at the commit its file was read at.
  assert.ok(nixpkgsRevs.size >= 1, "no nixpkgs link at all");
  assert.ok(n_links > 500 && n_anchors > 100, `only ${n_links} links and ${n_anchors} anchors`);
  await context.close();
});
