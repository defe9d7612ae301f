// The HTTPS server: reads bodies (with a size cap), applies latency and faults, checks the bearer header,
// routes to JIT / compute / ARM handlers, and writes answers with the real service's headers
// (docs/azure-behaviour.md#wire-format).
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { invalidContent, pathNotFound } from "./armErrors.js";
import { armRoute } from "./armRoutes.js";
import { AuthChecks, type AuthOptions } from "./auth.js";
import { makeCertificates } from "./certificates.js";
import { VirtualClock } from "./clock.js";
import { computeRoute } from "./computeRoutes.js";
import { reply, type Reply, type RouteContext } from "./context.js";
import { controlRoute } from "./control.js";
import { Faults } from "./faults.js";
import { planLoopback } from "./network/addresses.js";
import { Gate, type GateOptions } from "./network/gate.js";
import { jitRoute } from "./jitRoutes.js";
import { ReadLimits, throttledBody, type ReadLimitOptions } from "./rateLimits.js";
import { RequestLog } from "./requestLog.js";
import { buildState } from "./scenarios/definition.js";
import { loadScenario } from "./scenarios/index.js";
import { Store } from "./store.js";
import { armError, httpDate, routingStamp } from "./wire.js";

export interface EmulatorOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  /** "demo" (default), "scale:S:P:V", or a path to a scenario JSON file. */
  scenario?: string;
  /** Added to every ARM answer, concurrently (requests are never serialized). */
  latencyMs?: number;
  /** Cut list answers into pages of this size, linked by nextLink. */
  pageSize?: number;
  /** Initiating → Initiated after this long (default 2000). */
  initiateDelayMs?: number;
  /** PUT's Updating → Succeeded after this long (default 3000). */
  provisioningDelayMs?: number;
  /** Revoked/Expired this long after endTimeUtc (default 0). */
  expiryLagMs?: number;
  /** How far past the policy's max a requested duration may go, for client clock skew (default 120000). */
  durationToleranceMs?: number;
  /** Opt-in: a newer initiate for a VM+port marks the older one Revoked/NewerRequestInitiated (default false; also POST /_emulator/supersede). */
  supersede?: boolean;
  /** Where ca.pem is written (kept on close). Default: a fresh temp dir, removed on close. */
  dir?: string;
  /** No request lines on stderr. Default true here; the CLI logs unless --quiet. */
  quiet?: boolean;
  /**
   * Opt-in network simulation (CLI --network): VM and firewall addresses become loopback addresses, gated by the
   * JIT requests (emulator/network/, emulator/README.md "Network simulation").
   */
  network?: GateOptions;
  /** Sign-in checks (MFA for writes / initiate, an authentication context for one policy): emulator/auth.ts. Off by default. */
  auth?: AuthOptions;
  /** ARM's read buckets (emulator/rateLimits.ts); default ARM's figures, false for none. */
  readLimits?: ReadLimitOptions | false;
}

