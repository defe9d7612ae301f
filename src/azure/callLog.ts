// The call log every ARM attempt writes (method, redacted path, status, duration, correlation id), which is also
// where the server clock learns ARM's Date header.
import { isRestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import type { ArmSettings } from "./clientOptions";

export interface ArmCallLog {
  method: string;
  /** Path plus api-version; other query values (skip tokens, signatures) are redacted. */
  path: string;
  status: number | "error";
  durationMs: number;
  correlationId?: string;
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
