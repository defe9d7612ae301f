// What the listing tool reports, and finding the one VM a request or a connection question names.
import { portAccess, type Me } from "../core/accessState";
import { MINUTE_MS } from "../core/duration";
import { t } from "../core/l10n";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { Policy, PolicyVm, Subscription } from "../core/types";
import { portMaxMs } from "../requestForm/formModel";
import { type ListFilter, type VmQuery } from "./toolInput";
import { MAX_LISTED_PORTS, type ToolPortState } from "./toolNames";

export interface ListedPort {
  vm: string;
  vmId: string;
  subscription: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  policy: string;
  port: number;
  protocol: string;
  /** For this user: "open"/"opening" only when a request of theirs keeps it so. */
  state: ToolPortState;
  /** ISO 8601 UTC, while open or opening. */
  endsAt?: string;
  minutesLeft?: number;
  /** The longest request the port allows, ISO 8601 ("PT3H"), capped at a day as requests are. */
  maxDuration: string;
  maxMinutes?: number;
  allowedSources: string[];
  /** Someone else's request keeps the port open for their sources only (not for this user). */
  openForOthers?: boolean;
}

function subscriptionMatches(
  filter: string | undefined,
  policy: Policy,
  subscriptions: readonly Subscription[],
): boolean {
  if (filter === undefined) return true;
  const f = filter.toLowerCase();
  if (policy.subscriptionId.toLowerCase() === f) return true;
  const name = subscriptions.find((s) => sameId(s.subscriptionId, policy.subscriptionId))?.displayName ?? "";
  return name.toLowerCase() === f;
}

export function subscriptionName(policy: Policy, subscriptions: readonly Subscription[]): string {
  return (
    subscriptions.find((s) => sameId(s.subscriptionId, policy.subscriptionId))?.displayName || policy.subscriptionId
  );
}

/** Every port of every VM the user can request, filtered, with its state for `me` at `serverNowMs`. */
export function listPorts(
  policies: readonly Policy[],
  subscriptions: readonly Subscription[],
  filter: ListFilter,
  serverNowMs: number,
  me: Me,
): { ports: ListedPort[]; total: number } {
  const ports: ListedPort[] = [];
  let total = 0;
  const name = filter.name?.toLowerCase();
  for (const policy of policies) {
    if (!subscriptionMatches(filter.subscription, policy, subscriptions)) continue;
    for (const vm of policy.virtualMachines) {
      const vmName = vmNameFromId(vm.id) || vm.id;
      if (name !== undefined && !vmName.toLowerCase().includes(name)) continue;
      for (const rule of vm.ports) {
        const access = portAccess(policy, vm.id, rule.number, serverNowMs, me);
        const state: ToolPortState = access.kind === "open" ? "open" : access.kind === "opening" ? "opening" : "closed";
        if (filter.state !== undefined && filter.state !== state) continue;
        total++;
        if (ports.length >= MAX_LISTED_PORTS) continue;
        const max = portMaxMs(rule);
        const live = state !== "closed" && access.endTimeUtc !== undefined && Number.isFinite(access.endTimeUtc);
        ports.push({
          vm: vmName,
          vmId: vm.id,
          subscription: subscriptionName(policy, subscriptions),
          subscriptionId: policy.subscriptionId,
          resourceGroup: policy.resourceGroup,
          location: policy.location,
          policy: policy.name,
          port: rule.number,
          protocol: rule.protocol,
          state,
          ...(live
            ? {
                endsAt: new Date(access.endTimeUtc as number).toISOString(),
                minutesLeft: Math.max(0, Math.ceil((access.remainingMs ?? 0) / MINUTE_MS)),
              }
            : {}),
          maxDuration: rule.maxRequestAccessDuration,
          ...(max !== undefined ? { maxMinutes: Math.floor(max / MINUTE_MS) } : {}),
          allowedSources: [...rule.allowedSourceAddressPrefixes],
          ...((access.others?.length ?? 0) > 0 ? { openForOthers: true } : {}),
        });
      }
    }
  }
  return { ports, total };
}

export type FoundVm = { ok: true; policy: Policy; vm: PolicyVm } | { ok: false; error: string };

/** The one VM with a JIT policy that `query` names (its name or full id), or why there is none or more than one. */
export function findVm(policies: readonly Policy[], subscriptions: readonly Subscription[], query: VmQuery): FoundVm {
  const wanted = query.vm.trim();
  const byId = wanted.startsWith("/");
  const hits: Array<{ policy: Policy; vm: PolicyVm }> = [];
  for (const policy of policies) {
    if (!subscriptionMatches(query.subscription, policy, subscriptions)) continue;
    if (query.resourceGroup !== undefined && policy.resourceGroup.toLowerCase() !== query.resourceGroup.toLowerCase())
      continue;
    for (const vm of policy.virtualMachines) {
      const match = byId ? sameId(vm.id, wanted) : (vmNameFromId(vm.id) || "").toLowerCase() === wanted.toLowerCase();
      if (match) hits.push({ policy, vm });
    }
  }
  if (hits.length === 1) return { ok: true, ...hits[0] };
  if (hits.length === 0) {
    return {
      ok: false,
      error: t(
        'vm: no VM named "{0}" has a JIT policy in the selected subscriptions{1}. Call azure-jit_listAccess to see the names.',
        wanted,
        query.subscription ? t(" (subscription {0})", query.subscription) : "",
      ),
    };
  }
  const where = hits.map((h) => `${subscriptionName(h.policy, subscriptions)}/${h.policy.resourceGroup}`).join(", ");
  return {
    ok: false,
    error: t(
      'vm: "{0}" names {1} VMs ({2}): give subscription and resourceGroup, or the VM\'s full id.',
      wanted,
      hits.length,
      where,
    ),
  };
}
