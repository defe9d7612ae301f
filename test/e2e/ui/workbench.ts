// Page helpers for the VS Code 1.139 workbench in code-server (selectors measured on that workbench's DOM). Everything waits on what a person would see: text, roles, aria attributes.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join, resolve } from "node:path";
import type { BrowserContext, FrameLocator, Locator, Page } from "playwright-core";
import { launchChromium } from "../../../scripts/e2e/browser";
import { logFiles, RemoteWindowRecorder } from "../../support/remoteWindows";

export const repoRoot = resolve(__dirname, "..", "..", "..");
export const artifacts = join(repoRoot, "e2e-artifacts");

/** Every file of that name under code-server's logs (one per window session, by folder name: oldest first). */
function codeServerLog(name: string): string {
  return logFiles(join(env("AZURE_JIT_E2E_WORK"), "user-data", "logs"), name)
    .sort()
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the UI suite through \`npm run test:e2e\` (scripts/e2e/runUi.ts)`);
  return value;
}

/** The manifest as installed, with %placeholders% resolved from package.nls.json. */
export function manifest(): { contributes?: Record<string, unknown> } {
  const nls = JSON.parse(readFileSync(join(repoRoot, "package.nls.json"), "utf8")) as Record<string, string>;
  const text = readFileSync(join(repoRoot, "package.json"), "utf8").replace(/"%([^%"]+)%"/g, (m, key: string) =>
    key in nls ? JSON.stringify(nls[key]) : m,
  );
  return JSON.parse(text);
}

export function viewContainerTitle(): string | undefined {
  const containers = (
    manifest().contributes?.viewsContainers as { activitybar?: Array<{ id: string; title: string }> } | undefined
  )?.activitybar;
  return containers?.find((c) => c.id === "azureJit")?.title;
}