export interface RunningEmulator {
  url: string;
  port: number;
  caPem: string;
  caPath: string;
  scenario: string;
  /** Who is in the loaded scenario, for the CLI's ready line and for tests. */
  summary(): {
    scenario: string;
    callerIp: string;
    requestor: string;
    tenants: Array<{ tenantId: string; displayName: string }>;
    subscriptions: number;
  };
  /** With `network`: the loopback address of a policy VM, the egress IP now, and GET /_emulator/network's view. */
  network?: { addressOf(vmId: string): string | undefined; egressIp(): string; view(): Record<string, unknown> };
  /** Reads refused with a 429 by the ARM-like read limits so far. */
  throttled(): number;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
const DRAIN_LIMIT = 16 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const loaded = loadScenario(options.scenario ?? "demo"); // first: a bad scenario leaves no temp dir behind
  const loopback = options.network ? planLoopback(loaded) : undefined;
  const definition = loopback?.definition ?? loaded;
  buildState(definition, Date.now(), 0); // so is a bad field in it (e.g. an unknown revokedReason): it throws here
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "jit-emulator-"));
  if (!ownDir) mkdirSync(dir, { recursive: true });
  const certs = makeCertificates(dir);
  const timings = {
    initiateDelayMs: options.initiateDelayMs ?? 2000,
    provisioningDelayMs: options.provisioningDelayMs ?? 3000,
    expiryLagMs: options.expiryLagMs ?? 0,
    retentionMs: 30 * 24 * 3_600_000,
    supersede: options.supersede === true,
  };
  const store = new Store(
    (now) => buildState(definition, now, timings.provisioningDelayMs),
    new VirtualClock(),
    timings,
  );
  const faults = new Faults();
  const log = new RequestLog();
  const gate = loopback ? new Gate(store, loopback.external, options.network ?? {}) : undefined;
  const network = gate && loopback ? { gate, external: loopback.external } : undefined;
  const auth = new AuthChecks(options.auth);
  const readLimits = options.readLimits === false ? undefined : new ReadLimits(options.readLimits ?? {});
  let baseUrl = "";

  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!options.quiet) process.stderr.write(`emulator: ${String(err)}\n`);
      if (!res.headersSent)
        write(
          res,
          reply(500, armError("InternalServerError", "Internal server error has occurred.")),
          store.clock.now(),
          "",
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const arrived = new Date(store.clock.now()).toISOString();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL((req.url ?? "/").replace(/^\/+/, "/"), "https://127.0.0.1");
    const path = url.pathname.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
    const { text, tooLarge } = await readBody(req);
    if (text === undefined) return; // connection gone or absurdly large: already destroyed

    if (/^\/_emulator(\/|$)/i.test(path)) {
      const parsed = parseJson(text);
      const answer = parsed.ok
        ? controlRoute(method, path, url.searchParams, parsed.value, { store, faults, log, auth, network })
        : reply(400, armError("InvalidJson", parsed.error));
      await gate?.sync(); // the clock, the egress IP or a reset may open or close addresses: done before the answer
      write(res, answer, store.clock.now(), "");
      return;
    }

    const authorization = req.headers.authorization;
    const entry = { method, path, query: url.search, time: arrived, auth: authorization !== undefined };
    const finish = (status: number | "reset", faultId?: number) => {
      const durationMs = Date.now() - started;
      log.add({ ...entry, status, durationMs, ...(faultId !== undefined && { faultId }) });
      if (!options.quiet) process.stderr.write(`${method} ${path}${url.search} -> ${status} ${durationMs}ms\n`);
    };
    const correlationId = headerValue(req.headers["x-ms-correlation-request-id"]) ?? randomUUID();

    if (options.latencyMs) await delay(options.latencyMs);
    const fault = faults.take(method, path);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault?.reset) {
      finish("reset", fault.id);
      req.socket.destroy();
      return;
    }
    if (fault?.malformed) {
      const broken = '{"value":[{"kind":"Basic","properties":{"virtualMachines":[';
      res.writeHead(200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(broken),
      });
      res.end(broken);
      finish(200, fault.id);
      return;
    }
    let answer: Reply;
    if (fault?.status !== undefined) {
      answer = faultReply(fault.status, fault.code, fault.message, fault.retryAfterSeconds);
    } else {
      const verdict = authorization === undefined ? undefined : readLimits?.take(method, path, tenantOf(authorization));
      if (verdict && !verdict.ok) {
        answer = reply(429, throttledBody(verdict), { "Retry-After": String(verdict.retryAfterSeconds) });
      } else {
        answer = route(method, path, url.searchParams, text, tooLarge, authorization);
        // ARM's own count, unless the resource provider answered with its own budget header (JIT's
        // resource-requests): recorded JIT answers carry only that one (emulator/README.md, "ARM read limits").
        const own = Object.keys(answer.headers ?? {}).filter((h) => /^x-ms-ratelimit-remaining-/i.test(h));
        if (verdict && own.every((h) => h.toLowerCase() in verdict.headers))
          answer = { ...answer, headers: { ...answer.headers, ...verdict.headers } };
      }
    }
    await gate?.sync();
    write(res, answer, store.clock.now(), correlationId);
    finish(answer.status, fault?.id);
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    text: string,
    tooLarge: boolean,
    authorization: string | undefined,
  ): Reply {
    if (authorization === undefined)
      return unauthorized("Authentication failed. The 'Authorization' header is missing.");
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token)
      return unauthorized("Authentication failed. The 'Authorization' header is provided in an invalid format.");
    if (tooLarge) return invalidContent(`The request body is larger than the limit of ${BODY_LIMIT} bytes`);
    const parsed = parseJson(text);
    if (!parsed.ok) return invalidContent(parsed.error);
    const claims = jwtClaims(token);
    const segments = path.split("/").filter(Boolean);
    const refused = auth.check(
      token,
      method,
      segments.map((s) => s.toLowerCase()),
      Date.now(),
    );
    if (refused) return refused;
    const ctx: RouteContext = {
      method,
      path,
      segments,
      lower: segments.map((s) => s.toLowerCase()),
      query,
      body: parsed.value,
      baseUrl,
      store,
      pageSize: options.pageSize,
      durationToleranceMs: options.durationToleranceMs ?? 120_000,
      requestor: claims?.upn ?? store.state.requestor,
      tokenTenantId: claims?.tid,
      memberTenants: auth.tenantsOf(claims?.upn),
    };
    return jitRoute(ctx) ?? computeRoute(ctx) ?? armRoute(ctx) ?? pathNotFound(path);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  try {
    await gate?.start();
  } catch (e) {
    server.close();
    throw e;
  }

  return {
    url: baseUrl,
    port,
    caPem: certs.caPem,
    caPath: certs.caPath,
    scenario: definition.name,
    summary: () => ({
      scenario: store.state.name,
      callerIp: store.state.callerIp,
      requestor: store.state.requestor,
      tenants: store.state.tenants.map((t) => ({ tenantId: t.tenantId, displayName: t.displayName })),
      subscriptions: store.state.subscriptions.length,
    }),
    network: gate
      ? { addressOf: (vmId: string) => gate.addressOf(vmId), egressIp: () => gate.egressIp, view: () => gate.view() }
      : undefined,
    throttled: () => readLimits?.throttled ?? 0,
    async close() {
      await gate?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function unauthorized(message: string): Reply {
  return reply(401, armError("AuthenticationFailed", message), {
    "WWW-Authenticate":
      'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
  });
}

function faultReply(
  status: number,
  code: string | undefined,
  message: string | undefined,
  retryAfter: number | undefined,
): Reply {
  const defaults: Record<number, [string, string]> = {
    429: [
      "TooManyRequests",
      "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits",
    ],
    500: ["InternalServerError", "Internal server error has occurred."],
    503: ["ServiceUnavailable", "The service is temporarily unavailable. Please try again later."],
  };
  const [c, m] = defaults[status] ?? ["InjectedFault", `Injected fault with status ${status}.`];
  const headers: Record<string, string> = {};
  if (status === 429 || retryAfter !== undefined) headers["Retry-After"] = String(retryAfter ?? 1);
  return reply(status, armError(code ?? c, message ?? m), headers);
}

function write(res: ServerResponse, answer: Reply, nowMs: number, correlationId: string): void {
  const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  res.sendDate = false;
  const headers: Record<string, string | number> = {
    "Cache-Control": "no-cache",
    Pragma: "no-cache",
    Expires: "-1",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    Server: "Kestrel",
    Date: httpDate(nowMs),
  };
  if (correlationId) {
    headers["x-ms-correlation-request-id"] = correlationId;
    headers["x-ms-routing-request-id"] = `WESTEUROPE:${routingStamp(nowMs)}:${correlationId}`;
    headers["x-ms-request-id"] = randomUUID();
  }
  Object.assign(headers, answer.headers);
  if (headers["x-ms-original-request-ids"] !== undefined) headers["x-ms-request-id"] = correlationId;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = Buffer.byteLength(body);
  } else if (answer.status !== 204) {
    headers["Content-Length"] = 0;
  }
  res.writeHead(answer.status, headers);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<{ text: string | undefined; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) {
        req.socket.destroy();
        resolve({ text: undefined, tooLarge: true });
      } else if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ text: size > BODY_LIMIT ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge: size > BODY_LIMIT }),
    );
    req.on("error", () => resolve({ text: undefined, tooLarge: false }));
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `The request body is not valid JSON: ${(e as Error).message}` };
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v || undefined;
}

/** The tenant a bearer token is for (its tid claim), or "home" for the opaque tokens of tests. */
function tenantOf(auth: string): string {
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  return (token && jwtClaims(token)?.tid) || "home";
}

/** Claims of a JWT bearer token (never verified: any token is accepted). */
function jwtClaims(token: string): { upn?: string; tid?: string } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const c = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
    const upn = [c.upn, c.unique_name, c.preferred_username].find((x): x is string => typeof x === "string");
    return { upn, tid: typeof c.tid === "string" ? c.tid : undefined };
  } catch {
    return undefined;
  }
}
