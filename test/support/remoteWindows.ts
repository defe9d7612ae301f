// What Remote - SSH does with the window Connect opens, for the UI suites. Connect opens the user's home as
// `vscode-remote://ssh-remote+<alias>/home/<user>` through `vscode.openFolder` (src/connect/remoteWindow.ts); in
// code-server that is a new browser page whose URL carries the folder, and nothing resolves `ssh-remote+…`. This
// recorder is that resolver's stand-in on the test side: it watches the Playwright context for new pages, reads the
// folder from the page's URL, closes the page (a second workbench would only cost CPU), records the opening in
// $AZURE_JIT_E2E_RECORDS/remote-ssh.jsonl and, when the harness runs a real sshd ($AZURE_JIT_E2E_SSH_*), connects
// for real as Remote - SSH would: the real `ssh` client with the config Connect wrote, batch mode, the test key and a
// known_hosts of the throw-away host key. The session is a ControlMaster (kept until dispose(), so a test can run
// more commands over the same established TCP connection); a command runs through it and the result goes to
// ssh-sessions.jsonl. sshd only logs in real users, so the login is the local account ($AZURE_JIT_E2E_SSH_LOGIN),
// and the config's User is recorded as `resolved.user`.
// code-server keeps only the path of a `vscode-remote://` folder in the new page's URL (`?folder=/home/azureuser`:
// its workspace provider's encodeWorkspacePath drops any authority, since the page always talks to code-server), so
// the alias is taken from the extension's log line for that opening ("Opening Remote-SSH window on <uri>", written
// just before vscode.openFolder): the page shows that the window was opened and on which path, the log which host.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { clientOptions, runSsh, type StandinSession } from "./ssh";

/** One record of remote-ssh.jsonl (the stand-in extension writes the same shape for openEmptyWindow). */
export interface RemoteSshOpen {
  command: "vscode.openFolder" | "opensshremotes.openEmptyWindow";
  args: { host: string; folder?: string; userName?: string; port?: number } | null;
  at: string;
}

