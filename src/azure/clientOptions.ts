// The one place every Azure SDK client gets its options from, so the endpoint, the token scope, retries, the user
// agent, the extra CA and the call log are the same for JIT, subscriptions and VM addresses.
import type { TokenCredential } from "@azure/core-auth";
import {
  createDefaultHttpClient,
  isRestError,
  type HttpClient,
  type PipelinePolicy,
  type PipelineRetryOptions,
  type TlsSettings,
} from "@azure/core-rest-pipeline";
import type { ServerClock } from "../core/serverClock";
import type { Cloud } from "./cloud";

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
}

/**
 * Options accepted by both generations of client: HLC (`SecurityCenter`, reads `credentialScopes`) and modular
 * (`SubscriptionClient`, `createResourceManagement`, read `credentials.scopes`). Both scopes are set every time:
 * the SDK default is public ARM whatever the endpoint (azure-sdk-notes §2.8).
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
const defaultRetry: Required<NonNullable<ArmSettings["retry"]>> = { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 8000 };

interface Shared {
  httpClient: HttpClient;
  tlsOptions?: TlsSettings;
  policy: PipelinePolicy;
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
    retryOptions: { ...defaultRetry, ...settings.retry },
    ...(shared.tlsOptions ? { tlsOptions: shared.tlsOptions } : {}),
    httpClient: shared.httpClient,
    // perRetry: every attempt is logged and every response's Date reaches the clock, retries and 429s included.
    additionalPolicies: [{ policy: shared.policy, position: "perRetry" }],
  };
}

/**
 * One HTTP client (so one keep-alive agent) and one TLS settings object per settings: the client caches its agent
 * per TLS settings object, so all SDK clients built from the same settings share sockets and TLS sessions instead
 * of each paying a handshake. Loading 50 subscriptions at once depends on it.
 */
function sharedFor(settings: ArmSettings): Shared {
  let shared = sharedBySettings.get(settings);
  if (!shared) {
    shared = {
      httpClient: createDefaultHttpClient(),
      // `ca` replaces Node's root store for these calls. Only a custom cloud gets a caPem (accounts.ts), and its
      // Resource Manager is what that CA signs. Appending the ~140 public roots instead was measured to cost a
      // secure context per connection: the 50-subscription load went from 0.31 s to 1.24 s (npm run bench).
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } as TlsSettings } : {}),
      policy: callLogPolicy(settings),
    };
    sharedBySettings.set(settings, shared);
  }
  return shared;
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
