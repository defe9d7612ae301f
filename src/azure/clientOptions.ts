// The one place every Azure SDK client gets its options from, so the endpoint, the token scope, retries, the user
// agent, the extra CA and the call log are the same for JIT, subscriptions and VM addresses.
import type { TokenCredential } from "@azure/core-auth";
import {
  createDefaultHttpClient,
  isRestError,
  RestError,
  type HttpClient,
  type PipelinePolicy,
  type PipelineRetryOptions,
  type TlsSettings,
} from "@azure/core-rest-pipeline";
import { retryAfterTooLong } from "../core/errors";
import { t } from "../core/l10n";
import type { ServerClock } from "../core/serverClock";
import type { Cloud } from "./cloud";
import { JitFailure, retryAfter } from "./errors";
import { proxyAgentPolicy, type ProxySettings } from "./proxyAgent";
import { ReadPacer, readScope } from "./readPacer";

export interface ArmCallLog {
  method: string;
  /** Path plus api-version; other query values (skip tokens, signatures) are redacted. */
  path: string;
  status: number | "error";
  durationMs: number;
  correlationId?: string;
}

export interface ArmSettings {
  cloud: Cloud;
  credential: TokenCredential;
  /** "azure-jit-access/0.1.0" */
  userAgentPrefix: string;
  /** Extra CA for custom clouds (and the emulator), PEM. */
  caPem?: string;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  log?: (e: ArmCallLog) => void;
  clock?: ServerClock;
  /** Time limits and the page cap; the defaults (DEFAULT_LIMITS) suit an interactive tool, tests shorten them. */
  limits?: Partial<ArmLimits>;
  /**
   * Sign-in policies (src/auth: answering a claims challenge), run next to the wire before the others, so the call
   * log and the origin guard see every attempt.
   */
  authPolicies?: PipelinePolicy[];
  /** VS Code's proxy settings (`http.proxy`, `http.noProxy`, `http.proxyStrictSSL`); HTTPS_PROXY / NO_PROXY also count. */
  proxy?: ProxySettings;
  /**
   * Where the keep-alive sockets live. Unset: the one pool every subscription and tenant shares (sharedConnections);
   * the bench gives each cold run its own (newConnections()).
   */
  connections?: ArmConnections;
}

/**
 * One HTTP client per extra CA: the client keeps one keep-alive agent per TLS settings object, so every SDK client
 * built with the same pool and CA shares sockets and TLS sessions instead of paying a handshake each. Tenants differ
 * only in their token, which is per request: they share it too.
 */
export interface ArmConnections {
  readonly byCa: Map<string, { httpClient: HttpClient; tlsOptions?: TlsSettings }>;
  /** How many reads go out at once, for every client of the pool (readPacer.ts). */
  readonly pacer: ReadPacer;
}

export function newConnections(pacer: ReadPacer = new ReadPacer()): ArmConnections {
  return { byCa: new Map(), pacer };
}

/** The pool of every subscription and tenant of this extension host. */
export const sharedConnections: ArmConnections = newConnections();

function connectionsFor(settings: ArmSettings): { httpClient: HttpClient; tlsOptions?: TlsSettings } {
  const pool = settings.connections ?? sharedConnections;
  const key = settings.caPem ?? "";
  let found = pool.byCa.get(key);
  if (!found) {
    found = {
      httpClient: createDefaultHttpClient(),
      // `ca` replaces Node's root store for these calls. Only a custom cloud gets a caPem (accounts.ts), and its
      // Resource Manager is what that CA signs. Appending the ~140 public roots instead was measured to cost a
      // secure context per connection: the 50-subscription load went from 0.31 s to 1.24 s (npm run bench).
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } as TlsSettings } : {}),
    };
    pool.byCa.set(key, found);
  }
  return found;
}

/** How long anything may take, and how much Azure may make us do, before the call fails with a message. */
export interface ArmLimits {
  /** One HTTP attempt, from sending to the last byte of the body. */
  attemptMs: number;
  /** One operation (a list with all its pages, a read chain, a write) with every retry and back-off included. */
  operationMs: number;
  /** The longest Retry-After (429/503) still waited for; a longer one fails at once, saying how long Azure asked. */
  retryAfterCapMs: number;
  /** Retries per call, whatever `retry.maxRetries` asks for. */
  maxRetries: number;
  /** Pages followed per list. */
  maxPages: number;
}

/**
 * The one place these numbers live (docs/azure-behaviour.md#deadlines). A person is waiting in front of a tree or
 * a form: 20 s without a byte means the connection is dead (ARM answers a JIT read in well under a second; the
 * slowest recorded call, a PUT of a large policy, took about 4 s), and a whole operation gets a minute, which covers
 * three retries with back-off and a 100-page list. ARM's own throttling asks for a few seconds to a minute; up to
 * 20 s is waited for inside the minute, anything longer is handed back to the user with its length and a Retry.
 * 100 pages of ARM's usual page size is far beyond any real tenant's JIT policies, subscriptions or VMs per
 * subscription, and small enough that a looping server is stopped quickly.
 */
