// Headless system Chromium driven by playwright-core (its own browser downloads cannot work offline), with its
// profile, HOME and caches inside the work folder.
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM_MISSING, findChromium } from "./tools";

/** `dirs.root` holds the browser profile and caches; HOME and TMPDIR point into the same work folder. */
export async function launchChromium(w: { root: string; home: string; tmp: string }): Promise<BrowserContext> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  return chromium.launchPersistentContext(join(w.root, "chromium"), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    env: {
      ...process.env,
      HOME: w.home,
      TMPDIR: w.tmp,
      XDG_CONFIG_HOME: join(w.root, "config"),
      XDG_CACHE_HOME: join(w.root, "cache"),
      XDG_DATA_HOME: join(w.root, "data"),
    },
  });
}
