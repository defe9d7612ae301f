// The real `ssh` client and plain TCP, from a test process, with the harness's throw-away key and known_hosts
// (scripts/e2e/sshd.ts sets AZURE_JIT_E2E_SSH_*): what a user's terminal would do against the emulator's gate.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

export interface SshResult {
  code: number;
  stdout: string;
  stderr: string;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the e2e runner starts sshd and sets it`);
  return v;
}

export function runSsh(args: string[], timeoutMs = 20_000): Promise<SshResult> {
  return new Promise((resolve) => {
    execFile("ssh", args, { timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === "number" ? error.code : 255) : 0,
        stdout: stdout.trim(),
        stderr: stderr.trim(),
      }),
    );
  });
}

export function clientOptions(): string[] {
  return [
    "-i",
    need("AZURE_JIT_E2E_SSH_KEY"),
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    `UserKnownHostsFile=${need("AZURE_JIT_E2E_SSH_KNOWN_HOSTS")}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    "ConnectTimeout=10",
    "-o",
    `User=${need("AZURE_JIT_E2E_SSH_LOGIN")}`,
  ];
}

/** A new ssh connection straight to host:port (no config file, no multiplexing). */
export function sshDirect(host: string, port: number, command: string): Promise<SshResult> {
  return runSsh(["-F", "/dev/null", ...clientOptions(), "-o", "ControlPath=none", "-p", String(port), host, command]);
}

/** A new ssh connection to an alias of the ssh config Connect wrote (never through an existing master). */
export function sshAlias(configFile: string, alias: string, command: string): Promise<SshResult> {
  return runSsh(["-F", configFile, ...clientOptions(), "-o", "ControlPath=none", alias, command]);
}

/** A command over an established ControlMaster session (the same TCP connection, no new one). */
export function sshOverMaster(control: string, alias: string, command: string): Promise<SshResult> {
  return runSsh(["-F", "/dev/null", "-S", control, "-o", "ControlMaster=no", alias, command]);
}

export interface StandinSession {
  host: string;
  established: boolean;
  resolved?: { hostname?: string; port?: string; user?: string };
  control?: string;
  output?: string;
  error?: string;
}

/** The sessions the Remote-SSH stand-in opened with the real ssh client, oldest first. */
export function standinSessions(recordsDir: string): StandinSession[] {
  const file = join(recordsDir, "ssh-sessions.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StandinSession);
}

/** Connects, writes `text`, reads one answer: "refused" when the connection is refused (or reset at once). */
export function tcpExchange(host: string, port: number, text: string): Promise<string | "refused"> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`${host}:${port}: no answer within 10 s`));
    }, 10_000);
    s.once("connect", () => s.write(text));
    s.once("data", (d) => {
      clearTimeout(timer);
      s.destroy();
      resolve(d.toString());
    });
    s.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET") resolve("refused");
      else reject(e);
    });
  });
}