export const DEFAULT_LIMITS: ArmLimits = {
  attemptMs: 20_000,
  operationMs: 60_000,
  retryAfterCapMs: 20_000,
  maxRetries: 3,
  maxPages: 100,
};

export function armLimits(settings: Pick<ArmSettings, "limits">): ArmLimits {
  const given = settings.limits ?? {};
  const positive = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    attemptMs: positive(given.attemptMs, DEFAULT_LIMITS.attemptMs),
    operationMs: positive(given.operationMs, DEFAULT_LIMITS.operationMs),
    retryAfterCapMs: positive(given.retryAfterCapMs, DEFAULT_LIMITS.retryAfterCapMs),
    maxRetries: Math.min(
      DEFAULT_LIMITS.maxRetries,
      Math.max(0, Math.floor(given.maxRetries ?? DEFAULT_LIMITS.maxRetries)),
    ),
    maxPages: Math.floor(positive(given.maxPages, DEFAULT_LIMITS.maxPages)),
  };
}

/**
 * Options accepted by both generations of client: HLC (`SecurityCenter`, reads `credentialScopes`) and modular
 * (`SubscriptionClient`, `createResourceManagement`, read `credentials.scopes`). Both scopes are set every time:
 * the SDK default is public ARM whatever the endpoint (docs/azure-behaviour.md#token-scope).
 */
export interface ArmClientOptions {
  endpoint: string;
  credentialScopes: string[];
  credentials: { scopes: string[] };
  userAgentOptions: { userAgentPrefix: string };
  retryOptions: PipelineRetryOptions;
  tlsOptions?: TlsSettings;
  httpClient: HttpClient;
  additionalPolicies: Array<{ policy: PipelinePolicy; position: "perCall" | "perRetry" }>;
}

// Sized for an interactive tool: a throttled or flaky call is retried a few times, but a user never waits a minute.
const defaultRetry: Required<NonNullable<ArmSettings["retry"]>> = {
  maxRetries: 3,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 8000,
};

interface Shared {
  httpClient: HttpClient;
  tlsOptions?: TlsSettings;
  policies: PipelinePolicy[];
}
const sharedBySettings = new WeakMap<ArmSettings, Shared>();

export function armClientOptions(settings: ArmSettings): ArmClientOptions {
  const shared = sharedFor(settings);
  const scopes = [settings.cloud.tokenScope];
  return {
    endpoint: settings.cloud.resourceManagerEndpoint,
    credentialScopes: scopes,
    credentials: { scopes },
    userAgentOptions: { userAgentPrefix: settings.userAgentPrefix },
    retryOptions: {
      ...defaultRetry,
      ...settings.retry,
      maxRetries: Math.min(settings.retry?.maxRetries ?? defaultRetry.maxRetries, armLimits(settings).maxRetries),
    },
    ...(shared.tlsOptions ? { tlsOptions: shared.tlsOptions } : {}),
    httpClient: shared.httpClient,
    // perRetry (after the retry and redirect policies, next to the wire): every attempt — retries, 429s and
    // redirects included — is checked for its origin, timed, checked for its Retry-After, logged and dated.
    additionalPolicies: shared.policies.map((policy) => ({ policy, position: "perRetry" as const })),
  };
}

/**
 * The settings' pipeline policies, and the HTTP client of their connection pool (connectionsFor): every SDK client
 * of every subscription and tenant shares one keep-alive agent. Loading 50 subscriptions at once depends on it.
 */
function sharedFor(settings: ArmSettings): Shared {
  let shared = sharedBySettings.get(settings);
  if (!shared) {
    shared = {
      ...connectionsFor(settings),
      policies: [
        ...(settings.authPolicies ?? []),
        // Through the proxy with the custom cloud's CA kept (the SDK's own proxy policy drops it): proxyAgent.ts.
        proxyAgentPolicy(settings.proxy, settings.caPem ? { ca: settings.caPem } : {}),
        originGuardPolicy(settings),
        readPacingPolicy((settings.connections ?? sharedConnections).pacer),
        attemptTimeoutPolicy(settings),
        retryAfterCapPolicy(settings),
        callLogPolicy(settings),
      ],
    };
    sharedBySettings.set(settings, shared);
  }
  return shared;
}

/**
 * Refuses, before anything is sent, any request to another origin (scheme, host, port) than the cloud's Resource
 * Manager: the bearer token is for that server only. The pagers check nextLinks themselves with a precise message;
 * this is the second line for any link the SDK follows on its own (redirects, pagers, polling locations).
 */
export function originGuardPolicy(settings: Pick<ArmSettings, "cloud">): PipelinePolicy {
  const allowed = new URL(settings.cloud.resourceManagerEndpoint).origin;
  return {
    name: "azureJitOriginGuard",
    async sendRequest(request, next) {
      const origin = originOf(request.url);
      if (origin !== allowed) {
        throw new JitFailure({
          kind: "service",
          message: t(
            "Refused to send a request to {0}: only this cloud's Resource Manager ({1}) gets your Azure token. A proxy or a misbehaving server pointed there.",
            origin ?? t("an unparsable address"),
            allowed,
          ),
        });
      }
      return next(request);
    },
  };
}

