// How long loading a whole tenant's policies takes (the tree's first paint), against the emulator with a fixed
// server-side latency per call: our loader as the tree runs it (subscriptions, then the subscriptions' policies at
// most DEFAULT_CONCURRENCY at a time over shared keep-alive connections) against the naive way (one subscription
// after another). Also shown: all subscriptions at once (the 2-round-trip physical limit), a refresh over warm
// sockets, no shared HTTP client, and the same cold load with no latency (the CPU floor: client and emulator share
// this process, so on a small machine CPU, not round trips, sets the figure; docs/performance.md). Prints figures
// only; no pass/fail. The tree-load line is machine-readable and its "ours" is what the extension ships (the default
// bound), not the unbounded variant; critical-path-calls counts the calls that had to wait for another's answer.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { startEmulator } from "../emulator/server";
import { cloudByName } from "../src/azure/cloud";
import type { ArmCallLog } from "../src/azure/callLog";
import type { ArmSettings } from "../src/azure/clientOptions";
import { newConnections } from "../src/azure/connections";
import { createJitApi } from "../src/azure/jit";
import { DEFAULT_CONCURRENCY, loadPolicies } from "../src/azure/loader";
import { listSubscriptions } from "../src/azure/subscriptions";

const SCENARIO = "scale:50:20:10";
const LATENCY_MS = 100;

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: "bench-token", expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

interface Run {
  ms: number;
  calls: number;
  vms: number;
  failed: number;
  /** Calls that had to wait for another's answer, longest chain: the list's pages, then one subscription's pages. */
  criticalPath: number;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, scenario: SCENARIO, latencyMs: LATENCY_MS, quiet: true });
  // The same tenant without latency: what a cold load costs in CPU alone (client and emulator share this process).
  const instant = await startEmulator({ port: 0, scenario: SCENARIO, latencyMs: 0, quiet: true });
  // A connection pool of its own per call: the extension shares one for all subscriptions and tenants (what a
  // refresh reuses); a new one makes a run pay its own TLS handshakes like a cold start.
  const settingsFor = (log: ArmCallLog[], server = emulator): ArmSettings => ({
    cloud: cloudByName("custom", server.url),
    credential,
    userAgentPrefix: "azure-jit-access-bench/0",
    caPem: server.caPem,
    log: (e) => log.push(e),
    connections: newConnections(),
  });

  // Fresh settings for every run: a new HTTP client, so every run pays its own TLS handshakes like a cold start.
  const ours = async (concurrency?: number, server = emulator): Promise<Run> => {
    const log: ArmCallLog[] = [];
    const settings = settingsFor(log, server);
    const started = performance.now();
    const subscriptions = await listSubscriptions(settings);
    const api = createJitApi(settings);
    const results = await loadPolicies(subscriptions, () => api, { concurrency: concurrency ?? subscriptions.length });
    return summarize(performance.now() - started, log, results);
  };
  // A refresh: the same settings again, so the keep-alive sockets and TLS sessions of the previous load are reused.
  const warmSettingsLog: ArmCallLog[] = [];
  const warmSettings = settingsFor(warmSettingsLog);
  // And the same over the instant emulator: what a refresh costs in CPU alone.
  const instantWarmSettings = settingsFor(warmSettingsLog, instant);
  const warm = async (settings = warmSettings): Promise<Run> => {
    warmSettingsLog.length = 0;
    const started = performance.now();
    const subscriptions = await listSubscriptions(settings);
    const api = createJitApi(settings);
    const results = await loadPolicies(subscriptions, () => api, { concurrency: subscriptions.length });
    return summarize(performance.now() - started, warmSettingsLog, results);
  };
  // What sharing one HTTP client per settings saves: here every subscription gets its own settings, so its own
  // agent, its own socket and a full TLS handshake without session resumption.
  const unshared = async (): Promise<Run> => {
    const log: ArmCallLog[] = [];
    const started = performance.now();
    const subscriptions = await listSubscriptions(settingsFor(log));
    const results = await loadPolicies(subscriptions, () => createJitApi(settingsFor(log)), {
      concurrency: subscriptions.length,
    });
    return summarize(performance.now() - started, log, results);
  };
  const sequential = async (): Promise<Run> => {
    const log: ArmCallLog[] = [];
    const settings = settingsFor(log);
    const started = performance.now();
    const subscriptions = await listSubscriptions(settings);
    const api = createJitApi(settings);
    const results = [];
    for (const subscription of subscriptions) {
      results.push(...(await loadPolicies([subscription], () => api, { concurrency: 1 })));
    }
    return summarize(performance.now() - started, log, results);
  };

  try {
    // Throw-away runs so module loading and JIT compilation do not count against the measured figures.
    for (let i = 0; i < 3; i++) await ours();
    const oursRuns: Run[] = [];
    for (let i = 0; i < 7; i++) oursRuns.push(await ours());
    const defaultRuns: Run[] = [];
    for (let i = 0; i < 7; i++) defaultRuns.push(await ours(DEFAULT_CONCURRENCY));
    const warmRuns: Run[] = [];
    for (let i = 0; i < 4; i++) warmRuns.push(await warm());
    const unsharedRuns: Run[] = [];
    for (let i = 0; i < 3; i++) unsharedRuns.push(await unshared());
    const seq = await sequential();
    const floorRuns: Run[] = [];
    for (let i = 0; i < 5; i++) floorRuns.push(await ours(DEFAULT_CONCURRENCY, instant));
    const refreshFloorRuns: Run[] = [];
    for (let i = 0; i < 5; i++) refreshFloorRuns.push(await warm(instantWarmSettings));

    const best = median(defaultRuns);
    const vms = best.vms;
    print("ours, all subscriptions at once", oursRuns);
    print(`ours, default concurrency ${DEFAULT_CONCURRENCY}`, defaultRuns);
    print("ours, refresh over kept-alive connections", warmRuns.slice(1));
    print("ours, one HTTP client per subscription (no shared agent)", unsharedRuns);
    print("sequential", [seq]);
    print("ours, default concurrency, no latency (the CPU floor)", floorRuns);
    print("ours, refresh over kept-alive connections, no latency (its CPU floor)", refreshFloorRuns.slice(1));
    const speedup = seq.ms / best.ms;
    const unbounded = median(oursRuns);
    const refresh = median(warmRuns.slice(1));
    const floor = median(floorRuns);
    const refreshFloor = median(refreshFloorRuns.slice(1));
    console.log(
      `tree-load: vms=${vms} latency=${LATENCY_MS}ms ours=${Math.round(best.ms)} sequential=${Math.round(seq.ms)} ` +
        `speedup=${speedup.toFixed(1)} rtt-multiple=${(best.ms / LATENCY_MS).toFixed(2)} concurrency=${DEFAULT_CONCURRENCY} ` +
        `all-at-once=${Math.round(unbounded.ms)} all-at-once-rtt-multiple=${(unbounded.ms / LATENCY_MS).toFixed(2)} ` +
        `refresh-rtt-multiple=${(refresh.ms / LATENCY_MS).toFixed(2)} critical-path-calls=${best.criticalPath} ` +
        `cpu-floor-ms=${Math.round(floor.ms)} rtt-multiple-above-floor=${((best.ms - floor.ms) / LATENCY_MS).toFixed(2)} ` +
        `refresh-cpu-floor-ms=${Math.round(refreshFloor.ms)} refresh-rtt-multiple-above-floor=${((refresh.ms - refreshFloor.ms) / LATENCY_MS).toFixed(2)}`,
    );
  } finally {
    await emulator.close();
    await instant.close();
  }
}

