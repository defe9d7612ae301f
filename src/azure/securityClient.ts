// The JIT slice of @azure/arm-security 5: a core-client ServiceClient built exactly as the SDK's SecurityCenter
// builds itself (same defaults, same user agent, so the same pipeline: token, retries, redirects, TLS). The six JIT
// calls go through its sendRequest as wire JSON (src/azure/jit.ts). SecurityCenter itself builds 49 operation groups
// and pulls in every model mapper of the service: 271 KiB of a 709 KiB bundle, for six calls; even the mapper
// module alone cannot be trimmed by the bundler (docs/azure-behaviour.md#bundle-size). Tenant, subscription and VM
// reads go through the same kind of client, without the JIT SDK's user agent (armReader).
import type { TokenCredential } from "@azure/core-auth";
import { ServiceClient, type FullOperationResponse, type ServiceClientOptions } from "@azure/core-client";
import { createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { redact } from "../core/redact";
import { armClientOptions, type ArmSettings } from "./clientOptions";

/** What @azure/arm-security 5.0.0's SecurityCenter sends in its user agent; kept so ARM sees the same client. */
export const SECURITY_SDK_USER_AGENT = "azsdk-js-arm-security/5.0.0";

export interface JitClientOptions extends ServiceClientOptions {
  endpoint?: string;
  credentialScopes?: string[];
}

/** SecurityCenter's constructor, minus its 49 operation groups (node_modules/@azure/arm-security securityCenter.js). */
export class JitClient extends ServiceClient {
  readonly subscriptionId: string;
  readonly $host: string;

  constructor(credential: TokenCredential, subscription: string, options: JitClientOptions = {}) {
    const prefix = options.userAgentOptions?.userAgentPrefix;
    super({
      requestContentType: "application/json; charset=utf-8",
      credential,
      ...options,
      credentialScopes: options.credentialScopes ?? ["https://management.azure.com/.default"],
      userAgentOptions: { userAgentPrefix: prefix ? `${prefix} ${SECURITY_SDK_USER_AGENT}` : SECURITY_SDK_USER_AGENT },
      baseUri: options.endpoint ?? options.baseUri ?? "https://management.azure.com",
    });
    this.subscriptionId = subscription;
    // As the SDK: the {$host} template is not in baseUri, so this value never reaches a URL.
    this.$host = "https://management.azure.com";
  }
}

export type ArmMethod = "GET" | "PUT" | "POST" | "DELETE";

/**
 * One call through a client's pipeline (token, retries, limits, user agent, TLS, call log) returning the wire JSON,
 * unvalidated: every answer is validated by src/azure/answers.ts, never reshaped by a model deserializer first.
 */
export async function sendJson(
  client: ServiceClient,
  url: string,
  method: ArmMethod,
  signal: AbortSignal,
  ok: number[],
  body?: unknown,
): Promise<unknown> {
  const request = createPipelineRequest({ url, method, abortSignal: signal });
  if (body !== undefined) {
    request.headers.set("content-type", "application/json");
    request.body = JSON.stringify(body);
  }
  const response = (await client.sendRequest(request)) as FullOperationResponse;
  if (!ok.includes(response.status)) throw wireError(response);
  return response.parsedBody ?? response.bodyAsText ?? undefined;
}

const readers = new WeakMap<ArmSettings, ServiceClient>();

/**
 * GETs of tenant- and subscription-level paths (tenants, subscriptions, VMs, NICs, public IPs) with the settings'
 * credential and options: one client per settings, so one HTTP client and one token cache for all of them.
 */
export function armReader(settings: ArmSettings): (url: string, signal: AbortSignal) => Promise<unknown> {
  let client = readers.get(settings);
  if (!client) {
    const options = armClientOptions(settings);
    client = new ServiceClient({ ...options, credential: settings.credential, baseUri: options.endpoint });
    readers.set(settings, client);
  }
  const found = client;
  return (url, signal) => sendJson(found, url, "GET", signal, [200]);
}

/** The same RestError the typed operations throw for a CloudError body, so toJitError treats both alike. */
function wireError(response: FullOperationResponse): RestError {
  const parsed = response.parsedBody as { error?: unknown } | undefined;
  const inner =
    parsed && typeof parsed === "object" && parsed.error && typeof parsed.error === "object"
      ? (parsed.error as { code?: unknown; message?: unknown })
      : undefined;
  const code = typeof inner?.code === "string" ? inner.code : undefined;
  const serviceMessage = typeof inner?.message === "string" ? inner.message : undefined;
  // Server text: scrubbed of tokens here already, as toAzureFailure does again for every failure.
  const error = new RestError(
    redact(serviceMessage ?? (response.bodyAsText?.slice(0, 500) || `HTTP ${response.status}`)),
    {
      statusCode: response.status,
      request: response.request,
      response,
      ...(code ? { code } : {}),
    },
  );
  error.details = inner
    ? { ...(code ? { code } : {}), ...(serviceMessage !== undefined ? { message: redact(serviceMessage) } : {}) }
    : undefined;
  return error;
}
