// Shared set-up for the src/azure integration tests: a real emulator over HTTPS, the real SDK trusting its CA, and
// a static fake TokenCredential (the test seam; production gets its credential from VS Code or the Azure CLI).
import { after, before, beforeEach } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { startEmulator } from "../../emulator/server";
import { cloudByName } from "../../src/azure/cloud";
import { JitFailure } from "../../src/azure/errors";
import type { ArmCallLog } from "../../src/azure/callLog";
import type { ArmSettings } from "../../src/azure/clientOptions";
import { ServerClock } from "../../src/core/serverClock";

export const FAKE_TOKEN = "fake-token-for-tests";

export interface Harness {
  url: string;
  caPem: string;
  settings: ArmSettings;
  logs: ArmCallLog[];
  tokenRequests: Array<{ scopes: string[] }>;
  clock: ServerClock;
  /** Calls the emulator's own control endpoints (faults, clock, reset). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Fresh settings (own HTTP client, own caches) against the same emulator. */
  newSettings(overrides?: Partial<ArmSettings>): ArmSettings;
  close(): Promise<void>;
}

/**
 * One emulator for the test file, reset before each test: registers the before, after and beforeEach hooks where it
 * is called (a file's or a describe's top level). `.h` is the harness once the `before` hook has run.
 */
export function useHarness(options: Parameters<typeof startHarness>[0] = {}): { readonly h: Harness } {
  const box: { h?: Harness } = {};
  before(async () => {
    box.h = await startHarness(options);
  });
  after(async () => {
    await box.h?.close();
  });
  beforeEach(async () => {
    await box.h!.control("POST", "/_emulator/reset");
  });
  return box as { readonly h: Harness };
}

export async function startHarness(
  options: { scenario?: string; pageSize?: number; latencyMs?: number } = {},
): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, scenario: options.scenario ?? "demo", quiet: true, ...options });
  const logs: ArmCallLog[] = [];
  const tokenRequests: Array<{ scopes: string[] }> = [];
  const clock = new ServerClock();
  const credential: TokenCredential = {
    async getToken(scopes): Promise<AccessToken> {
      tokenRequests.push({ scopes: Array.isArray(scopes) ? [...scopes] : [scopes] });
      return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const newSettings = (overrides: Partial<ArmSettings> = {}): ArmSettings => ({
    cloud: cloudByName("custom", emulator.url),
    credential,
    userAgentPrefix: "azure-jit-access/0.1.0-test",
    caPem: emulator.caPem,
    // Small delays keep retry tests quick while still exercising the SDK's retry policy.
    retry: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
    log: (e) => logs.push(e),
    clock,
    ...overrides,
  });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const { request } = await import("node:https");
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, emulator.url),
        { method, ca: emulator.caPem, headers: { "content-type": "application/json" } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(text ? JSON.parse(text) : undefined);
          });
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  };
  return {
    url: emulator.url,
    caPem: emulator.caPem,
    settings: newSettings(),
    logs,
    tokenRequests,
    clock,
    control,
    newSettings,
    close: () => emulator.close(),
  };
}

/** The JitFailure a call rejects with (fails the test when it resolves or rejects with anything else). */
export async function rejection(promise: Promise<unknown>): Promise<JitFailure> {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof JitFailure)) throw new Error(`expected a JitFailure, got ${String(e)}`, { cause: e });
    return e;
  }
  throw new Error("expected the call to fail");
}