function summarize(
  ms: number,
  log: ArmCallLog[],
  results: Array<{ policies?: Array<{ virtualMachines: unknown[] }>; error?: unknown }>,
): Run {
  let vms = 0;
  let failed = 0;
  for (const r of results) {
    if (r.error) failed++;
    for (const p of r.policies ?? []) vms += p.virtualMachines.length;
  }
  // Pages of the subscription list (tenant-level GETs), then the most pages any one subscription's policies took.
  const listPages = log.filter((e) => /^\/subscriptions(\?|$)/.test(e.path)).length;
  const perSubscription = new Map<string, number>();
  for (const e of log) {
    const id = /^\/subscriptions\/([^/?]+)\//.exec(e.path)?.[1];
    if (id) perSubscription.set(id, (perSubscription.get(id) ?? 0) + 1);
  }
  return { ms, calls: log.length, vms, failed, criticalPath: listPages + Math.max(0, ...perSubscription.values()) };
}

function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
}

function print(label: string, runs: Run[]): void {
  const times = runs.map((r) => Math.round(r.ms)).join(", ");
  const r = median(runs);
  const min = Math.min(...runs.map((x) => x.ms));
  // The work is CPU-bound once the answers arrive (client and in-process emulator share one thread), so a busy
  // machine stretches it: the minimum is the figure closest to an idle machine.
  console.log(
    `${label}: median ${Math.round(r.ms)} ms (${(r.ms / LATENCY_MS).toFixed(2)} × latency), min ${Math.round(min)} ms, runs [${times}] ` +
      `calls=${r.calls} vms=${r.vms} failedSubscriptions=${r.failed}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
