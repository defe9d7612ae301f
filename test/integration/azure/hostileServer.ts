// A real local HTTPS "Resource Manager" that answers whatever a test tells it to: malformed shapes, HTML 200s,
// looping and foreign nextLinks, answers that never come, huge Retry-After, bodies echoing the Authorization header.
// It uses the emulator's throw-away CA (emulator/certificates.ts), trusted through ArmSettings.caPem as a custom
// cloud's CA is in production. Two servers on two ports are two origins: the second plays the foreign host.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { after, before, beforeEach } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeCertificates } from "../../../emulator/certificates";
import { cloudByName } from "../../../src/azure/cloud";
import type { ArmCallLog } from "../../../src/azure/callLog";
import type { ArmSettings } from "../../../src/azure/clientOptions";

/** JWT-shaped (header.payload.signature), as real ARM tokens are: what must never surface anywhere. */
export const SECRET_TOKEN =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2VjcmV0LXNpZ25hdHVyZS1ub3QtZm9yLWxvZ3M";

export interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface HostileServer {
  url: string;
  seen: Seen[];
  /** Answers every request from now on. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export interface HostilePair {
  arm: HostileServer;
  foreign: HostileServer;
  caPem: string;
  logs: ArmCallLog[];
  settings(overrides?: Partial<ArmSettings>): ArmSettings;
  close(): Promise<void>;
}

function start(keyPem: string, certPem: string): Promise<HostileServer> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let handler: Handler = (_req, res) => json(res, 404, { error: { code: "NotFound", message: "no handler" } });
  const server: Server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const entry: Seen = { method: req.method ?? "", url: req.url ?? "", body };
      if (req.headers.authorization) entry.authorization = req.headers.authorization;
      seen.push(entry);
      handler(req, res, body);
    });
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `https://127.0.0.1:${port}`,
        seen,
        handle(next) {
          handler = next;
        },
        close: () =>
          new Promise<void>((done) => {
            // Hung answers keep their sockets open: close them, or close() never returns.
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export async function startHostilePair(): Promise<HostilePair> {
  const dir = mkdtempSync(join(tmpdir(), "jit-hostile-"));
  const certs = makeCertificates(dir);
  const arm = await start(certs.keyPem, certs.certPem);
  const foreign = await start(certs.keyPem, certs.certPem);
  const logs: ArmCallLog[] = [];
  const credential: TokenCredential = {
    async getToken(): Promise<AccessToken> {
      return { token: SECRET_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return {
    arm,
    foreign,
    caPem: certs.caPem,
    logs,
    settings: (overrides = {}) => ({
      cloud: cloudByName("custom", arm.url),
      credential,
      userAgentPrefix: "azure-jit-access/0.1.0-hostile",
      caPem: certs.caPem,
      retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
      // Short enough that a hung answer costs about a second, long enough for a loaded CI machine's handshakes.
      limits: { attemptMs: 400, operationMs: 1200 },
      log: (e) => logs.push(e),
      ...overrides,
    }),
    close: async () => {
      await arm.close();
      await foreign.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One pair for a test file: started before its tests, closed after them, and each test starts with nothing seen
 * or logged. Returns the running pair (call it inside a test).
 */
export function useHostilePair(): () => HostilePair {
  let pair: HostilePair | undefined;
  before(async () => {
    pair = await startHostilePair();
  });
  after(async () => {
    await pair?.close();
  });
  beforeEach(() => {
    if (!pair) return;
    pair.arm.seen.length = 0;
    pair.foreign.seen.length = 0;
    pair.logs.length = 0;
  });
  return () => {
    if (!pair) throw new Error("the hostile pair is used outside a test");
    return pair;
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export function html(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/html" });
  res.end(text);
}

/** Accepts the request and never answers (the socket stays open until the server closes). */
export function hang(): void {}

export const SUB = "00000000-0000-4000-8000-00000000000a";
export const SUB2 = "00000000-0000-4000-8000-00000000000b";
export const RG = "rg-web";
export const LOC = "westeurope";
export const vmId = (name: string, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const policyId = (name: string, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Security/locations/${LOC}/jitNetworkAccessPolicies/${name}`;
export const ref = (name: string, sub = SUB) => ({ subscriptionId: sub, resourceGroup: RG, location: LOC, name });

export function portRule(number: unknown = 22) {
  return { number, protocol: "*", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" };
}

export function wirePolicy(name: string, vms: string[], extra: Record<string, unknown> = {}, sub = SUB) {
  return {
    id: policyId(name, sub),
    name,
    type: "Microsoft.Security/locations/jitNetworkAccessPolicies",
    location: LOC,
    kind: "Basic",
    properties: {
      virtualMachines: vms.map((vm) => ({ id: vmId(vm, sub), ports: [portRule(22), portRule(3389)] })),
      requests: [],
      provisioningState: "Succeeded",
      ...extra,
    },
  };
}
