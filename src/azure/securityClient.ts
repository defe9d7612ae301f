// The JIT slice of @azure/arm-security 5: a core-client ServiceClient built exactly as the SDK's SecurityCenter
// builds itself (same defaults, same user agent, so the same pipeline: token, retries, redirects, TLS). The six JIT
// calls go through its sendRequest as wire JSON (src/azure/jit.ts). SecurityCenter itself builds 49 operation groups
// and pulls in every model mapper of the service: 271 KiB of a 709 KiB bundle, for six calls; even the mapper
// module alone cannot be trimmed by the bundler (docs/azure-behaviour.md#bundle-size).
import type { TokenCredential } from "@azure/core-auth";
import { ServiceClient, type ServiceClientOptions } from "@azure/core-client";

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
