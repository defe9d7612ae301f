// Entry of the in-host suite: the `run()` contract of @vscode/test-electron, which code-server's smoke-test driver
// (extensionTestsPath in the URL payload) honours too. Runs mocha inside the real extension host and writes a
// result file for the runner, because the runner only sees this host's console through the workbench's log relay.
import Mocha from "mocha";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";

interface Results {
  passed: number;
  failed: number;
  pending: number;
  failures: Array<{ title: string; message: string }>;
  /** The reporter's output, printed by the code-server runner (there it is otherwise mixed into the workbench log). */
  output: string[];
}

export function run(): Promise<void> {
  return runMocha((file) => file.endsWith(".test.js"));
}

/** Runs the bundled files of this folder that `pick` takes (untrusted.ts picks the Restricted Mode ones). */
export function runMocha(pick: (file: string) => boolean): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", timeout: 60_000, color: false, reporter: "spec" });
  const only = process.env.AZURE_JIT_E2E_HOST_FILES?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const file of readdirSync(__dirname).sort()) {
    if (!pick(file)) continue;
    if (only && !only.includes(file)) continue;
    mocha.addFile(join(__dirname, file));
  }
  const results: Results = { passed: 0, failed: 0, pending: 0, failures: [], output: [] };
  // Reporters print through Base.consoleLog (captured when mocha loads), so tee that one.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    results.output.push(format(...args));
    log(...args);
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      base.consoleLog = log;
      const line = `${results.passed} passed, ${results.failed} failed${results.pending ? `, ${results.pending} skipped` : ""}`;
      log(`in-host suite: ${line}`);
      const file = process.env.AZURE_JIT_E2E_RESULTS;
      if (file) writeFileSync(file, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on("pass", () => results.passed++);
    runner.on("pending", () => results.pending++);
    runner.on("fail", (test, err: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), message: String(err?.stack ?? err) });
    });
  });
}
