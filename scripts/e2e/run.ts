// `npm run test:e2e`: the suites in a real VS Code (code-server): in-host, in-host in an untrusted workspace
// (Restricted Mode), in-host with two Microsoft accounts, UI; one after the other, then one summary line.
// Fails before building anything, naming the package to install, when there is no Chromium.
import { stopAllGroups } from "./processGroup";
import { runHostSuite } from "./runHost";
import { runHostAccountsSuite } from "./runHostAccounts";
import { runHostUntrustedSuite } from "./runHostUntrusted";
import { runUiSuite } from "./runUi";
import { CHROMIUM_MISSING, findChromium } from "./tools";

async function main(): Promise<number> {
  if (!findChromium()) {
    console.error(CHROMIUM_MISSING);
    console.log("0 passed, 1 failed");
    return 1;
  }
  const results: Array<{ suite: string; passed: number; failed: number }> = [];
  for (const [suite, run] of [
    ["in-host", () => runHostSuite()],
    ["in-host, Restricted Mode", runHostUntrustedSuite],
    ["in-host, two Microsoft accounts", runHostAccountsSuite],
    ["UI", runUiSuite],
  ] as const) {
    try {
      results.push({ suite, ...(await run()) });
    } catch (e) {
      console.error(`[${suite}] ${e instanceof Error ? e.message : String(e)}`);
      results.push({ suite, passed: 0, failed: 1 });
    }
  }
  console.log("\ne2e summary:");
  for (const r of results) console.log(`  ${r.suite}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

const stop = () => void stopAllGroups().then(() => process.exit(130));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(e);
    await stopAllGroups();
    process.exit(1);
  },
);
