// Shared by the browser tests: Debian's Chromium, launched headless with the flags this machine
// needs, pages that record console errors, and the site's routes from its sitemap (generated
// from the app's one route table). Playwright gives each launch a fresh profile.
import { chromium } from "playwright-core";

export const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8123/hmopt/";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run",
    ],
  });
}

/// A fresh page of `target` (a browser or a context) that records console errors and uncaught
/// exceptions, once the app has mounted in place of the prerendered HTML.
export async function openPage(target, path) {
  const page = await target.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  const response = await page.goto(BASE + path);
  await page.waitForSelector("html[data-app=ready]");
  return { page, errors, response };
}

/// Every route of the site (`""`, `plan`, `adr/024`, ...), read from the built `sitemap.xml`.
/// The sitemap holds the deployed URLs; the path is what follows the site's base.
export async function routes() {
  const response = await fetch(BASE + "sitemap.xml");
  if (!response.ok) throw new Error(`sitemap.xml: HTTP ${response.status}`);
  const xml = await response.text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((it) => it[1]);
  if (locs.length === 0) throw new Error("sitemap.xml lists no URL");
  const site = locs.find((it) => it.endsWith("/")) ?? locs[0];
  return locs.map((loc) => {
    if (!loc.startsWith(site)) throw new Error(`${loc} is not under ${site}`);
    return loc.slice(site.length);
  });
}