/** The Remote - SSH host and folder of a `vscode-remote://ssh-remote+<host>/<path>` URI, else undefined. */
export function sshRemoteFolder(uri: string): { host: string; folder: string } | undefined {
  const m = /^vscode-remote:\/\/([^/?#]*)([^?#]*)$/i.exec(uri);
  if (!m) return undefined;
  let authority: string;
  try {
    authority = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  const host = /^ssh-remote\+(.+)$/i.exec(authority)?.[1];
  return host ? { host, folder: uri } : undefined;
}

export class RemoteWindowRecorder {
  private readonly masters: ChildProcess[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** Log lines already matched to a page, so two openings of one folder are two records. */
  private readonly matched = new Set<string>();

  constructor(
    private readonly records: string,
    private readonly sshConfig: string,
    /** Where code-server writes the extension host logs (user-data/logs). */
    private readonly logs: string,
  ) {}

  private poll: ReturnType<typeof setInterval> | undefined;

  /**
   * Follows every page the context opens from now on, and every empty window the Remote - SSH stand-in records
   * (Connect without its Host block, or without a known user: `{ host, userName?, port? }`), which it connects to the
   * same way (with `-p` and the login for a bare address).
   */
  watch(context: BrowserContext): void {
    context.on("page", (page) => this.track(this.follow(page)));
    let seen = readRemoteSshOpens(this.records).length;
    this.poll = setInterval(() => {
      const opens = readRemoteSshOpens(this.records);
      for (const open of opens.slice(seen))
        if (open.command === "opensshremotes.openEmptyWindow" && open.args?.host)
          this.track(this.connectAndRecord(open.args.host, open.args.port));
      seen = opens.length;
    }, 250);
  }

  /** Ends the ControlMaster sessions (the test process must not outlive them). */
  async dispose(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await Promise.allSettled([...this.pending]);
    for (const m of this.masters.splice(0)) m.kill();
  }

  private track(work: Promise<void>): void {
    const done = work.finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private async connectAndRecord(host: string, port?: number): Promise<void> {
    if (!process.env.AZURE_JIT_E2E_SSH_KEY) return;
    const session = await this.connectForReal(host, port).catch((e): StandinSession => ({
      host,
      established: false,
      error: String(e),
    }));
    appendFileSync(
      join(this.records, "ssh-sessions.jsonl"),
      JSON.stringify({ ...session, at: new Date().toISOString() }) + "\n",
    );
  }

  private async follow(page: Page): Promise<void> {
    const folderOf = (url: string): string | null => {
      try {
        return new URL(url).searchParams.get("folder");
      } catch {
        return null;
      }
    };
    // A window.open page starts at about:blank: wait (bounded) for the workbench URL.
    await page.waitForURL((url) => folderOf(url.href) !== null, { timeout: 15_000 }).catch(() => undefined);
    const folder = folderOf(page.url());
    if (folder === null) return;
    const target = sshRemoteFolder(folder) ?? (folder.startsWith("/") ? await this.loggedOpening(folder) : undefined);
    await page.close().catch(() => undefined);
    if (!target) return;
    const open: RemoteSshOpen = {
      command: "vscode.openFolder",
      args: target,
      at: new Date().toISOString(),
    };
    appendFileSync(join(this.records, "remote-ssh.jsonl"), JSON.stringify(open) + "\n");
    await this.connectAndRecord(target.host);
  }

  /** The latest not yet matched "Opening Remote-SSH window on vscode-remote://…<path>" of the extension's log. */
  private async loggedOpening(path: string): Promise<{ host: string; folder: string } | undefined> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const lines = logFiles(this.logs, "Azure JIT Access.log").flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l.includes("Opening Remote-SSH window on ")),
      );
      for (const line of lines.reverse()) {
        const uri = /Opening Remote-SSH window on (\S+)$/.exec(line)?.[1];
        const target = uri ? sshRemoteFolder(uri) : undefined;
        if (!target || this.matched.has(line) || !uri!.endsWith(`${path}`)) continue;
        this.matched.add(line);
        return target;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return undefined;
  }

  /** Connects to `host` (an alias of the ssh config) for real; returns what was seen. */
  private async connectForReal(host: string, port?: number): Promise<StandinSession> {
    const config = this.sshConfig;
    const control = join(process.env.AZURE_JIT_E2E_SSH_CONTROL_DIR || tmpdir(), host.replace(/[^A-Za-z0-9._-]/g, "_"));
    // Without a config entry (azureJit.manageSshConfig off) Remote - SSH is handed the port itself.
    const portArgs = Number.isInteger(port) ? ["-p", String(port)] : [];
    const common = ["-F", config, ...clientOptions(), "-S", control, ...portArgs];
    const resolved: Record<string, string> = {};
    const g = await runSsh(["-G", "-F", config, ...portArgs, host], 10_000);
    for (const line of g.stdout.split("\n")) {
      const [key, ...rest] = line.split(" ");
      if (key === "hostname" || key === "port" || key === "user") resolved[key] = rest.join(" ");
    }
    rmSync(control, { force: true });
    const master = spawn("ssh", [...common, "-M", "-N", "-o", "ControlPersist=no", host], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.masters.push(master);
    let masterErr = "";
    master.stderr?.on("data", (d: Buffer) => (masterErr += d.toString()));
    let exited = false;
    master.on("exit", () => (exited = true));
    const deadline = Date.now() + 20_000;
    let up = false;
    while (!exited && Date.now() < deadline) {
      if ((await runSsh(["-S", control, "-O", "check", host], 5_000)).code === 0) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!up) {
      master.kill();
      return {
        host,
        established: false,
        resolved,
        error: masterErr.trim() || "no session within 20 s",
      };
    }
    const cmd = await runSsh([...common, host, "echo azure-jit-session-ok $(whoami)"], 15_000);
    return {
      host,
      established: cmd.code === 0,
      resolved,
      control,
      output: cmd.stdout,
      error: cmd.stderr || undefined,
    };
  }
}

/** The records of remote-ssh.jsonl, oldest first. */
export function readRemoteSshOpens(records: string): RemoteSshOpen[] {
  const file = join(records, "remote-ssh.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RemoteSshOpen);
}

/** Every file named `name` under `dir`. */
export function logFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => join(e.parentPath, e.name));
}