export function commandTitle(id: string): string | undefined {
  const commands = (manifest().contributes?.commands ?? []) as Array<{
    command: string;
    title: string;
    category?: string;
  }>;
  const c = commands.find((x) => x.command === id);
  return c ? (c.category ? `${c.category}: ${c.title}` : c.title) : undefined;
}

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly remoteWindows: RemoteWindowRecorder,
  ) {}

  static async open(): Promise<Workbench> {
    const context = await launchChromium({
      root: join(env("AZURE_JIT_E2E_WORK"), "ui-browser"),
      home: env("AZURE_JIT_E2E_HOME"),
      tmp: env("AZURE_JIT_E2E_TMP"),
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // The windows Connect opens (vscode.openFolder → a new page): recorded, then connected to with the real ssh.
    const remoteWindows = new RemoteWindowRecorder(
      env("AZURE_JIT_E2E_RECORDS"),
      join(env("AZURE_JIT_E2E_HOME"), ".ssh", "config"),
      join(env("AZURE_JIT_E2E_WORK"), "user-data", "logs"),
    );
    remoteWindows.watch(context);
    page.setDefaultTimeout(30_000);
    await page.goto(env("AZURE_JIT_E2E_WORKBENCH"));
    await page.locator(".monaco-workbench .part.activitybar").waitFor();
    return new Workbench(context, page, remoteWindows);
  }

  /** Everything the extension's output channel ("Azure JIT Access") has written to code-server's logs so far. */
  extensionLog(): string {
    return codeServerLog("Azure JIT Access.log");
  }

  /** code-server's extension host logs (each window's remoteexthost.log), oldest first. */
  hostLog(): string {
    return codeServerLog("remoteexthost.log");
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.remoteWindows.dispose();
  }

  /**
   * A PNG in e2e-artifacts/screenshots/. `publish` ones are also copied to docs/screenshots/ (shown in the README)
   * when AZURE_JIT_E2E_UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the tracked files alone.
   */
  async screenshot(
    name: string,
    options: { publish?: boolean; clip?: Locator; area?: { x: number; y: number; width: number; height: number } } = {},
  ): Promise<string> {
    const dir = join(artifacts, "screenshots");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if (options.clip) await options.clip.screenshot({ path });
    else await this.page.screenshot({ path, clip: options.area });
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

  /**
   * Clicks a collapsed row until the workbench says it is expanded. Rows can move under the pointer while a click
   * is on its way (a subscription's "Not configured" group appears when its VM list arrives), so the row is found
   * again by its label for every attempt and its state checked, rather than trusting one click.
   */
  async expand(row: Locator, timeoutMs = 30_000): Promise<void> {
    const target = row.first();
    const expanded = row.and(this.page.locator('[aria-expanded="true"]')).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await target.waitFor({ timeout: Math.max(1, deadline - Date.now()) });
      if ((await target.getAttribute("aria-expanded")) === "true") return;
      await this.dismissHovers();
      await target.click();
      try {
        await expanded.waitFor({ timeout: 3_000 });
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
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

  /**
   * Right-clicks a row and picks a context menu entry by its title. The entry is pointed at, then chosen with
   * Enter: the workbench menu sometimes drops a synthetic click that lands right after it opened.
   */
  async contextMenu(row: Locator, title: string): Promise<void> {
    const item = this.page.getByRole("menuitem", { name: title, exact: true });
    // The row's tooltip can open while the pointer still rests on the row after the right-click, and the menu then
    // closes under it (seen on this 2-core machine under load): open the menu again, a bounded number of times.
    for (let attempt = 1; ; attempt++) {
      await this.dismissHovers();
      await row.first().click({ button: "right" });
      try {
        await item.hover({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await this.page.keyboard.press("Escape");
      }
    }
    await this.page.locator(".context-view .action-item.focused", { has: item }).waitFor();
    await this.page.keyboard.press("Enter");
    await item.waitFor({ state: "hidden" });
  }

  /**
   * A pointer left resting on a tree row opens that row's tooltip, which then covers the rows below it: move the
   * pointer to the empty title bar and wait until no hover is showing.
   */
  async dismissHovers(): Promise<void> {
    await this.page.mouse.move(640, 4);
    await this.page.locator(".monaco-hover, .workbench-hover").first().waitFor({ state: "hidden" });
  }

  /** Closes an editor tab with its close button. */
  async closeEditor(title: string): Promise<void> {
    const tab = this.page.locator(".tabs-container .tab", { hasText: title });
    await tab.first().hover();
    await tab.first().locator(".tab-actions .action-label").click();
    await tab.first().waitFor({ state: "detached" });
  }

  /** Hides the bottom panel (the output channel of an earlier test) if it is showing. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator(".part.panel");
    if (!(await panel.isVisible())) return;
    await this.page.keyboard.press("Control+J");
    await panel.waitFor({ state: "hidden" });
  }

  /** Text as a person reads it: Monaco and the hovers use no-break spaces. */
  static text(s: string): string {
    return s.replace(/\u00a0/g, " ");
  }

  /** Waits until the row's description (its state) matches, e.g. a port turning "open · 2 h left". */
  async waitForDescription(row: Locator, text: RegExp): Promise<string> {
    await row
      .filter({ has: this.page.locator(".label-description", { hasText: text }) })
      .first()
      .waitFor();
    return this.description(row.filter({ has: this.page.locator(".label-description", { hasText: text }) }));
  }

  /** The content of the active webview (VS Code nests the extension's page in an inner #active-frame). */
  webview(): FrameLocator {
    return this.page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
  }

  quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  quickPickRow(text: string | RegExp): Locator {
    return this.page.locator(".quick-input-list .monaco-list-row", { hasText: text });
  }
}

/** The workbench DOM id of a status bar item: `<publisher>.<name>.<item id>`. */
export function statusBarItemId(itemId: string): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { publisher: string; name: string };
  return `${pkg.publisher}.${pkg.name}.${itemId}`;
}

/**
 * A call to the emulator the extension talks to (its test controls like `/_emulator/requests`, or ARM reads with
 * any bearer token; a body for writes, e.g. another user's PUT), trusting its CA. Lets a test check what reached
 * "Azure", not only what the UI says.
 */
export function emulator<T = unknown>(path: string, method = "GET", body?: unknown, token = "e2e"): Promise<T> {
  const url = env("AZURE_JIT_E2E_EMULATOR_URL").replace(/\/+$/, "") + path;
  const caPath = process.env.AZURE_JIT_E2E_EMULATOR_CA ?? join(env("AZURE_JIT_E2E_WORK"), "emulator", "ca.pem");
  if (!existsSync(caPath)) throw new Error(`the emulator's CA is not at ${caPath}`);
  return new Promise<T>((resolvePromise, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const req = request(url, { method, ca: readFileSync(caPath), headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        if ((res.statusCode ?? 0) >= 300)
          reject(new Error(`${method} ${path}: ${res.statusCode} ${body.slice(0, 300)}`));
        else resolvePromise((body ? JSON.parse(body) : undefined) as T);
      });
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export interface EmulatorCall {
  method: string;
  path: string;
  status: number;
}

/** Initiate calls (POST …/initiate) the emulator has answered so far. */
export async function initiateCalls(): Promise<EmulatorCall[]> {
  const log = await emulator<{ value: EmulatorCall[] }>("/_emulator/requests");
  return log.value.filter((c) => c.method === "POST" && /\/initiate$/i.test(c.path));
}

/**
 * A token the emulator reads as another user's (it records a request's requestor from the token's upn, unverified,
 * as Azure records the caller): lets a test act as someone else in the tenant.
 */
export function tokenFor(upn: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ upn })}.x`;
}

/** Someone else's initiate on one port of a VM in rg-web-prod's default policy (or another policy path). */
export function initiateAs(
  upn: string,
  path: string,
  vmId: string,
  port: number,
  source: string,
  duration: string,
  justification?: string,
): Promise<unknown> {
  return emulator(
    `${path}/initiate?api-version=2020-01-01`,
    "POST",
    {
      virtualMachines: [{ id: vmId, ports: [{ number: port, duration, allowedSourceAddressPrefix: source }] }],
      ...(justification !== undefined ? { justification } : {}),
    },
    tokenFor(upn),
  );
}

export function vmPath(resourceGroup: string, name: string, subscriptionId = CONTOSO_PRODUCTION): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

export const CONTOSO_PRODUCTION = "00000000-0000-0000-0000-00000000000a";

export function policyPath(
  resourceGroup: string,
  location: string,
  name: string,
  subscriptionId = CONTOSO_PRODUCTION,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`;
}

interface ArmRequestPort {
  number: number;
  endTimeUtc: string;
  status: string;
  allowedSourceAddressPrefix?: string;
  mappedPort?: number;
}
export interface ArmJitRequest {
  virtualMachines: Array<{ id: string; ports: ArmRequestPort[] }>;
  startTimeUtc: string;
  requestor: string;
  justification?: string;
}

/** The policy's requests as ARM lists them (raw JSON, not the extension's model). */
export async function policyRequests(path: string): Promise<ArmJitRequest[]> {
  const policy = await emulator<{ properties: { requests?: ArmJitRequest[] } }>(`${path}?api-version=2020-01-01`);
  return policy.properties.requests ?? [];
}
