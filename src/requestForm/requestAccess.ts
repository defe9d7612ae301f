// azureJit.requestAccess: from a policy, VM or port in the tree, or from the command palette (asks for the VM first).
import * as vscode from "vscode";
import type { Services } from "../services";
import type { Policy } from "../core/types";
import { sameId, vmNameFromId } from "../core/resourceId";
import { plainText, quickPickText } from "../core/inertText";

export interface RequestTarget {
  policy: Policy;
  vmId?: string;
  portNumber?: number;
}

/** Reads a tree node passed by a menu: `{kind:"port"|"vm"|"policy", policy, vmId?, portNumber?}`. */
export function targetFromNode(node: unknown): RequestTarget | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const n = node as { kind?: unknown; policy?: unknown; vmId?: unknown; portNumber?: unknown };
  const policy = n.policy as Policy | undefined;
  if (!policy || typeof policy !== "object" || typeof policy.id !== "string" || !Array.isArray(policy.virtualMachines))
    return undefined;
  const vmId = typeof n.vmId === "string" ? n.vmId : undefined;
  const portNumber = typeof n.portNumber === "number" ? n.portNumber : undefined;
  switch (n.kind) {
    case "port":
      return { policy, vmId, portNumber };
    case "vm":
      return { policy, vmId };
    case "policy":
      return { policy };
    default:
      return undefined;
  }
}

interface VmPick extends vscode.QuickPickItem {
  target: RequestTarget;
}

async function pickVm(services: Services): Promise<RequestTarget | undefined> {
  const items = (async (): Promise<VmPick[]> => {
    await services.policies.ensureLoaded();
    const names = new Map<string, string>();
    try {
      for (const s of await services.accounts.getSubscriptions())
        names.set(s.subscriptionId.toLowerCase(), s.displayName);
    } catch {
      // Names are only a nicety for filtering; ids still work.
    }
    const picks: VmPick[] = [];
    for (const policy of services.policies.all()) {
      const sub = names.get(policy.subscriptionId.toLowerCase()) ?? policy.subscriptionId;
      for (const vm of policy.virtualMachines) {
        picks.push({
          // Every part is Azure text: `$(name)` in a subscription name must not render as an icon.
          label: quickPickText(vmNameFromId(vm.id) || vm.id),
          description: quickPickText(`${policy.resourceGroup} · ${sub}`),
          detail: vscode.l10n.t(
            "Policy {0} in {1}; ports {2}",
            quickPickText(policy.name),
            quickPickText(policy.location),
            vm.ports.map((p) => p.number).join(", "),
          ),
          target: { policy, vmId: vm.id },
        });
      }
    }
    return picks.sort((a, b) => a.label.localeCompare(b.label));
  })();
  // A failed load must not surface as an unhandled rejection of the quick pick: say what went wrong instead.
  const safeItems = items.catch((e: unknown): VmPick[] => {
    void vscode.window.showErrorMessage(
      vscode.l10n.t("Could not load JIT policies: {0}", plainText(e instanceof Error ? e.message : String(e))),
    );
    return [];
  });
  const picked = await vscode.window.showQuickPick(safeItems, {
    title: vscode.l10n.t("Request JIT access"),
    placeHolder: vscode.l10n.t("Choose a VM (type to filter by VM, resource group or subscription)"),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (
    !picked &&
    (await safeItems).length === 0 &&
    (await items.then(
      () => true,
      () => false,
    ))
  ) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("No JIT policies were found in the selected subscriptions."),
    );
  }
  return picked?.target;
}

export async function requestAccessCommand(
  services: Services,
  open: (target: RequestTarget) => void,
  node?: unknown,
): Promise<void> {
  let target = targetFromNode(node);
  if (!target) target = await pickVm(services);
  if (!target) return;
  // The tree may hold an older copy; the store has the latest the extension saw.
  const latest = services.policies.find(target.policy.id);
  if (latest && sameId(latest.id, target.policy.id)) target = { ...target, policy: latest };
  open(target);
}
