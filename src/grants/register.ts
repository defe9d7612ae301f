// The grants part's commands: azureJit.quickRequest (one click on a port, quick defaults), azureJit.reRequest
// (the last request for this VM and port: same source, duration, justification; quick defaults when none is
// remembered), azureJit.extendNow (that repeat while the grant is still open: the new window starts now),
// azureJit.keepOpen / azureJit.stopKeepOpen (renew shortly before each end until the cap). All send through the
// grant tracker's one request function (requestFlow.ts → Services.grants).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { GrantRef } from "../core/grantRecords";
import { plainText, quickPickText } from "../core/inertText";
import type { Services } from "../services";
import { pickPort, portTargetFromArg, targetLabel } from "./portTarget";
import { requestPort, type RequestMode } from "./requestFlow";

async function requestFromArg(services: Services, arg: unknown, title: string, mode: RequestMode): Promise<void> {
  const target =
    (await portTargetFromArg(services, arg)) ?? (arg === undefined ? await pickPort(services, title) : undefined);
  if (target) await requestPort(services, target, mode);
}

function timeText(ms: number): string {
  const options: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
  try {
    return new Date(ms).toLocaleTimeString(vscode.env.language, options);
  } catch {
    return new Date(ms).toLocaleTimeString(undefined, options);
  }
}

/** A port node or GrantRef; from the palette, one of my open grants. */
async function grantRefFromArg(
  services: Services,
  arg: unknown,
  title: string,
  only: (ref: GrantRef) => boolean,
): Promise<GrantRef | undefined> {
  if (arg !== undefined) {
    const target = await portTargetFromArg(services, arg);
    return target && { policyId: target.policy.id, vmId: target.vmId, portNumber: target.portNumber };
  }
  const now = services.serverNow();
  const picks = services.grants
    .grants()
    .filter((g) => g.opening || g.endTimeUtc > now)
    .map((g) => ({
      label: quickPickText(`${g.vmName}:${g.port}`),
      ref: { policyId: g.policyId, vmId: g.vmId, portNumber: g.port },
    }))
    .filter((p) => only(p.ref));
  if (picks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No Azure JIT access of yours is open."));
    return undefined;
  }
  return (await vscode.window.showQuickPick(picks, { title, placeHolder: vscode.l10n.t("Choose a grant") }))?.ref;
}

export async function keepOpenCommand(services: Services, arg?: unknown): Promise<void> {
  const ref = await grantRefFromArg(
    services,
    arg,
    vscode.l10n.t("Keep Access Open"),
    (r) => !services.grants.keepOpenOf(r.policyId, r.vmId, r.portNumber),
  );
  if (!ref) return;
  const label = plainText(targetLabel(ref));
  let result = await services.grants.keepOpen(ref);
  if (!result.ok && result.reason === "needsAnySourceConfirmation") {
    // Never implied: renewing a port open to the whole internet is confirmed on its own, each time it is turned on.
    const keep = vscode.l10n.t("Keep Open to Any Source");
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        "{0} is open to any source address, so anyone on the internet can connect. Keep renewing it that way?",
        label,
      ),
      { modal: true },
      keep,
    );
    if (picked !== keep) return;
    result = await services.grants.keepOpen(ref, { anySourceConfirmed: true });
  }
  if (!result.ok) {
    const request = vscode.l10n.t("Request Access…");
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t("Cannot keep {0} open: {1}", label, plainText(result.message)),
      request,
    );
    if (picked === request)
      await vscode.commands.executeCommand(COMMAND.requestAccess, {
        kind: "port",
        policy: services.policies.find(ref.policyId),
        vmId: ref.vmId,
        portNumber: ref.portNumber,
      });
    return;
  }
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      "Keeping {0} open until {1} (azureJit.keepOpenMaxHours): it is renewed shortly before each end. Stop it from the status bar.",
      label,
      timeText(result.entry.capEndsAt),
    ),
  );
}

async function stopKeepOpenCommand(services: Services, arg?: unknown): Promise<void> {
  const ref = await grantRefFromArg(
    services,
    arg,
    vscode.l10n.t("Stop Keeping Access Open"),
    (r) => !!services.grants.keepOpenOf(r.policyId, r.vmId, r.portNumber),
  );
  if (ref) await services.grants.stopKeepOpen(ref, "turned off");
}

export function registerGrants(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.quickRequest, (arg?: unknown) =>
      requestFromArg(services, arg, vscode.l10n.t("Quick Request Access"), "quick"),
    ),
    vscode.commands.registerCommand(COMMAND.reRequest, (arg?: unknown) =>
      requestFromArg(services, arg, vscode.l10n.t("Re-request Access"), "repeat"),
    ),
    // The same repeat, while the grant is open: Azure marks the older request NewerRequestInitiated; the tracker
    // replaces the remembered grant with the 202's at once, so nothing shows it ended or replaced meanwhile.
    vscode.commands.registerCommand(COMMAND.extendNow, (arg?: unknown) =>
      requestFromArg(services, arg, vscode.l10n.t("Extend Access Now"), "repeat"),
    ),
    vscode.commands.registerCommand(COMMAND.keepOpen, (arg?: unknown) => keepOpenCommand(services, arg)),
    vscode.commands.registerCommand(COMMAND.stopKeepOpen, (arg?: unknown) => stopKeepOpenCommand(services, arg)),
  );
}
