// The socket half of Connect's wait for the wire (the schedule is src/core/wireProbe.ts): TCP connects to the
// address and port Connect will hand off, never sending a byte, with progress and Cancel, until one succeeds or the
// bound is reached.
import * as vscode from "vscode";
import { hostPort, type ConnectAddress } from "../core/connectAddress";
import { plainText } from "../core/inertText";
import { nextProbeStep, PROBE_BOUNDS, type ProbeBounds, type ProbeFailure } from "../core/wireProbe";
import type { Services } from "../services";
import { tcpAttempt } from "./tcpAttempt";
import { sleep } from "./waitForOpen";

export type WireResult =
  { kind: "open" } | { kind: "cancelled" } | { kind: "unreachable"; last: ProbeFailure; attempts: number };

/** Probes `address` until a TCP connection gets through (bounded by PROBE_BOUNDS), with progress and Cancel. */
export async function waitForWire(
  services: Services,
  label: string,
  address: ConnectAddress,
  bounds: ProbeBounds = PROBE_BOUNDS,
): Promise<WireResult> {
  const where = hostPort(address);
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t("Azure opened {0}: checking that {1} answers…", plainText(label), plainText(where)),
      cancellable: true,
    },
    async (progress, token): Promise<WireResult> => {
      const started = Date.now();
      let last: ProbeFailure = "timeout";
      for (let attempt = 0; ; attempt++) {
        const step = nextProbeStep(attempt, Date.now() - started, bounds);
        if (step.kind === "giveUp") {
          services.log.warn(
            `Probe of ${where} for ${label}: no TCP connection after ${attempt} attempts (last: ${last})`,
          );
          return { kind: "unreachable", last, attempts: attempt };
        }
        if (step.delayMs > 0) await sleep(step.delayMs, token);
        if (token.isCancellationRequested) return { kind: "cancelled" };
        const result = await tcpAttempt(address.host, address.port, step.timeoutMs);
        if (token.isCancellationRequested) return { kind: "cancelled" };
        if (result === "open") {
          services.log.info(`Probe of ${where} for ${label}: TCP connection after ${attempt + 1} attempt(s)`);
          return { kind: "open" };
        }
        last = result;
        if (attempt > 0) progress.report({ message: vscode.l10n.t("no answer yet (attempt {0})", attempt + 1) });
      }
    },
  );
}
