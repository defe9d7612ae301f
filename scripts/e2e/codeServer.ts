// Starts code-server (VS Code 1.139 in the browser, extension host on Node 24) on a free loopback port with a
// work folder's profile, in its own process group. Loopback matters: webviews need a secure context.
import { createServer } from "node:net";
import { join } from "node:path";
import { startGroup, type Group } from "./processGroup";
import type { Tools } from "./tools";
import type { WorkDir } from "./workDir";

export interface CodeServer {
  url: string;
  port: number;
  /** The workbench URL with the work folder's workspace open. */
  workbenchUrl(query?: Record<string, string>): string;
  group: Group;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function profileArgs(w: WorkDir): string[] {
  return ["--config", join(w.root, "config.yaml"), "--user-data-dir", w.userData, "--extensions-dir", w.extensions];
}

/** `code-server --install-extension` for each .vsix, into the work folder's extensions dir. */
export async function installExtensions(
  tools: Tools,
  w: WorkDir,
  env: NodeJS.ProcessEnv,
  vsixPaths: string[],
): Promise<void> {
  const args = [tools.codeServerEntry, ...profileArgs(w)];
  for (const vsix of vsixPaths) args.push("--install-extension", vsix);
  const logFile = join(w.logs, "install-extension.log");
  const group = startGroup(tools.node, args, { cwd: w.root, env, logFile });
  const code = await group.exited;
  await group.stop(2_000);
  if (code !== 0) throw new Error(`code-server --install-extension failed (exit ${code}); see ${logFile}`);
}

export async function startCodeServer(
  tools: Tools,
  w: WorkDir,
  env: NodeJS.ProcessEnv,
  options: { smokeTestDriver?: boolean; port?: number; workspaceTrust?: boolean } = {},
): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const args = [
    tools.codeServerEntry,
    ...profileArgs(w),
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--ignore-last-opened",
  ];
  // Workspace trust on (the Restricted Mode run) needs the flag away: the workbench then trusts nothing it was not
  // told to trust, so a new folder opens untrusted.
  if (!options.workspaceTrust) args.push("--disable-workspace-trust");
  // Without it a built VS Code ignores extensionDevelopmentPath/extensionTestsPath in the URL payload.
  if (options.smokeTestDriver) args.push("--vscode-option", "enable-smoke-test-driver");
  args.push(w.workspace);
  const logFile = join(w.logs, "code-server.log");
  const group = startGroup(tools.node, args, { cwd: w.root, env, logFile });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exitCode: number | null | undefined;
  void group.exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it answered; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await group.stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    group,
    workbenchUrl(query = {}) {
      const params = new URLSearchParams({ folder: w.workspace, ...query });
      return `${url}/?${params.toString()}`;
    },
    stop: () => group.stop(),
  };
}
