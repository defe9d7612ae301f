// Everything a run of the extension in code-server needs, started in order and stopped in reverse: the tools,
// a fresh work folder and profile, the emulator (in this process) as a custom cloud, the stand-in `az` on PATH,
// the emulator's CA trusted by the extension host, optional .vsix installs, and code-server itself.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCodeServer, installExtensions, type CodeServer } from "./codeServer";
import { emulatorSettings, writeProfile } from "./profile";
import { ensureTools, type Tools } from "./tools";
import { caBundle, isolatedEnv, makeWorkDir, repoRoot, type WorkDir } from "./workDir";

export interface Emulator { url: string; caPem: string; caPath: string; close(): Promise<void> }

export interface Stack {
  tools: Tools;
  work: WorkDir;
  emulator: Emulator;
  env: NodeJS.ProcessEnv;
  codeServer: CodeServer;
  /** Stops code-server's process group and the emulator; removes the work folder unless `keep`. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export const fakeAzDir = join(repoRoot, "test", "fixtures", "fake-az");

export async function startEmulator(dir: string, scenario = "demo"): Promise<Emulator> {
  // AZURE_JIT_E2E_EMULATOR_MODULE swaps in another module with the same startEmulator() (debugging aid).
  const serverTs = process.env.AZURE_JIT_E2E_EMULATOR_MODULE || join(repoRoot, "emulator", "server.ts");
  if (!existsSync(serverTs)) throw new Error(`${serverTs} is missing: the emulator (issue 2) is needed for e2e runs`);
  const mod = (await import(serverTs)) as { startEmulator(o: { port?: number; scenario?: string; dir?: string }): Promise<Emulator> };
  return mod.startEmulator({ port: 0, scenario, dir });
}

export async function startStack(options: {
  name: string;
  vsix?: string[];
  smokeTestDriver?: boolean;
  port?: number;
  scenario?: string;
  env?: Record<string, string | undefined>;
  say?: (m: string) => void;
}): Promise<Stack> {
  const say = options.say ?? (() => {});
  const tools = await ensureTools(options.say);
  const work = makeWorkDir(options.name);
  if (!existsSync(join(fakeAzDir, "az"))) throw new Error(`${fakeAzDir}/az is missing: the stand-in Azure CLI is needed`);
  mkdirSync(join(work.root, "emulator"));
  const emulator = await startEmulator(join(work.root, "emulator"), options.scenario);
  say(`emulator (${options.scenario ?? "demo"}) at ${emulator.url}`);
  let codeServer: CodeServer | undefined;
  try {
    writeProfile(work, emulatorSettings(emulator.url, emulator.caPath));
    // code-server gives the extension host the PATH of a login shell (`$SHELL -ilc env`), not its own, so the
    // stand-in `az` must also come first in the work folder's HOME profile.
    const profileLine = `export PATH='${fakeAzDir}':"$PATH"\n`;
    for (const f of [".profile", ".bash_profile", ".zshenv"]) writeFileSync(join(work.home, f), profileLine);
    const env = isolatedEnv(work, {
      PATH: `${fakeAzDir}:${process.env.PATH ?? ""}`,
      NODE_EXTRA_CA_CERTS: caBundle(work, emulator.caPem),
      AZURE_JIT_E2E_EMULATOR_URL: emulator.url,
      ...options.env,
    });
    if (options.vsix?.length) {
      await installExtensions(tools, work, env, options.vsix);
      say(`installed ${options.vsix.map((v) => v.split("/").pop()).join(", ")}`);
    }
    codeServer = await startCodeServer(tools, work, env, { smokeTestDriver: options.smokeTestDriver, port: options.port });
    const cs = codeServer;
    return {
      tools,
      work,
      emulator,
      env,
      codeServer: cs,
      async stop({ keep = false } = {}) {
        await cs.stop();
        await emulator.close();
        if (!keep) work.remove();
      },
    };
  } catch (e) {
    await codeServer?.stop();
    await emulator.close();
    throw e;
  }
}
