// azureJit.copyAddress on a port: host:port as a client must use it (Azure Firewall mapping included).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { portAccess } from "../core/accessState";
import { firewallPortUnknown, hostPort } from "../core/connectAddress";
import { sameId } from "../core/resourceId";
import { resolveAddress } from "./address";
import { connectStep } from "./connectPlan";
import { copyText } from "./rdp";
import { meFor } from "../grants/me";
import { asPortNode, pickPort, portTargetFromArg, targetLabel, type PortTarget } from "../grants/portTarget";
import type { Services } from "../services";
import { plainText } from "../core/inertText";

export function registerCopyAddress(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.copyAddress, async (arg?: unknown) => {
    const target =
      (await portTargetFromArg(services, arg)) ??
      (arg === undefined ? await pickPort(services, vscode.l10n.t("Copy Address")) : undefined);
    if (!target) return;
    if (await mappingNotKnownYet(services, target)) return;
    const resolved = await resolveAddress(services, target, false);
    if (!resolved.address) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          "No address to copy for {0}: {1}",
          plainText(targetLabel(target)),
          plainText(resolved.problem ?? ""),
        ),
      );
      return;
    }
    await copyText(hostPort(resolved.address));
    if (resolved.address.via === "private") {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "{0} is a private IP: it needs a VPN or peering into the VM's network.",
          plainText(resolved.address.host),
        ),
      );
    }
  });
}

/** Behind Azure Firewall with no mapped port yet: says so and offers to open the port, instead of copying a wrong address. */
async function mappingNotKnownYet(services: Services, target: PortTarget): Promise<boolean> {
  const firewallIp = target.policy.virtualMachines.find((vm) => sameId(vm.id, target.vmId))?.publicIpAddress;
  const access = portAccess(target.policy, target.vmId, target.portNumber, services.serverNow(), meFor(services));
  if (!firewallPortUnknown({ firewallIp, accessKind: access.kind, mappedPort: access.port?.mappedPort })) return false;
  const connect = vscode.l10n.t("Connect");
  const request = vscode.l10n.t("Quick Request");
  // Already on its way (in the store, the grant memory or in flight): a second request would only replace the
  // first; Connect waits for it.
  const step = connectStep({
    access,
    remembered: services.grants.grant(target.policy.id, target.vmId, target.portNumber),
    inFlight: services.grants.whenSettled(target.policy.id, target.vmId, target.portNumber) !== undefined,
    nowMs: services.serverNow(),
  });
  const actions = step.kind === "request" ? [connect, request] : [connect];
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      "{0} is reached through Azure Firewall ({1}), which maps a port for each request: its address is known only once access is open. Nothing was copied.",
      plainText(targetLabel(target)),
      plainText(firewallIp ?? ""),
    ),
    ...actions,
  );
  if (picked === connect) await vscode.commands.executeCommand(COMMAND.connect, asPortNode(target));
  else if (picked === request) await vscode.commands.executeCommand(COMMAND.quickRequest, asPortNode(target));
  return true;
}
