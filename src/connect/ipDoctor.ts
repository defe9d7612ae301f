// The IP doctor: Azure says the port is open, but Connect's probe cannot get through. It names the source Azure
// recorded (a proxy or VPN may send the connection from another address) and offers a way forward: request again
// for a typed address or CIDR, show the connection details, connect anyway — and for an AWS instance, another address.
import * as vscode from "vscode";
import { portAccess } from "../core/accessState";
import { hostPort, type ConnectAddress } from "../core/connectAddress";
import { plainText } from "../core/inertText";
import { parseAwsInstanceId, sameId, vmNameFromId } from "../core/resourceId";
import { checkSourceAllowed, parseSource } from "../core/sourceAddress";
import type { Policy } from "../core/types";
import { unreachableMessage, type ProbeFailure } from "../core/wireProbe";
import { meFor } from "../grants/me";
import type { PortTarget } from "../grants/portTarget";
import type { Services } from "../services";

export type DoctorChoice =
  { kind: "stop" } | { kind: "connectAnyway" } | { kind: "requestFor"; source: string } | { kind: "changeAddress" };

/** The sources Azure recorded on the request that opened the port (mine). */
export function recordedSources(services: Services, policy: Policy, target: PortTarget): string[] {
  const access = portAccess(policy, target.vmId, target.portNumber, services.serverNow(), meFor(services));
  return access.port?.allowedSourceAddressPrefixes ?? [];
}

export async function ipDoctor(
  services: Services,
  target: PortTarget,
  address: ConnectAddress,
  last: ProbeFailure,
): Promise<DoctorChoice> {
  const aws = parseAwsInstanceId(target.vmId);
  const vmName = aws?.instanceId ?? (vmNameFromId(target.vmId) || target.vmId);
  const sources = recordedSources(services, target.policy, target);
  const message = unreachableMessage({
    vmName,
    portNumber: target.portNumber,
    host: address.host,
    port: address.port,
    sources,
    last,
  });
  const requestAgain = vscode.l10n.t("Request for Another Address…");
  const details = vscode.l10n.t("Show Connection Details");
  const anyway = vscode.l10n.t("Connect Anyway");
  const otherAddress = vscode.l10n.t("Use Another Address…");
  const actions = aws ? [requestAgain, otherAddress, details, anyway] : [requestAgain, details, anyway];
  services.log.warn(message);
  const picked = await vscode.window.showWarningMessage(plainText(message), ...actions);
  if (picked === anyway) return { kind: "connectAnyway" };
  if (picked === otherAddress) return { kind: "changeAddress" };
  if (picked === details) {
    await showDetails(target, address, sources, vmName);
    return { kind: "stop" };
  }
  if (picked !== requestAgain) return { kind: "stop" };
  const allowed =
    target.policy.virtualMachines
      .find((vm) => sameId(vm.id, target.vmId))
      ?.ports.find((p) => p.number === target.portNumber)?.allowedSourceAddressPrefixes ?? [];
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t("Request {0} for another source", `${vmName}:${target.portNumber}`),
    prompt: vscode.l10n.t(
      "The public IPv4 address (or CIDR) your connection leaves from, e.g. the one your VPN or proxy uses.",
    ),
    ignoreFocusOut: true,
    validateInput: (text) => sourceProblem(text, allowed),
  });
  if (typed === undefined) return { kind: "stop" };
  const parsed = parseSource(typed);
  return parsed.ok ? { kind: "requestFor", source: parsed.source.text } : { kind: "stop" };
}

/** Validated as the request form does (IPv4 or CIDR, no host bits, no IPv6), then against the port's allowed sources. */
export function sourceProblem(text: string, allowed: string[]): string | undefined {
  const parsed = parseSource(text);
  if (!parsed.ok) return parsed.error;
  if (parsed.source.kind === "any")
    return vscode.l10n.t(
      "Enter one address or a CIDR, not any source: that would open the port to the whole internet.",
    );
  return checkSourceAllowed(parsed.source.text, allowed);
}

async function showDetails(
  target: PortTarget,
  address: ConnectAddress,
  sources: string[],
  vmName: string,
): Promise<void> {
  const lines = [
    vscode.l10n.t("Address: {0} ({1})", hostPort(address), address.via),
    vscode.l10n.t("Port in the JIT policy: {0}", target.portNumber),
    vscode.l10n.t("Source Azure allows: {0}", sources.join(", ") || "—"),
    vscode.l10n.t("VM id: {0}", target.vmId),
  ];
  await vscode.window.showInformationMessage(vscode.l10n.t("Connection details of {0}", plainText(vmName)), {
    modal: true,
    detail: lines.map(plainText).join("\n"),
  });
}
