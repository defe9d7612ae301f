// The webview tests' stand: the webviews' esbuild bundles (the same options as esbuild.mjs, into a scratch folder so
// dist/ is left alone), served from 127.0.0.1 with the pages a test registers, and the e2e suites' Chromium
// ($CHROMIUM_PATH, else the system's, with the same words when there is none). Call it at a test file's top level:
// it registers the file's before/after hooks.
import { after, before } from "node:test";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_MISSING, findChromium } from "../../scripts/e2e/tools";

export interface WebviewStand {
  /** `http://127.0.0.1:<port>`, set once the stand is up. */
  readonly origin: string;
  readonly browser: Browser;
  /** Pages by path ("/form-….html"), served as text/html. */
  readonly pages: Map<string, string>;
}

export function webviewStand(): WebviewStand {
  let dir = "";
  let server: Server | undefined;
  let origin = "";
  let browser: Browser | undefined;
  const pages = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "jit-webview-"));
    await esbuild.build({
      entryPoints: { main: "webview/main.ts", history: "webview/history/main.ts" },
      outdir: dir,
      bundle: true,
      platform: "browser",
      format: "iife",
      target: "es2022",
      logLevel: "warning",
    });
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (/^\/(main|history)\.(js|css)$/.test(url.pathname)) {
        res.writeHead(200, { "content-type": url.pathname.endsWith(".js") ? "text/javascript" : "text/css" });
        res.end(readFileSync(join(dir, url.pathname.slice(1))));
        return;
      }
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204).end();
        return;
      }
      const html = pages.get(url.pathname);
      if (html) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(html);
        return;
      }
      res.writeHead(404).end();
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    const address = listening.address();
    if (!address || typeof address === "string") throw new Error("no port");
    origin = `http://127.0.0.1:${address.port}`;
    const executablePath = findChromium();
    if (!executablePath) throw new Error(CHROMIUM_MISSING);
    browser = await chromium.launch({
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get origin() {
      return origin;
    },
    get browser() {
      if (!browser) throw new Error("the webview stand is not up yet");
      return browser;
    },
    pages,
  };
}
