// How long anything may take and how many retries and pages Azure may make us do (docs/azure-behaviour.md#deadlines),
// and the two pipeline policies that hold an attempt and a Retry-After to them.
import { RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { retryAfterTooLong } from "../core/errors";
import { t } from "../core/l10n";
import type { ArmSettings } from "./clientOptions";
import { JitFailure, retryAfter } from "./errors";

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
