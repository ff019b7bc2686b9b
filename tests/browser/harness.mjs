// Shared by the browser tests: Debian's Chromium, launched headless with the flags this machine
// needs, and pages that record console errors. Playwright gives each launch a fresh profile.
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
