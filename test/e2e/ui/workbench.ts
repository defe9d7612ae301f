// Page helpers for the VS Code 1.139 workbench in code-server (selectors measured in
// shared/reference/vscode-e2e.md §4). Everything waits on what a person would see: text, roles, aria attributes.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { launchChromium } from "../../../scripts/e2e/browser";

export const repoRoot = resolve(__dirname, "..", "..", "..");
export const artifacts = join(repoRoot, "e2e-artifacts");

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI suite through \`npm run test:e2e\` (scripts/e2e/runUi.ts)`);
  return value;
}

/** The manifest as installed, with %placeholders% resolved from package.nls.json. */
export function manifest(): { contributes?: Record<string, unknown> } {
  const nls = JSON.parse(readFileSync(join(repoRoot, "package.nls.json"), "utf8")) as Record<string, string>;
  const text = readFileSync(join(repoRoot, "package.json"), "utf8").replace(/"%([^%"]+)%"/g, (m, key: string) =>
    key in nls ? JSON.stringify(nls[key]) : m);
  return JSON.parse(text);
}

export function viewContainerTitle(): string | undefined {
  const containers = (manifest().contributes?.viewsContainers as { activitybar?: Array<{ id: string; title: string }> } | undefined)?.activitybar;
  return containers?.find((c) => c.id === "azureJit")?.title;
}

export function commandTitle(id: string): string | undefined {
  const commands = (manifest().contributes?.commands ?? []) as Array<{ command: string; title: string; category?: string }>;
  const c = commands.find((x) => x.command === id);
  return c ? (c.category ? `${c.category}: ${c.title}` : c.title) : undefined;
}

export class Workbench {
  private constructor(readonly context: BrowserContext, readonly page: Page) {}

  static async open(): Promise<Workbench> {
    const context = await launchChromium({
      root: join(env("AZURE_JIT_E2E_WORK"), "ui-browser"),
      home: env("AZURE_JIT_E2E_HOME"),
      tmp: env("AZURE_JIT_E2E_TMP"),
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(env("AZURE_JIT_E2E_WORKBENCH"));
    await page.locator(".monaco-workbench .part.activitybar").waitFor();
    return new Workbench(context, page);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /**
   * A PNG in e2e-artifacts/screenshots/. `publish` ones are also copied to docs/screenshots/ (shown in the README)
   * when AZURE_JIT_E2E_UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the tracked files alone.
   */
  async screenshot(name: string, options: { publish?: boolean; clip?: Locator } = {}): Promise<string> {
    const dir = join(artifacts, "screenshots");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if (options.clip) await options.clip.screenshot({ path });
    else await this.page.screenshot({ path });
    if (options.publish && process.env.AZURE_JIT_E2E_UPDATE_SCREENSHOTS === "1") {
      const docs = join(repoRoot, "docs", "screenshots");
      mkdirSync(docs, { recursive: true });
      copyFileSync(path, join(docs, `${name}.png`));
    }
    return path;
  }

  /**
   * F1, type the command's title, pick it. The palette lists only the commands known when it opened, and the
   * extension's contributions arrive a few seconds after the workbench appears: reopen it until the command is there.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator(".quick-input-widget input.input");
    const row = this.page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
    for (;;) {
      await this.page.keyboard.press("F1");
      await input.waitFor();
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        await this.page.keyboard.press("Escape");
        if (Date.now() > deadline) {
          await this.screenshot("failed-command-palette");
          throw e;
        }
      }
    }
    await this.page.keyboard.press("Enter");
  }

  activityTab(title: string): Locator {
    return this.page.getByRole("tab", { name: title });
  }

  sidebar(): Locator {
    return this.page.locator(".part.sidebar");
  }

  /** Tree rows of the side bar whose label is exactly `label` (the accessible name may be a tooltip instead). */
  treeRow(label: string | RegExp): Locator {
    return this.sidebar()
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator(".label-name").getByText(label, { exact: typeof label === "string" }) });
  }

  allTreeRows(): Locator {
    return this.sidebar().locator('.monaco-list-row[role="treeitem"]');
  }

  /** Clicks a collapsed row and waits until the workbench says it is expanded. */
  async expand(row: Locator): Promise<void> {
    await row.first().waitFor();
    if ((await row.first().getAttribute("aria-expanded")) !== "true") await row.first().click();
    await this.page.waitForFunction(
      (el) => el?.getAttribute("aria-expanded") === "true",
      await row.first().elementHandle(),
    );
  }

  /** The row's description (the grey text after the label), e.g. a port's state. */
  async description(row: Locator): Promise<string> {
    return (await row.first().locator(".label-description").innerText()).replace(/\u00a0/g, " ").trim();
  }

  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator(".part.statusbar .statusbar-item", { hasText: text });
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator(".notifications-toasts .notification-toast", { hasText: text });
  }
}
