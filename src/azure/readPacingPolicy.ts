// The pipeline side of the read window (readPacer.ts): each GET waits for its place and reports ARM's budget.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { retryAfter } from "./errors";
import { readScope, type ReadPacer } from "./readPacer";

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
