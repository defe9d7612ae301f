// `npm start`: the extension against the local emulator, in a real VS Code in your browser, with no Azure account.
// Builds and packages the extension, starts the emulator (`demo` scenario), installs the .vsix into a private
// code-server profile under .e2e/start (custom cloud = the emulator, its CA trusted, Azure CLI sign-in answered by
// the stand-in `az`), starts code-server on 127.0.0.1 and prints the URL. Ctrl+C stops everything it started.
//   PORT=8080 npm start            fixed port (default: a free one)
//   SCENARIO=<name> npm start      another emulator scenario (see emulator/README.md)
import { existsSync } from "node:fs";
import { buildExtensionVsix, buildStandinVsix } from "./e2e/build";
import { stopAllGroups } from "./e2e/processGroup";
import { startStack, type Stack } from "./e2e/stack";
import { installedTools } from "./e2e/tools";

async function main(): Promise<void> {
  const say = (m: string) => console.log(`[start] ${m}`);
  const started = Date.now();
  if (!installedTools())
    say("first start: installing Node 24 and code-server into a cache outside the clone (about 2 minutes, once)");
  say("building and packaging the extension…");
  const vsix = buildExtensionVsix();
  const standin = buildStandinVsix();
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`PORT must be a TCP port number (1-65535), got "${process.env.PORT}"`);
  }
  const running: { stack?: Stack } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping code-server and the emulator…");
    await running.stack?.stop({ keep: true });
    await stopAllGroups();
    say("stopped; nothing left running");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // The network simulation binds the VMs' ports (22, 3389…) on loopback addresses and forwards SSH to a real sshd:
  // that needs root (ports below 1024) and Debian's openssh-server. Without them the demo runs as before, and
  // Connect's wire probe reports that it cannot reach the emulator's made-up addresses.
  const network = process.getuid?.() === 0 && existsSync("/usr/sbin/sshd");
  if (!network) say("no network simulation (it needs root and /usr/sbin/sshd): Connect's probe will not reach the VMs");
  const stack = await startStack({
    name: "start",
    vsix: [vsix, standin],
    port,
    scenario: process.env.SCENARIO || "demo",
    network,
    say,
  });
  running.stack = stack;
  void stack.codeServer.group.exited.then((code) => {
    if (!stopping) {
      say(`code-server exited unexpectedly (${code}); its log: ${stack.work.logs}/code-server.log`);
      void stop(1);
    }
  });
  say(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(
    `\n  Open ${stack.codeServer.workbenchUrl()}\n  in a browser on this machine, then click the Azure JIT icon in the activity bar.\n  Ctrl+C stops it.\n`,
  );
}

main().catch(async (e) => {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  await stopAllGroups();
  process.exit(1);
});
