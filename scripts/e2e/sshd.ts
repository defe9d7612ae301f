// A real OpenSSH server for the e2e suites: Debian's /usr/sbin/sshd (package openssh-server, installed by .ci/run),
// run from the work folder on a free loopback port with a throw-away host key, a throw-away client key and its own
// sshd_config (no PAM, public-key authentication only, only the current user), stopped with the run. The emulator's
// network simulation forwards the VMs' SSH ports to it. Nothing of it lives outside the work folder except
// /run/sshd, the privilege-separation directory sshd insists on (created empty when missing, as Debian's unit does).
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { startGroup, type Group } from "./processGroup";

export const SSHD = "/usr/sbin/sshd";
export const SSHD_MISSING = `${SSHD} is missing: install Debian's openssh-server (apt-get install -y openssh-server; .ci/run does it)`;
const PRIVSEP_DIR = "/run/sshd";

export interface Sshd {
  host: string;
  port: number;
  /** The client's private key (authorized for `login`). */
  clientKey: string;
  /** A known_hosts file that trusts the throw-away host key for every host name (`*`). */
  knownHosts: string;
  /** The local account sessions log in as (sshd can only become real users). */
  login: string;
  /** Environment for ssh clients in the tests and the Remote-SSH stand-in. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Starts sshd in `dir` (created). `controlDir`: a short folder for ssh ControlMaster sockets (the path limit is ~104). */
export async function startSshd(dir: string, controlDir: string): Promise<Sshd> {
  if (!existsSync(SSHD)) throw new Error(SSHD_MISSING);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(controlDir, { recursive: true, mode: 0o700 });
  if (!existsSync(PRIVSEP_DIR)) {
    try {
      mkdirSync(PRIVSEP_DIR, { mode: 0o755 });
    } catch (e) {
      throw new Error(
        `sshd needs its privilege-separation directory ${PRIVSEP_DIR}: create it as root (${(e as Error).message})`,
        { cause: e },
      );
    }
  }
  const hostKey = join(dir, "host_ed25519");
  const clientKey = join(dir, "client_ed25519");
  for (const key of [hostKey, clientKey])
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "azure-jit-e2e", "-f", key]);
  const authorized = join(dir, "authorized_keys");
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`, "utf8"), { mode: 0o600 });
  const [type, key] = readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/);
  const knownHosts = join(dir, "known_hosts");
  writeFileSync(knownHosts, `* ${type} ${key}\n`, { mode: 0o600 });
  const login = userInfo().username;
  const port = await freePort();
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${authorized}`,
      "PubkeyAuthentication yes",
      "AuthenticationMethods publickey",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      // The keys live in the clone's work folder, whose parents sshd would otherwise require to be root-owned.
      "StrictModes no",
      "PermitRootLogin prohibit-password",
      `AllowUsers ${login}`,
      "X11Forwarding no",
      "AllowTcpForwarding no",
      "AllowAgentForwarding no",
      "PrintMotd no",
      "PrintLastLog no",
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  chmodSync(dir, 0o700);
  execFileSync(SSHD, ["-t", "-f", config]); // a bad config fails here with sshd's own message
  const group: Group = startGroup(SSHD, ["-D", "-e", "-f", config], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    logFile: join(dir, "sshd.log"),
  });
  const deadline = Date.now() + 10_000;
  while (!(await answers("127.0.0.1", port))) {
    if (Date.now() > deadline) {
      await group.stop();
      throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10 s; see ${join(dir, "sshd.log")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: "127.0.0.1",
    port,
    clientKey,
    knownHosts,
    login,
    env: {
      AZURE_JIT_E2E_SSH_KEY: clientKey,
      AZURE_JIT_E2E_SSH_KNOWN_HOSTS: knownHosts,
      AZURE_JIT_E2E_SSH_LOGIN: login,
      AZURE_JIT_E2E_SSH_CONTROL_DIR: controlDir,
    },
    stop: () => group.stop(5_000),
  };
}
