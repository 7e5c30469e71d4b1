// The headless Chromium the HTML tests render in (Debian's `chromium`, installed by scripts/browser): one window
// size, and a page that may load nothing but local files, since the reports are self-contained.
import { existsSync } from "node:fs";
import { Browser, Page, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const WIDTH = 1200;
export const HEIGHT = 900;

export async function openOfflinePage(): Promise<{ browser: Browser; page: Page }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/setup as root, or apt-get install -y chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await page.route("**/*", (route) =>
    route.request().url().startsWith("file://") ? route.continue() : route.abort(),
  );
  return { browser, page };
}
