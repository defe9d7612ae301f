// The deadline of one operation and the one pager every ARM list goes through (docs/azure-behaviour.md#deadlines,
// docs/azure-behaviour.md#paging).
import type { JitAction } from "../core/errors";
import { t } from "../core/l10n";
import { redact } from "../core/redact";
import { checked, parsePage } from "./answers";
import type { ArmSettings } from "./clientOptions";
import { armLimits } from "./limits";
import { originOf } from "./originGuard";
import { JitFailure, asJitFailure } from "./errors";

/**
 * Runs one operation (every page, every retry, every back-off) within the settings' `operationMs`. The signal goes
 * to each call so a pending socket is closed; the race makes the bound hold even for a step that ignores it (a
 * credential that never answers).
 */
export async function withDeadline<T>(
  settings: ArmSettings,
  action: JitAction,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { operationMs } = armLimits(settings);
  const controller = new AbortController();
  let expired!: () => void;
  const deadline = new Promise<never>((_, reject) => {
    expired = () => reject(deadlineFailure(operationMs));
  });
  deadline.catch(() => undefined);
  const timer = setTimeout(() => {
    controller.abort();
    expired();
  }, operationMs);
  try {
    return await Promise.race([asJitFailure(action, () => run(controller.signal)), deadline]);
  } catch (e) {
    // The abort surfaces as the SDK's AbortError ("cancelled"); it was the deadline, which is what to say.
    if (controller.signal.aborted) throw deadlineFailure(operationMs, e);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function deadlineFailure(operationMs: number, cause?: unknown): JitFailure {
  return new JitFailure(
    {
      kind: "network",
      message: t(
        "Azure did not finish answering within {0} s. Check your network connection or proxy and try again.",
        Math.round(operationMs / 1000),
      ),
    },
    { cause },
  );
}

/**
 * Every item of an ARM list, all pages. A nextLink is followed only to the cloud's Resource Manager origin, at most
 * `maxPages` pages, and never twice: a link seen before (a page pointing at itself, or two at each other) is an
 * error, not a loop that fills the list with duplicates. Each page and each item is validated (`item` throws
 * AnswerError naming the path); a failure names `what` and the page.
 */
export async function allPages<T>(
  settings: ArmSettings,
  what: string,
  firstUrl: string,
  get: (url: string) => Promise<unknown>,
  item: (raw: unknown, path: string) => T,
): Promise<T[]> {
  const { maxPages } = armLimits(settings);
  const origin = originOf(settings.cloud.resourceManagerEndpoint);
  const seen = new Set<string>([new URL(firstUrl).href]);
  const out: T[] = [];
  let url = firstUrl;
  for (let pageNumber = 1; ; pageNumber++) {
    const whatPage = pageNumber === 1 ? what : t("{0} (page {1})", what, pageNumber);
    const body = await get(url);
    const page = checked(whatPage, () => parsePage(body));
    checked(whatPage, () => page.value.forEach((raw, i) => out.push(item(raw, `value[${i}]`))));
    const next = page.nextLink;
    if (!next) return out;
    const fail = (message: string) => new JitFailure({ kind: "service", message: redact(message) });
    const nextOrigin = originOf(next);
    if (nextOrigin !== origin) {
      throw fail(
        t(
          "Azure's answer for {0} points its next page at {1}, which is not this cloud's Resource Manager ({2}): not followed, so your token stays with Azure.",
          whatPage,
          nextOrigin ?? t("an unparsable address"),
          origin ?? "",
        ),
      );
    }
    const key = new URL(next).href;
    if (seen.has(key)) {
      throw fail(
        t("Azure's answer for {0} points its next page at a page already read: the list would never end.", whatPage),
      );
    }
    if (pageNumber >= maxPages) {
      throw fail(t("Azure's answer for {0} still has more pages after {1}: stopped there.", what, maxPages));
    }
    seen.add(key);
    url = next;
  }
}
