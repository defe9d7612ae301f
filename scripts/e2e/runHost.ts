// In-host suite in code-server: opens the workbench in headless Chromium with extensionDevelopmentPath and
// extensionTestsPath in the URL payload (honoured thanks to --vscode-option enable-smoke-test-driver), waits for
// the workbench's codeAutomationExit(code), and reports the mocha results the suite wrote.
import { existsSync, readFileSync, appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format } from "node:util";
import { launchChromium } from "./browser";
import type { Page } from "playwright-core";
import { buildExtensionDev, buildHostTests, buildStandinVsix, buildTestExtensionVsix } from "./build";
import { stopAllGroups } from "./processGroup";
import { startStack, type Stack } from "./stack";
import { repoRoot } from "./workDir";

const TIMEOUT_MS = 5 * 60_000;

interface HostResults {
  passed: number;
  failed: number;
  pending: number;
  failures: Array<{ title: string; message: string }>;
  output: string[];
}

/** One in-host run: the default one (trusted workspace) or another, such as runHostUntrusted.ts's. */
export interface HostRun {
  /** The work folder's name under .e2e/, and the log prefix. */
  name: string;
  /** The suite's entry file in out/test/e2e/host (its `run()` is what extensionTestsPath names). */
  entry: string;
  stack?: {
    workspaceTrust?: boolean;
    settings?: Record<string, unknown>;
    network?: boolean;
  };
  /** More test extensions to install (test/e2e/<folder>), beside the Remote-SSH stand-in. */
  testExtensions?: string[];
  /**
   * What the user clicks while the suite runs: a tested command opens a quick pick or a modal dialog that only a
   * person answers (VS Code's sign-in consent), and the runner answers it in the page as they would, in order.
   */
  answers?: Answer[];
  /** After the stack started and before the workbench opens the workspace (e.g. writes its settings). */
  prepare?: (stack: Stack) => void;
  /** In the browser, before the workbench opens (`origin` is code-server's): e.g. seeds the browser's storage. */
  beforeOpen?: (page: Page, origin: string) => Promise<void>;
}

export interface Answer {
  /** A visible quick pick or dialog whose text matches. */
  when: RegExp;
  /** The quick pick row (by its text) or the dialog button (by its name) to click. */
  click: string;
}

const TRUSTED: HostRun = { name: "host", entry: "index.js" };

export async function runHostSuite(run: HostRun = TRUSTED): Promise<{ passed: number; failed: number }> {
  const say = (m: string) => console.log(`[${run.name}] ${m}`);
  buildExtensionDev();
  const indexJs = join(dirname(await buildHostTests()), run.entry);
  const vsix = [buildStandinVsix(), ...(run.testExtensions ?? []).map(buildTestExtensionVsix)];
  let stack: Stack | undefined;
  let ok = false;
  try {
    stack = await startStack({
      name: run.name,
      smokeTestDriver: true,
      vsix,
      say,
      env: { AZURE_JIT_E2E_RESULTS: join(repoRoot, ".e2e", run.name, "results.json") },
      ...run.stack,
    });
    run.prepare?.(stack);
    const { codeServer, work } = stack;
    const resultsFile = join(work.root, "results.json");
    const logFile = join(work.logs, "workbench.log");
    const context = await launchChromium(work);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const exit = new Promise<number>((resolve) => {
        void page.exposeFunction("codeAutomationExit", (code: number) => resolve(code));
      });
      await page.exposeFunction("codeAutomationLog", (type: string, args: unknown[]) => {
        appendFileSync(logFile, `[${type}] ${format(...(Array.isArray(args) ? args : [args]))}\n`);
      });
      const authority = `127.0.0.1:${codeServer.port}`;
      const payload = JSON.stringify([
        ["extensionDevelopmentPath", `vscode-remote://${authority}${repoRoot}`],
        ["extensionTestsPath", `vscode-remote://${authority}${indexJs}`],
      ]);
      say(`code-server ${codeServer.url}; running ${indexJs}`);
      await run.beforeOpen?.(page, codeServer.url);
      await page.goto(codeServer.workbenchUrl({ payload }));
      let done = false;
      const answering = run.answers?.length ? answer(page, run.answers, () => done, say) : undefined;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<number>((resolve) => {
        timer = setTimeout(() => resolve(-1), TIMEOUT_MS);
      });
      const code = await Promise.race([exit, timeout]);
      clearTimeout(timer);
      done = true;
      await answering;
      if (code === -1) say(`no result within ${TIMEOUT_MS / 1000} s; workbench log: ${logFile}`);
      const results = existsSync(resultsFile)
        ? (JSON.parse(readFileSync(resultsFile, "utf8")) as HostResults)
        : undefined;
      for (const line of results?.output ?? []) console.log(line);
      if (!results?.output.length)
        for (const f of results?.failures ?? []) console.log(`\n  FAILED ${f.title}\n${f.message}`);
      const passed = results?.passed ?? 0;
      const failed = (results?.failed ?? 0) + (code !== 0 && !results?.failed ? 1 : 0);
      ok = code === 0 && failed === 0;
      console.log(
        `in-host suite (code-server): exit code ${code}${results?.pending ? `, ${results.pending} skipped` : ""}`,
      );
      console.log(`${passed} passed, ${failed} failed`);
      return { passed, failed };
    } finally {
      await context.close();
    }
  } finally {
    await stack?.stop({ keep: !ok || process.env.AZURE_JIT_E2E_KEEP === "1" });
    if (!ok && stack) say(`work folder kept for a post-mortem: ${stack.work.root}`);
  }
}

/** Clicks the answers in order, each when its quick pick or dialog shows, until all are given or `stop()`. */
async function answer(page: Page, answers: Answer[], stop: () => boolean, say: (m: string) => void): Promise<void> {
  for (const a of answers) {
    for (;;) {
      if (stop()) return;
      try {
        const pick = page.locator(".quick-input-widget:visible", { hasText: a.when });
        const dialog = page.locator(".monaco-dialog-box:visible", { hasText: a.when });
        if (await pick.count()) {
          const row = pick.locator(".quick-input-list .monaco-list-row", { hasText: a.click }).first();
          await row.click({ timeout: 5_000 });
        } else if (await dialog.count()) {
          await dialog.getByRole("button", { name: a.click, exact: true }).click({ timeout: 5_000 });
        } else {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        say(`answered ${a.when} with "${a.click}"`);
        // Let the widget close before the next answer looks for its own.
        await pick.or(dialog).first().waitFor({ state: "hidden", timeout: 10_000 });
        break;
      } catch {
        // The widget went away or re-rendered while clicking: look again.
      }
    }
  }
}

/** Runs one in-host run as a script: stops every process group on a signal, exits non-zero on a failure. */
export function runAsScript(name: string, run: () => Promise<{ passed: number; failed: number }>): void {
  const stop = () => void stopAllGroups().then(() => process.exit(130));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  run().then(
    (r) => process.exit(r.failed > 0 ? 1 : 0),
    async (e) => {
      console.error(`[${name}] ${e instanceof Error ? e.message : String(e)}`);
      console.log("0 passed, 1 failed");
      await stopAllGroups();
      process.exit(1);
    },
  );
}

if (require.main === module) runAsScript("host", () => runHostSuite());
