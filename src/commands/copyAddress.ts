// azureJit.copyAddress on a port: host:port as a client must use it (Azure Firewall mapping included).
import * as vscode from "vscode";
import { hostPort } from "../core/connectAddress";
import { resolveAddress } from "../connect/address";
import { copyText } from "../connect/rdp";
import { pickPort, portTargetFromArg, targetLabel } from "../grants/portTarget";
import type { Services } from "../services";

export function registerCopyAddress(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand("azureJit.copyAddress", async (arg?: unknown) => {
    const target = (await portTargetFromArg(services, arg)) ?? (arg === undefined ? await pickPort(services, vscode.l10n.t("Copy Address")) : undefined);
    if (!target) return;
    const resolved = await resolveAddress(services, target, false);
    if (!resolved.address) {
      void vscode.window.showErrorMessage(vscode.l10n.t("No address to copy for {0}: {1}", targetLabel(target), resolved.problem ?? ""));
      return;
    }
    await copyText(hostPort(resolved.address));
    if (resolved.address.via === "private") {
      void vscode.window.showInformationMessage(vscode.l10n.t("{0} is a private IP: it needs a VPN or peering into the VM's network.", resolved.address.host));
    }
  });
}
