// CLI: npm run emulator -- [--port N] [--scenario demo|scale:S:P:V|FILE] [--latency MS] [--page-size N]
//   [--initiate-delay MS] [--provisioning-delay MS] [--supersede] [--dir DIR] [--quiet]
//   [--network [--egress-ip IP] [--nsg-delay MS] [--ssh-target HOST:PORT]]
//   [--mfa-writes] [--mfa-initiate] [--mfa-policy-variant]
// Prints one JSON line on stdout when ready; logs requests on stderr; exits 0 on SIGINT/SIGTERM.
import { startEmulator, type EmulatorOptions } from "./server.js";

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = { quiet: false };
  const numbers: Record<string, keyof EmulatorOptions> = {
    "--port": "port",
    "--latency": "latencyMs",
    "--page-size": "pageSize",
    "--initiate-delay": "initiateDelayMs",
    "--provisioning-delay": "provisioningDelayMs",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.`);
      return v;
    };
    if (flag === "--quiet") options.quiet = true;
    else if (flag === "--network") options.network = { ...options.network };
    else if (flag === "--egress-ip" || flag === "--nsg-delay" || flag === "--ssh-target") {
      options.network = { ...options.network, ...networkFlag(flag, value()) };
    } else if (flag === "--supersede") options.supersede = true;
    else if (flag === "--mfa-writes") options.auth = { ...options.auth, mfaForWrites: true };
    else if (flag === "--mfa-initiate") options.auth = { ...options.auth, mfaForInitiate: true };
    else if (flag === "--mfa-policy-variant") options.auth = { ...options.auth, policyVariant: true };
    else if (flag === "--scenario") options.scenario = value();
    else if (flag === "--dir") options.dir = value();
    else if (numbers[flag]) {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, 0 or more (got "${v}").`);
      (options as Record<string, unknown>)[numbers[flag]] = n;
    } else
      throw new Error(
        `Unknown option ${arg}. Options: --port --scenario --latency --page-size --initiate-delay --provisioning-delay --supersede --dir --quiet --mfa-writes --mfa-initiate --mfa-policy-variant --network --egress-ip --nsg-delay --ssh-target`,
      );
  }
  return options;
}

/** The network simulation's flags (each implies --network); values checked here, the egress IP again by the gate. */
function networkFlag(flag: string, v: string): NonNullable<EmulatorOptions["network"]> {
  if (flag === "--egress-ip") {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v))
      throw new Error(`--egress-ip must be an IPv4 address such as 198.51.100.7 (got "${v}").`);
    return { egressIp: v };
  }
  if (flag === "--nsg-delay") {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--nsg-delay must be a whole number of milliseconds, 0 or more (got "${v}").`);
    return { nsgDelayMs: n };
  }
  const m = /^([^:]+):(\d{1,5})$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
    throw new Error(`--ssh-target must be HOST:PORT such as 127.0.0.1:2222 (got "${v}").`);
  return { sshTarget: { host: m[1], port: Number(m[2]) } };
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`emulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  process.stdout.write(
    JSON.stringify({
      url: emulator.url,
      ca: emulator.caPath,
      port: emulator.port,
      pid: process.pid,
      ...emulator.summary(),
    }) + "\n",
  );
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
