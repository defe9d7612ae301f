import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { humanDuration } from "../core/duration";
import type { JitError } from "../core/errors";
import { quickChoice, type RepeatedRequest } from "../core/quickChoice";
import { MAX_JUSTIFICATION_LENGTH, planInitiate, type AccessChoice } from "../core/requestPlan";
import { parsePolicyId, sameId } from "../core/resourceId";
import { checkSourceAllowed, isAnySource } from "../core/sourceAddress";
import type { JitRequest } from "../core/types";
import type { Services } from "../services";
import { targetLabel, type PortTarget } from "./portTarget";
import { jitSettings } from "../settings";
import { plainText } from "../core/inertText";

// One-click requests: quick defaults (azureJit.quickRequest, connect on a closed port) or the last request
// for this VM and port (azureJit.reRequest). Planned once (planInitiate) before anything is sent, then sent by the
// grant tracker's one request function (Services.grants.request), as the form's requests are.

export type RequestMode = "quick" | "repeat";

/** `source`: send this address or CIDR instead of the quick default (Connect's IP doctor, with a typed, validated source). */
export async function requestPort(
  services: Services,
  target: PortTarget,
  mode: RequestMode,
  options: { source?: string } = {},
): Promise<JitRequest | undefined> {
  // The VM name is Azure text: inert in every notification below (src/core/inertText.ts).
  const label = plainText(targetLabel(target));
  const settings = jitSettings();
  const last =
    mode === "repeat" ? services.grants.lastRequest(target.policy.id, target.vmId, target.portNumber) : undefined;
  const repeat: RepeatedRequest | undefined = last && {
    source: last.source,
    durationMs: last.durationMs,
    justification: last.justification,
  };

  const quick = quickChoice(target.policy, target.vmId, target.portNumber, settings, repeat);
  if (!quick.ok) {
    void showProblem(vscode.l10n.t("Cannot request access to {0}: {1}", label, plainText(quick.error)), [
      settingsAction(),
    ]);
    return undefined;
  }
  const choice = { ...quick.choice, requireJustification: settings.requireJustification };
  if (options.source !== undefined) {
    const refused = checkSourceAllowed(
      options.source,
      target.policy.virtualMachines
        .find((vm) => sameId(vm.id, target.vmId))
        ?.ports.find((p) => p.number === target.portNumber)?.allowedSourceAddressPrefixes ?? [],
    );
    if (refused !== undefined) {
      void showProblem(vscode.l10n.t("Cannot request access to {0}: {1}", label, plainText(refused)), []);
      return undefined;
    }
    choice.source = options.source;
  }
  const sourceOptions = options.source === undefined ? quick.sourceOptions : undefined;

  if (sourceOptions) {
    const source = await vscode.window.showQuickPick(sourceOptions, {
      title: vscode.l10n.t("Request access to {0}", label),
      placeHolder: quick.repeatSourceRefused
        ? vscode.l10n.t("The policy changed since your last request: {0}", quick.repeatSourceRefused)
        : vscode.l10n.t("This port only allows these source addresses: pick the one you connect from"),
    });
    if (source === undefined) return undefined;
    choice.source = source;
  }

  if (settings.requireJustification && (mode === "quick" || !choice.justification)) {
    const justification = await vscode.window.showInputBox({
      title: vscode.l10n.t("Request access to {0}", label),
      prompt: vscode.l10n.t("Justification (required by azureJit.requireJustification)"),
      value: choice.justification ?? "",
      validateInput: (text) =>
        text.trim() === ""
          ? vscode.l10n.t("Justification: enter a reason for the request.")
          : text.length > MAX_JUSTIFICATION_LENGTH
            ? vscode.l10n.t("Justification: at most {0} characters.", MAX_JUSTIFICATION_LENGTH)
            : undefined,
    });
    if (justification === undefined) return undefined;
    choice.justification = justification.trim();
  }

  // Only a repeat can carry "*" or 0.0.0.0/0 (the user confirmed it once, in the form): opening a port to the whole
  // internet again is confirmed again, never implied by one click.
  if (choice.source !== undefined && isAnySource(choice.source)) {
    const open = vscode.l10n.t("Request Open to Any Source");
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        "The last request for {0} allowed any source address ({1}), so anyone on the internet could connect. Request it that way again?",
        label,
        plainText(choice.source),
      ),
      { modal: true },
      open,
    );
    if (picked !== open) return undefined;
  }

  return sendRequest(services, target, choice, quick.clampedFromMs);
}

async function sendRequest(
  services: Services,
  target: PortTarget,
  choice: AccessChoice,
  clampedFromMs: number | undefined,
): Promise<JitRequest | undefined> {
  const label = plainText(targetLabel(target));
  const requestedAtMs = services.serverNow();
  const plan = planInitiate(choice, requestedAtMs);
  if (!plan.ok) {
    void showProblem(
      vscode.l10n.t("Cannot request access to {0}: {1}", label, plan.errors.map((e) => e.message).join(" ")),
      [],
    );
    return undefined;
  }
  if (!parsePolicyId(target.policy.id)) {
    void showProblem(
      vscode.l10n.t(
        "Cannot request access to {0}: the policy id {1} is not an Azure resource id.",
        label,
        plainText(target.policy.id),
      ),
      [],
    );
    return undefined;
  }
  const outcome = await services.grants.request(
    { choice, body: plan.body, requestedAtMs },
    {
      progress: (send) =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Requesting access to {0}…", label) },
          send,
        ),
    },
  );
  if (!outcome.ok) {
    void showJitError(
      vscode.l10n.t("Could not request access to {0}: {1}", label, outcome.error.message),
      outcome.error,
    );
    return undefined;
  }
  if (clampedFromMs !== undefined) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Requested {0} for {1}: the port allows at most that, not {2}.",
        label,
        humanDuration(choice.durationMs),
        humanDuration(clampedFromMs),
      ),
    );
  }
  return outcome.request;
}

interface ProblemAction {
  title: string;
  run(): Thenable<unknown>;
}

const settingsAction = (): ProblemAction => ({
  title: vscode.l10n.t("Open Settings"),
  run: () => vscode.commands.executeCommand("workbench.action.openSettings", "azureJit"),
});

const outputAction = (): ProblemAction => ({
  title: vscode.l10n.t("Show Output"),
  run: () => vscode.commands.executeCommand(COMMAND.showOutput),
});

export async function showProblem(message: string, actions: ProblemAction[]): Promise<void> {
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  await actions.find((a) => a.title === picked)?.run();
}

/** An Azure failure with the actions that help for its kind. */
export function showJitError(message: string, error: JitError): Promise<void> {
  const actions: ProblemAction[] = [outputAction()];
  if (error.kind === "forbidden") {
    actions.unshift({
      title: vscode.l10n.t("Required Permissions"),
      run: () => vscode.commands.executeCommand(COMMAND.showRequiredPermissions),
    });
  } else if (error.kind === "notSignedIn") {
    actions.unshift({ title: vscode.l10n.t("Sign In"), run: () => vscode.commands.executeCommand(COMMAND.signIn) });
  }
  return showProblem(message, actions);
}
