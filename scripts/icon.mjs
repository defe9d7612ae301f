// Renders the Marketplace / Open VSX icon, media/azure-jit.png (128×128 PNG), from media/azure-jit.svg (the
// activity-bar icon) with the Chromium the e2e suites use, through playwright-core (already a dev dependency).
// The PNG is committed, so the manifest's `icon` points at a real file in every clone; run this again after
// changing the SVG:  node --import tsx scripts/icon.mjs   (CHROMIUM_PATH overrides where Chromium is found)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_MISSING, findChromium } from "./e2e/tools.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ICON_SIZE = 128;
/** Azure blue behind a white line drawing: readable on the Marketplace's light and dark pages alike. */
const BACKGROUND = "#0078d4";

function iconHtml(svg) {
  const white = svg
    .replace(/currentColor/g, "#ffffff")
    .replace(/width="24" height="24"/, `width="${ICON_SIZE * 0.72}" height="${ICON_SIZE * 0.72}"`);
  return `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${ICON_SIZE}px;height:${ICON_SIZE}px;border-radius:${ICON_SIZE * 0.18}px;background:${BACKGROUND};display:flex;align-items:center;justify-content:center">${white}</div>
</body></html>`;
}

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const svg = readFileSync(join(root, "media", "azure-jit.svg"), "utf8");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ viewport: { width: ICON_SIZE, height: ICON_SIZE }, deviceScaleFactor: 1 });
    await page.setContent(iconHtml(svg));
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: ICON_SIZE, height: ICON_SIZE },
    });
    const out = join(root, "media", "azure-jit.png");
    writeFileSync(out, png);
    console.log(`icon: wrote ${out} (${ICON_SIZE}×${ICON_SIZE}, ${png.length} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
