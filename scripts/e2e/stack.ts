// Everything a run of the extension in code-server needs, started in order and stopped in reverse: the tools,
// a fresh work folder and profile, the emulator (in this process) as a custom cloud, the stand-in `az` on PATH,
// the emulator's CA trusted by the extension host, optional .vsix installs, and code-server itself.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCodeServer, installExtensions, type CodeServer } from "./codeServer";
import { emulatorSettings, writeProfile } from "./profile";
import { startSshd, type Sshd } from "./sshd";
import { ensureTools, type Tools } from "./tools";
import { caBundle, isolatedEnv, makeWorkDir, repoRoot, type WorkDir } from "./workDir";

export interface Emulator {
  url: string;
  caPem: string;
  caPath: string;
  /** With the network simulation: a policy VM's loopback address (emulator/README.md "Network simulation"). */
  network?: { addressOf(vmId: string): string | undefined };
  close(): Promise<void>;
}

/** The e2e scenario: demo plus an AWS EC2 instance, with the network simulation in front of a real sshd. */
export const E2E_SCENARIO = "wire";

export interface Stack {
  tools: Tools;
  work: WorkDir;
  emulator: Emulator;
  env: NodeJS.ProcessEnv;
  codeServer: CodeServer;
  /** The real OpenSSH server behind the VMs' SSH ports (undefined with `network: false`). */
  sshd?: Sshd;
  /** Stops code-server's process group and the emulator; removes the work folder unless `keep`. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export const fakeAzDir = join(repoRoot, "test", "fixtures", "fake-az");

export async function startEmulator(
  dir: string,
  scenario = "demo",
  network?: { sshTarget?: { host: string; port: number } },
): Promise<Emulator> {
  // AZURE_JIT_E2E_EMULATOR_MODULE swaps in another module with the same startEmulator() (debugging aid).
  const serverTs = process.env.AZURE_JIT_E2E_EMULATOR_MODULE || join(repoRoot, "emulator", "server.ts");
  if (!existsSync(serverTs)) throw new Error(`${serverTs} is missing: the emulator (issue 2) is needed for e2e runs`);
  const mod = (await import(serverTs)) as {
    startEmulator(o: { port?: number; scenario?: string; dir?: string; network?: object }): Promise<Emulator>;
  };
  return mod.startEmulator({ port: 0, scenario, dir, ...(network && { network }) });
}

export async function startStack(options: {
  name: string;
  vsix?: string[];
  smokeTestDriver?: boolean;
  port?: number;
  scenario?: string;
  /** The network simulation and a real sshd (default true): Connect probes the wire, so it needs something to reach. */
  network?: boolean;
  env?: Record<string, string | undefined>;
  /** Workspace trust on (default off): with it the work folder's workspace opens untrusted, in Restricted Mode. */
  workspaceTrust?: boolean;
  /** More user settings, over the profile's (runHostUntrusted.ts turns workspace trust on with them). */
  settings?: Record<string, unknown>;
  say?: (m: string) => void;
}): Promise<Stack> {
  const say = options.say ?? (() => {});
  const tools = await ensureTools(options.say);
  const work = makeWorkDir(options.name);
  if (!existsSync(join(fakeAzDir, "az")))
    throw new Error(`${fakeAzDir}/az is missing: the stand-in Azure CLI is needed`);
  mkdirSync(join(work.root, "emulator"));
  const network = options.network !== false;
  const scenario = options.scenario ?? (network ? E2E_SCENARIO : "demo");
  const sshd = network ? await startSshd(join(work.root, "sshd"), join(work.tmp, "ssh")) : undefined;
  if (sshd) say(`sshd at ${sshd.host}:${sshd.port} (login ${sshd.login})`);
  let emulator: Emulator;
  try {
    emulator = await startEmulator(
      join(work.root, "emulator"),
      scenario,
      network ? { sshTarget: { host: sshd!.host, port: sshd!.port } } : undefined,
    );
  } catch (e) {
    await sshd?.stop();
    throw e;
  }
  say(`emulator (${scenario}${network ? ", --network" : ""}) at ${emulator.url}`);
  let codeServer: CodeServer | undefined;
  try {
    writeProfile(work, { ...emulatorSettings(emulator.url, emulator.caPath), ...options.settings });
    // code-server gives the extension host the PATH of a login shell (`$SHELL -ilc env`), not its own, so the
    // stand-in `az` must also come first in the work folder's HOME profile.
    const profileLine = `export PATH='${fakeAzDir}':"$PATH"\n`;
    for (const f of [".profile", ".bash_profile", ".zshenv"]) writeFileSync(join(work.home, f), profileLine);
    const env = isolatedEnv(work, {
      PATH: `${fakeAzDir}:${process.env.PATH ?? ""}`,
      NODE_EXTRA_CA_CERTS: caBundle(work, emulator.caPem),
      AZURE_JIT_E2E_EMULATOR_URL: emulator.url,
      ...sshd?.env,
      ...options.env,
    });
    if (options.vsix?.length) {
      await installExtensions(tools, work, env, options.vsix);
      say(`installed ${options.vsix.map((v) => v.split("/").pop()).join(", ")}`);
    }
    codeServer = await startCodeServer(tools, work, env, {
      smokeTestDriver: options.smokeTestDriver,
      port: options.port,
      workspaceTrust: options.workspaceTrust,
    });
    const cs = codeServer;
    return {
      tools,
      work,
      emulator,
      env,
      codeServer: cs,
      sshd,
      async stop({ keep = false } = {}) {
        await cs.stop();
        await emulator.close();
        await sshd?.stop();
        if (!keep) work.remove();
      },
    };
  } catch (e) {
    await codeServer?.stop();
    await emulator.close();
    await sshd?.stop();
    throw e;
  }
}