/**
 * Every GET attempt (retries included) takes a place in the pool's read window and reports what ARM said about the
 * budget: the remaining-reads header of its scope, a 429 and its Retry-After (readPacer.ts).
 */
export function readPacingPolicy(pacer: ReadPacer): PipelinePolicy {
  return {
    name: "azureJitReadPacing",
    async sendRequest(request, next) {
      if (request.method !== "GET") return next(request);
      const scope = readScope(request.url);
      const release = await pacer.acquire(scope);
      try {
        const response = await next(request);
        // ARM's count; JIT answers carry only the provider's own read budget instead (docs/azure-behaviour.md#read-throttling).
        const header =
          scope === "tenant"
            ? response.headers.get("x-ms-ratelimit-remaining-tenant-reads")
            : (response.headers.get("x-ms-ratelimit-remaining-subscription-reads") ??
              response.headers.get("x-ms-ratelimit-remaining-subscription-resource-requests"));
        const remaining = header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
        pacer.observe(scope, response.status, remaining, retryAfter(response.headers, Date.now()));
        return response;
      } finally {
        release();
      }
    },
  };
}

/** scheme://host:port of an absolute URL, or undefined. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Ends one attempt that has not finished (headers and body) within `attemptMs`. The SDK's own `timeout` stops
 * counting once the headers arrive, so a body that never ends would hang it. The failure is a socket timeout
 * (ETIMEDOUT), which the SDK's exponential retry retries; the operation's deadline bounds the retries.
 */
export function attemptTimeoutPolicy(settings: Pick<ArmSettings, "limits">): PipelinePolicy {
  const { attemptMs } = armLimits(settings);
  return {
    name: "azureJitAttemptTimeout",
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, attemptMs);
      const forward = () => controller.abort();
      if (outer?.aborted) controller.abort();
      else outer?.addEventListener("abort", forward, { once: true });
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (e) {
        if (!timedOut || outer?.aborted) throw e;
        throw new RestError(t("Azure did not answer within {0} s.", Math.round(attemptMs / 1000)), {
          code: "ETIMEDOUT",
          request,
        });
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener("abort", forward);
        request.abortSignal = outer;
      }
    },
  };
}

/**
 * The SDK's throttling retry waits whatever a 429 or 503 asks (Retry-After: 3600 means an hour, on every retry;
 * docs/azure-behaviour.md#retry-after). Beyond the cap this fails at once with a JitFailure — not a RestError, so
 * no retry strategy sees it — that says how long Azure asked for; the user's Retry action tries again later.
 */
export function retryAfterCapPolicy(settings: Pick<ArmSettings, "limits">): PipelinePolicy {
  const { retryAfterCapMs } = armLimits(settings);
  return {
    name: "azureJitRetryAfterCap",
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status === 503) {
        const waitMs = retryAfter(response.headers, Date.now());
        if (waitMs !== undefined && waitMs > retryAfterCapMs) {
          const correlationId = response.headers.get("x-ms-correlation-request-id");
          throw new JitFailure(retryAfterTooLong(response.status, waitMs, correlationId));
        }
      }
      return response;
    },
  };
}

export const callLogPolicyName = "azureJitCallLog";

/** Logs method, redacted path, status, duration and correlation id — never headers, so never a token. */
export function callLogPolicy(settings: Pick<ArmSettings, "log" | "clock">): PipelinePolicy {
  return {
    name: callLogPolicyName,
    async sendRequest(request, next) {
      const started = Date.now();
      const entry = (status: number | "error", correlationId: string | undefined): ArmCallLog => ({
        method: request.method,
        path: redactedPath(request.url),
        status,
        durationMs: Date.now() - started,
        ...(correlationId ? { correlationId } : {}),
      });
      try {
        const response = await next(request);
        settings.clock?.observe(response.headers.get("date"), Date.now());
        settings.log?.(entry(response.status, response.headers.get("x-ms-correlation-request-id")));
        return response;
      } catch (e) {
        const response = isRestError(e) ? e.response : undefined;
        if (response) settings.clock?.observe(response.headers.get("date"), Date.now());
        settings.log?.(
          entry(response?.status ?? "error", response?.headers.get("x-ms-correlation-request-id") ?? undefined),
        );
        throw e;
      }
    },
  };
}

const keptQuery = new Set(["api-version", "$filter", "$top", "$expand"]);

/** Path with api-version and plain filters; any other query value (continuation tokens, SAS signatures) redacted. */
export function redactedPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(unparsable url)";
  }
  const query = [...parsed.searchParams.entries()]
    .map(([key, value]) => `${key}=${keptQuery.has(key) ? value : "…"}`)
    .join("&");
  return parsed.pathname + (query ? `?${query}` : "");
}
