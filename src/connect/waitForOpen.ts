import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { toJitError } from "../azure/errors";
import { portAccess } from "../core/accessState";
import { parsePolicyId } from "../core/resourceId";
import type { Policy } from "../core/types";
import { meFor } from "../grants/me";
import { targetLabel, type PortTarget } from "../grants/portTarget";
import { showJitError } from "../grants/requestFlow";
import type { Services } from "../services";
import { isRequestSince } from "./connectPlan";
import { plainText } from "../core/inertText";

export const WAIT_TIMEOUT_MS = 2 * 60_000;
/** Azure typically needs seconds to a minute to write the NSG rule: ask often first, then every 8 s. */
const POLL_DELAYS_MS = [2000, 4000, 8000];

/** Resolves after `ms`, or at once on cancel. */
export function sleep(ms: number, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

/** Waits (progress with Cancel) for a request this window is sending for the port; false when cancelled. */
export async function waitForSending(target: PortTarget, settled: Promise<void>): Promise<boolean> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t("Waiting for the request for {0} to reach Azure…", plainText(targetLabel(target))),
      cancellable: true,
    },
    (_progress, token) =>
      new Promise<boolean>((resolve) => {
        const sub = token.onCancellationRequested(() => {
          sub.dispose();
          resolve(false);
        });
        void settled.then(() => {
          sub.dispose();
          resolve(true);
        });
      }),
  );
}

/**
 * Polls the policy until Azure reports the port Initiated. `sinceMs`: server time the awaited request was sent.
 * undefined after cancel, timeout or a terminal state of that request (already shown to the user).
 */
export async function waitUntilOpen(
  services: Services,
  target: PortTarget,
  sinceMs: number,
): Promise<Policy | undefined> {
  const label = targetLabel(target);
  const ref = parsePolicyId(target.policy.id);
  if (!ref) return undefined;
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t("Waiting for Azure to open {0}…", plainText(label)),
      cancellable: true,
    },
    async (_progress, token): Promise<Policy | "cancelled" | "timeout" | { failed: string }> => {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      for (let attempt = 0; ; attempt++) {
        await sleep(POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)], token);
        if (token.isCancellationRequested) return "cancelled";
        let policy: Policy;
        try {
          policy = await services.policies.refresh(ref);
        } catch (e) {
          const error = toJitError(e, "read");
          if (error.kind !== "network" && error.kind !== "throttled" && error.kind !== "service") {
            void showJitError(
              vscode.l10n.t("Could not check whether {0} is open: {1}", plainText(label), error.message),
              error,
            );
            return { failed: "" };
          }
          services.log.warn(`Checking ${label}: ${error.message}; trying again`);
          if (Date.now() >= deadline) return "timeout";
          continue;
        }
        const access = portAccess(policy, target.vmId, target.portNumber, services.serverNow(), meFor(services));
        const ours = isRequestSince(access, sinceMs);
        if (access.kind === "open" && ours) return policy;
        if (ours && access.kind !== "opening" && access.kind !== "open") {
          return {
            failed: vscode.l10n.t(
              "Azure did not open {0}: the request is {1}.",
              plainText(label),
              plainText(access.rawStatus ?? access.kind),
            ),
          };
        }
        if (Date.now() >= deadline) return "timeout";
      }
    },
  );
  if (outcome === "cancelled") return undefined;
  if (outcome === "timeout") {
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t(
          "Azure has not opened {0} after {1} minutes. It may still open: watch the countdown or the tree, then Connect again.",
          plainText(label),
          WAIT_TIMEOUT_MS / 60_000,
        ),
        vscode.l10n.t("Show Output"),
      )
      .then((picked) => picked && vscode.commands.executeCommand(COMMAND.showOutput));
    return undefined;
  }
  if ("failed" in outcome) {
    if (outcome.failed) void vscode.window.showErrorMessage(outcome.failed);
    return undefined;
  }
  return outcome;
}
