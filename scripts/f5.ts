// F5 in VS Code (.vscode/launch.json): the emulator for an Extension Development Host, as `npm start` does for
// code-server. Starts the emulator (`demo` scenario, or SCENARIO) on 127.0.0.1:18443, writes the host's user
// settings (the emulator as a custom cloud, its CA trusted, Azure CLI sign-in answered by the stand-in `az` in
// test/fixtures/fake-az, which launch.json puts on PATH) into .e2e/f5/user-data, then prints "f5: ready" for the
// preLaunchTask and keeps running until the task is stopped.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startEmulator } from "../emulator/server";
import { emulatorSettings } from "./e2e/profile";

async function main(): Promise<void> {
  const root = resolve(__dirname, "..");
  const work = join(root, ".e2e", "f5");
  const emulator = await startEmulator({
    port: 18443,
    scenario: process.env.SCENARIO || "demo",
    dir: join(work, "emulator"),
    quiet: false,
  });
  const user = join(work, "user-data", "User");
  mkdirSync(user, { recursive: true });
  const settings = { ...emulatorSettings(emulator.url, emulator.caPath), "security.workspace.trust.enabled": false };
  writeFileSync(join(user, "settings.json"), JSON.stringify(settings, null, 2));
  console.log(`f5: ready, emulator at ${emulator.url}`);
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`f5: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
