// One folder per run under the clone's ignored `.e2e/`: code-server's profile, HOME (so `~/.ssh/config` written by
// connect lands here), TMPDIR and XDG_* (code-server, VS Code and Chromium otherwise write sockets, caches and crash
// reports into /tmp, ~/.cache and ~/.config). Nothing of a run is written outside the clone.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(__dirname, "..", "..");

export interface WorkDir {
  root: string;
  home: string;
  tmp: string;
  userData: string;
  extensions: string;
  workspace: string;
  logs: string;
  /** Where the Remote-SSH stand-in records what it was asked to open. */
  records: string;
  /** Removes the folder; called at the end unless the caller keeps it for a post-mortem. */
  remove(): void;
}

// Unix socket paths (VS Code's `vscode-ipc-<uuid>.sock` in TMPDIR) are limited to about 107 bytes.
const MAX_TMP_PATH = 50;

export function makeWorkDir(name: string): WorkDir {
  const root = join(repoRoot, ".e2e", name);
  rmSync(root, { recursive: true, force: true });
  const dirs = {
    home: join(root, "home"),
    userData: join(root, "user-data"),
    extensions: join(root, "extensions"),
    workspace: join(root, "workspace"),
    logs: join(root, "logs"),
    records: join(root, "records"),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  let tmp = join(root, "t");
  let outsideTmp: string | undefined;
  if (tmp.length > MAX_TMP_PATH) {
    // A deep clone: fall back to a short private folder under the system temp dir, removed with the run.
    outsideTmp = mkdtempSync(join(tmpdir(), "ajit-"));
    tmp = outsideTmp;
  } else mkdirSync(tmp, { recursive: true });
  return {
    root,
    tmp,
    ...dirs,
    remove() {
      if (outsideTmp) rmSync(outsideTmp, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The environment code-server (and so the extension host) runs with. */
export function isolatedEnv(w: WorkDir, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A VS Code terminal's own hooks would make code-server talk to that other VS Code.
    if (!k.startsWith("VSCODE_") && !k.startsWith("npm_")) env[k] = v;
  }
  Object.assign(env, {
    HOME: w.home,
    TMPDIR: w.tmp,
    XDG_CONFIG_HOME: join(w.root, "config"),
    XDG_DATA_HOME: join(w.root, "data"),
    XDG_CACHE_HOME: join(w.root, "cache"),
    XDG_RUNTIME_DIR: w.tmp,
    AZURE_JIT_E2E_RECORDS: w.records,
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * A CA bundle for the extension host: the emulator's CA plus whatever NODE_EXTRA_CA_CERTS already named, so a
 * corporate CA set up on the machine keeps working.
 */
export function caBundle(w: WorkDir, emulatorCaPem: string): string {
  const path = join(w.root, "ca-bundle.pem");
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const extra = existing && existsSync(existing) ? readFileSync(existing, "utf8") : "";
  writeFileSync(path, `${emulatorCaPem.trim()}\n${extra}`);
  return path;
}
