import * as vscode from "vscode";
import { portAccess } from "../core/accessState";
import { identityText, quickPickText } from "../core/inertText";
import { parsePolicyId, sameId, vmNameFromId } from "../core/resourceId";
import type { Policy } from "../core/types";
import type { Services } from "../services";
import { meFor } from "./me";

// What the grant commands act on: one port of one VM of one policy. They are invoked from tree nodes
// ({kind:"port", policy, vmId, portNumber}), from the status bar's quick pick and from notifications
// ({policyId, vmId, portNumber}: the policy may not be loaded yet after a reload), or from the palette.

export interface PortTarget {
  policy: Policy;
  vmId: string;
  portNumber: number;
}

export function targetLabel(target: { vmId: string; portNumber: number }): string {
  return `${vmNameFromId(target.vmId) || target.vmId}:${target.portNumber}`;
}

export function asPortNode(target: PortTarget): { kind: "port" } & PortTarget {
  return { kind: "port", policy: target.policy, vmId: target.vmId, portNumber: target.portNumber };
}

function isPolicy(p: unknown): p is Policy {
  const policy = p as Policy;
  return (
    typeof policy === "object" &&
    policy !== null &&
    typeof policy.id === "string" &&
    Array.isArray(policy.virtualMachines)
  );
}

/** A port from a tree port node or a GrantRef; the latest known policy is preferred over the node's copy. */
export async function portTargetFromArg(services: Services, arg: unknown): Promise<PortTarget | undefined> {
  if (typeof arg !== "object" || arg === null) return undefined;
  const a = arg as { kind?: unknown; policy?: unknown; policyId?: unknown; vmId?: unknown; portNumber?: unknown };
  if (typeof a.vmId !== "string" || typeof a.portNumber !== "number") return undefined;
  const policyId = isPolicy(a.policy) ? a.policy.id : typeof a.policyId === "string" ? a.policyId : undefined;
  if (!policyId) return undefined;
  let policy = services.policies.find(policyId) ?? (isPolicy(a.policy) ? a.policy : undefined);
  if (!policy) {
    const ref = parsePolicyId(policyId);
    if (!ref) return undefined;
    policy = await services.policies.refresh(ref);
  }
  return { policy, vmId: a.vmId, portNumber: a.portNumber };
}

/** A VM node ({kind:"vm", policy, vmId}); the request form adds the ports it just opened ({ports}). */
export function vmFromArg(arg: unknown): { policy: Policy; vmId: string; ports?: number[] } | undefined {
  if (typeof arg !== "object" || arg === null) return undefined;
  const a = arg as { kind?: unknown; policy?: unknown; vmId?: unknown; ports?: unknown };
  if (a.kind !== "vm" || !isPolicy(a.policy) || typeof a.vmId !== "string") return undefined;
  const ports = Array.isArray(a.ports) ? a.ports.filter((p): p is number => Number.isInteger(p)) : undefined;
  return { policy: a.policy, vmId: a.vmId, ...(ports ? { ports } : {}) };
}

interface PortPick extends vscode.QuickPickItem {
  target: PortTarget;
}

/** Palette use: every JIT port of every loaded policy, open ones first; optionally only one VM's ports. */
export async function pickPort(
  services: Services,
  title: string,
  onlyVm?: { policy: Policy; vmId: string },
): Promise<PortTarget | undefined> {
  const items = (async (): Promise<PortPick[]> => {
    if (!onlyVm) await services.policies.ensureLoaded();
    const now = services.serverNow();
    const me = meFor(services);
    const picks: Array<PortPick & { rank: number }> = [];
    const policies = onlyVm ? [services.policies.find(onlyVm.policy.id) ?? onlyVm.policy] : services.policies.all();
    for (const policy of policies) {
      for (const vm of policy.virtualMachines) {
        if (onlyVm && !sameId(vm.id, onlyVm.vmId)) continue;
        for (const port of vm.ports) {
          const access = portAccess(policy, vm.id, port.number, now, me);
          // "open" is for me only: a port open for someone else's address does not let me connect.
          const state =
            access.kind === "open"
              ? vscode.l10n.t("open")
              : access.kind === "opening"
                ? vscode.l10n.t("opening")
                : access.openFor === "others"
                  ? vscode.l10n.t(
                      "closed for you (open for {0})",
                      quickPickText(
                        identityText(access.others?.[0]?.requestor ?? "") || vscode.l10n.t("a service principal"),
                      ),
                    )
                  : vscode.l10n.t("closed");
          picks.push({
            label: quickPickText(targetLabel({ vmId: vm.id, portNumber: port.number })),
            description: `${state} · ${quickPickText(policy.resourceGroup)}`,
            target: { policy, vmId: vm.id, portNumber: port.number },
            rank: access.kind === "open" ? 0 : access.kind === "opening" ? 1 : 2,
          });
        }
      }
    }
    return picks.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
  })();
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t("VM and port"),
    matchOnDescription: true,
  });
  return picked?.target;
}
