// Stand-in for ms-vscode-remote.remote-ssh in the e2e runs (the real one needs the marketplace).
// `opensshremotes.openEmptyWindow` records what it was asked to open — in $AZURE_JIT_E2E_RECORDS/remote-ssh.jsonl
// for the UI suite, and in the exported `calls` for the in-host suite — and says so in a notification.
// When the harness runs a real sshd ($AZURE_JIT_E2E_SSH_KEY and friends), it then connects for real, as Remote - SSH
// would: the real `ssh` client with the config Connect wrote, batch mode, the test key and a known_hosts of the
// throw-away host key. The session is a ControlMaster (kept open until the window closes, so a test can run more
// commands over the same established TCP connection); a command runs through it and its output is recorded in
// $AZURE_JIT_E2E_RECORDS/ssh-sessions.jsonl. sshd can only log in real users, so the login is the local account
// ($AZURE_JIT_E2E_SSH_LOGIN) instead of the config's User, which is recorded as `resolved.user`.
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, loaded by VS Code as is (no build step) */
const vscode = require("vscode");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, execFile } = require("node:child_process");

const masters = [];

function sshConfigPath() {
  const custom = (vscode.workspace.getConfiguration("remote.SSH").get("configFile", "") || "").trim();
  if (!custom) return path.join(os.homedir(), ".ssh", "config");
  return custom.startsWith("~") ? os.homedir() + custom.slice(1) : custom;
}

function run(args, timeoutMs) {
  return new Promise((resolve) => {
    execFile("ssh", args, { timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Connects to `host` (an alias of the ssh config) for real; returns what was seen. */
async function connectForReal(host, port) {
  const env = process.env;
  const config = sshConfigPath();
  const control = path.join(env.AZURE_JIT_E2E_SSH_CONTROL_DIR || os.tmpdir(), host.replace(/[^A-Za-z0-9._-]/g, "_"));
  const common = [
    "-F",
    config,
    "-i",
    env.AZURE_JIT_E2E_SSH_KEY,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    `UserKnownHostsFile=${env.AZURE_JIT_E2E_SSH_KNOWN_HOSTS}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    "ConnectTimeout=10",
    "-o",
    `User=${env.AZURE_JIT_E2E_SSH_LOGIN}`,
    "-S",
    control,
    // Without a config entry (azureJit.manageSshConfig off) Remote - SSH is handed the port itself.
    ...(Number.isInteger(port) ? ["-p", String(port)] : []),
  ];
  const resolved = {};
  const g = await run(["-G", "-F", config, ...(Number.isInteger(port) ? ["-p", String(port)] : []), host], 10_000);
  for (const line of g.stdout.split("\n")) {
    const [key, ...rest] = line.split(" ");
    if (key === "hostname" || key === "port" || key === "user") resolved[key] = rest.join(" ");
  }
  try {
    fs.rmSync(control, { force: true });
  } catch {
    /* not there */
  }
  const master = spawn("ssh", [...common, "-M", "-N", "-o", "ControlPersist=no", host], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  masters.push(master);
  let masterErr = "";
  master.stderr.on("data", (d) => (masterErr += d.toString()));
  let exited = false;
  master.on("exit", () => (exited = true));
  const deadline = Date.now() + 20_000;
  let up = false;
  while (!exited && Date.now() < deadline) {
    const check = await run(["-S", control, "-O", "check", host], 5_000);
    if (check.code === 0) {
      up = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!up) {
    master.kill();
    return { host, established: false, resolved, error: masterErr.trim() || "no session within 20 s" };
  }
  const cmd = await run([...common, host, "echo azure-jit-session-ok $(whoami)"], 15_000);
  return {
    host,
    established: cmd.code === 0,
    resolved,
    control,
    output: cmd.stdout.trim(),
    error: cmd.stderr.trim() || undefined,
  };
}

function activate() {
  const calls = [];
  vscode.commands.registerCommand("opensshremotes.openEmptyWindow", async (args) => {
    const call = { command: "opensshremotes.openEmptyWindow", args: args ?? null, at: new Date().toISOString() };
    calls.push(call);
    const dir = process.env.AZURE_JIT_E2E_RECORDS;
    if (dir) fs.appendFileSync(path.join(dir, "remote-ssh.jsonl"), JSON.stringify(call) + "\n");
    const host = args && typeof args.host === "string" ? args.host : "(no host)";
    void vscode.window.showInformationMessage(`Remote-SSH stand-in: open ${host}`);
    if (!process.env.AZURE_JIT_E2E_SSH_KEY || host === "(no host)") return;
    const session = await connectForReal(host, args && args.port).catch((e) => ({
      host,
      established: false,
      error: String(e),
    }));
    if (dir)
      fs.appendFileSync(
        path.join(dir, "ssh-sessions.jsonl"),
        JSON.stringify({ ...session, at: new Date().toISOString() }) + "\n",
      );
    void vscode.window.showInformationMessage(
      session.established
        ? `Remote-SSH stand-in: session to ${host} established`
        : `Remote-SSH stand-in: no session to ${host}: ${session.error}`,
    );
  });
  return { calls };
}

function deactivate() {
  for (const m of masters) m.kill();
}

module.exports = { activate, deactivate };
