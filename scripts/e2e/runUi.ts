// UI suite: the packaged .vsix (as a user installs it) plus the Remote-SSH stand-in in a fresh code-server
// profile against the emulator, then `node --test test/e2e/ui/*.test.ts`, which drives headless Chromium.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildExtensionVsix, buildStandinVsix } from "./build";
import { stopAllGroups } from "./processGroup";
import { startStack, type Stack } from "./stack";
import { CHROMIUM_MISSING, findChromium } from "./tools";
import { repoRoot } from "./workDir";

export async function runUiSuite(): Promise<{ passed: number; failed: number }> {
  const say = (m: string) => console.log(`[ui] ${m}`);
  const chromium = findChromium();
  if (!chromium) throw new Error(CHROMIUM_MISSING);
  const vsix = buildExtensionVsix();
  const standin = buildStandinVsix();
  let stack: Stack | undefined;
  let ok = false;
  try {
    stack = await startStack({ name: "ui", vsix: [vsix, standin], say });
    const { codeServer, work } = stack;
    say(`code-server ${codeServer.url}`);
    const uiDir = join(repoRoot, "test", "e2e", "ui");
    // AZURE_JIT_E2E_UI_ONLY=<part of a file name>: only those files (a debugging aid; CI runs them all).
    const only = process.env.AZURE_JIT_E2E_UI_ONLY;
    const files = readdirSync(uiDir)
      .filter((f) => f.endsWith(".test.ts") && (!only || f.includes(only)))
      .sort()
      .map((f) => join(uiDir, f));
    if (files.length === 0)
      throw new Error(`no UI test file in ${uiDir}${only ? ` matches AZURE_JIT_E2E_UI_ONLY=${only}` : ""}`);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=1", ...files],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          CHROMIUM_PATH: chromium,
          AZURE_JIT_E2E_WORKBENCH: codeServer.workbenchUrl(),
          AZURE_JIT_E2E_WORK: work.root,
          AZURE_JIT_E2E_HOME: work.home,
          AZURE_JIT_E2E_TMP: work.tmp,
          AZURE_JIT_E2E_RECORDS: work.records,
          AZURE_JIT_E2E_EMULATOR_URL: stack.emulator.url,
          AZURE_JIT_E2E_EMULATOR_CA: stack.emulator.caPath,
          ...stack.sshd?.env,
        },
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    // The spec reporter's summary: "ℹ pass 3", "ℹ fail 0", "ℹ skipped 2" (TAP would say "# pass 3").
    const count = (name: string) => Number(out.match(new RegExp(`^(?:ℹ|#) ${name} (\\d+)$`, "m"))?.[1] ?? 0);
    const passed = count("pass");
    const failed = count("fail") + (code !== 0 && count("fail") === 0 ? 1 : 0);
    ok = code === 0 && failed === 0;
    console.log(`UI suite (Playwright): exit code ${code}${count("skipped") ? `, ${count("skipped")} skipped` : ""}`);
    console.log(`${passed} passed, ${failed} failed`);
    return { passed, failed };
  } finally {
    await stack?.stop({ keep: !ok || process.env.AZURE_JIT_E2E_KEEP === "1" });
    if (!ok && stack)
      say(`work folder kept for a post-mortem: ${stack.work.root} (logs/, screenshots in e2e-artifacts/)`);
  }
}

if (require.main === module) {
  const stop = () => void stopAllGroups().then(() => process.exit(130));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  runUiSuite().then(
    (r) => process.exit(r.failed > 0 ? 1 : 0),
    async (e) => {
      console.error(`[ui] ${e instanceof Error ? e.message : String(e)}`);
      console.log("0 passed, 1 failed");
      await stopAllGroups();
      process.exit(1);
    },
  );
}
