// The one place every Azure SDK client gets its options from, so the endpoint, the token scope, retries, the user
// agent, the extra CA and the call log are the same for JIT, subscriptions and VM addresses. What the options hold
// lives beside it: the connection pool (connections.ts), the limits (limits.ts), the origin guard (originGuard.ts),
// the read window's policy (readPacingPolicy.ts) and the call log (callLog.ts).
import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient, PipelinePolicy, PipelineRetryOptions, TlsSettings } from "@azure/core-rest-pipeline";
import type { ServerClock } from "../core/serverClock";
import { callLogPolicy, type ArmCallLog } from "./callLog";
import type { Cloud } from "./cloud";
import { connectionsFor, sharedConnections, type ArmConnections } from "./connections";
import { armLimits, attemptTimeoutPolicy, retryAfterCapPolicy, type ArmLimits } from "./limits";
import { originGuardPolicy } from "./originGuard";
import { proxyAgentPolicy, type ProxySettings } from "./proxyAgent";
import { readPacingPolicy } from "./readPacingPolicy";

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
