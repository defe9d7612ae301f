// Entry of the accounts run (scripts/e2e/runHostAccounts.ts), in two passes with a window reload between them:
// `*.accounts.ts` choose an account, then the window reloads (the smoke-test driver runs this entry again), and
// `*.reloaded.ts` check what the reloaded window remembers. The runner gets one result file with both passes.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import { runMocha } from "./index";

export async function run(): Promise<void> {
  const results = process.env.AZURE_JIT_E2E_RESULTS;
  if (!results) throw new Error("AZURE_JIT_E2E_RESULTS is not set (the runner sets it)");
  const firstPass = `${results}.before-reload`;
  if (!existsSync(firstPass)) {
    await runMocha((file) => file.endsWith(".accounts.js"));
    renameSync(results, firstPass);
    void vscode.commands.executeCommand("workbench.action.reloadWindow");
    // This window goes away; the reloaded one runs the second pass and reports.
    return new Promise<void>(() => {});
  }
  let failure: unknown;
  await runMocha((file) => file.endsWith(".reloaded.js")).catch((e: unknown) => (failure = e));
  type R = { passed: number; failed: number; pending: number; failures: unknown[]; output: string[] };
  const before = JSON.parse(readFileSync(firstPass, "utf8")) as R;
  const after = JSON.parse(readFileSync(results, "utf8")) as R;
  const merged: R = {
    passed: before.passed + after.passed,
    failed: before.failed + after.failed,
    pending: before.pending + after.pending,
    failures: [...before.failures, ...after.failures],
    output: [...before.output, "", "  (window reloaded)", ...after.output],
  };
  writeFileSync(results, JSON.stringify(merged, null, 2));
  if (failure) throw failure;
}
