// Child processes of the e2e runs and `npm start`, each in its own process group (spawn's `detached` is setsid on
// POSIX), stopped by signalling the whole group: code-server's children (extension host, file watcher) die with it.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync } from "node:fs";

export interface Group {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code when the group leader exits. */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL to whatever is still in it after `graceMs`; resolves when the group is empty. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Group>();

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function startGroup(
  cmd: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string },
): Group {
  const fd = options.logFile ? openSync(options.logFile, "a") : undefined;
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", fd ?? "inherit", fd ?? "inherit"],
  });
  if (fd !== undefined) closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const group: Group = {
    pid,
    child,
    exited,
    async stop(graceMs = 10_000) {
      live.delete(group);
      signalGroup(pid, "SIGTERM");
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive(pid)) {
        signalGroup(pid, "SIGKILL");
        while (groupAlive(pid)) await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  live.add(group);
  return group;
}

/** Last-resort cleanup for an abrupt exit: synchronous, so it also works from process.on("exit"). */
export function killAllGroupsNow(): void {
  for (const g of live) signalGroup(g.pid, "SIGKILL");
  live.clear();
}

export async function stopAllGroups(): Promise<void> {
  await Promise.all([...live].map((g) => g.stop()));
}

process.on("exit", killAllGroupsNow);
