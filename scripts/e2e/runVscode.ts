// `npm run test:vscode`: the same in-host suite in desktop VS Code through @vscode/test-electron, for a machine
// with a display (or xvfb-run) and internet (it downloads VS Code). The emulator, the stand-in `az`, the CA and the
// settings are the same as in the code-server run; the Remote-SSH stand-in is loaded as a second development
// extension. VSCODE_VERSION picks the version (default "stable").
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { buildExtensionDev, buildHostTests } from "./build";
import { emulatorSettings } from "./profile";
import { fakeAzDir, startEmulator } from "./stack";
import { caBundle, makeWorkDir, repoRoot } from "./workDir";

async function main(): Promise<number> {
  buildExtensionDev();
  const testsPath = await buildHostTests();
  const work = makeWorkDir("vscode");
  mkdirSync(join(work.root, "emulator"));
  const emulator = await startEmulator(join(work.root, "emulator"));
  try {
    const user = join(work.userData, "User");
    mkdirSync(user, { recursive: true });
    writeFileSync(
      join(user, "settings.json"),
      JSON.stringify(
        {
          "security.workspace.trust.enabled": false,
          "workbench.startupEditor": "none",
          "update.mode": "none",
          "extensions.autoUpdate": false,
          ...emulatorSettings(emulator.url, emulator.caPath),
        },
        null,
        2,
      ),
    );
    const code = await runTests({
      version: process.env.VSCODE_VERSION || "stable",
      extensionDevelopmentPath: [repoRoot, join(repoRoot, "test", "e2e", "remote-ssh-standin")],
      extensionTestsPath: testsPath,
      launchArgs: [
        work.workspace,
        "--user-data-dir",
        work.userData,
        "--extensions-dir",
        work.extensions,
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
      ],
      extensionTestsEnv: {
        PATH: `${fakeAzDir}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`,
        NODE_EXTRA_CA_CERTS: caBundle(work, emulator.caPem),
        AZURE_JIT_E2E_EMULATOR_URL: emulator.url,
        AZURE_JIT_E2E_RECORDS: work.records,
        AZURE_JIT_E2E_RESULTS: join(work.root, "results.json"),
      },
    });
    return code;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await emulator.close();
  }
}

main().then((code) => {
  console.log(
    code === 0 ? "in-host suite (VS Code desktop): passed" : `in-host suite (VS Code desktop): failed (exit ${code})`,
  );
  process.exit(code);
});
