// The requests Azure keeps inside each policy (unordered, docs/azure-behaviour.md#requests-are-unordered), turned into audit rows: one row per
// request and VM, newest first, plus the portal's per-VM summary. Times are passed in; nothing reads the clock.
import { t } from "./l10n";
import { sameId, vmNameFromId } from "./resourceId";
import type { JitRequest, Policy, RequestPort } from "./types";

export const SUMMARY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type HistoryScope =
  | { kind: "vm"; policyId: string; vmId: string }
  | { kind: "policy"; policyId: string }
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "all" };

export interface HistoryRow {
  policyId: string;
  policyName: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  vmId: string;
  vmName: string;
  /** UPN; "" for service principals (docs/azure-behaviour.md#requestor-is-empty-for-service-principals). */
  requestor: string;
  startTimeUtc: number;
  /** Latest end time among the row's ports. */
  endTimeUtc: number | undefined;
  ports: number[];
  sources: string[];
  /** "Initiated", "Revoked", … or "22: Initiated; 3389: Revoked" when the ports differ. */
  status: string;
  statusReason: string;
  justification: string;
}

export interface VmSummary {
  policyId: string;
  vmId: string;
  vmName: string;
  requestsLast7Days: number;
  lastAccessUtc?: number;
  lastUser?: string;
}

export function policiesInScope(policies: Policy[], scope: HistoryScope): Policy[] {
  switch (scope.kind) {
    case "all":
      return policies;
    case "subscription":
      return policies.filter((p) => sameId(p.subscriptionId, scope.subscriptionId));
    default:
      return policies.filter((p) => sameId(p.id, scope.policyId));
  }
}

export function historyRows(policies: Policy[], scope: HistoryScope): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const policy of policiesInScope(policies, scope)) {
    for (const request of policy.requests) {
      for (const vm of request.virtualMachines) {
        if (scope.kind === "vm" && !sameId(vm.id, scope.vmId)) continue;
        rows.push(rowOf(policy, request, vm.id, vm.ports));
      }
    }
  }
  return rows.sort(newestFirst);
}

function rowOf(policy: Policy, request: JitRequest, vmId: string, ports: RequestPort[]): HistoryRow {
  const ends = ports.map((p) => p.endTimeUtc).filter((n) => Number.isFinite(n));
  const sources: string[] = [];
  for (const port of ports)
    for (const s of port.allowedSourceAddressPrefixes) if (!sources.includes(s)) sources.push(s);
  const statuses = new Set(ports.map((p) => `${p.status}\u0000${p.statusReason}`));
  const uniform = statuses.size <= 1;
  return {
    policyId: policy.id,
    policyName: policy.name,
    subscriptionId: policy.subscriptionId,
    resourceGroup: policy.resourceGroup,
    location: policy.location,
    vmId,
    vmName: vmNameFromId(vmId),
    requestor: request.requestor,
    startTimeUtc: request.startTimeUtc,
    endTimeUtc: ends.length > 0 ? Math.max(...ends) : undefined,
    ports: ports.map((p) => p.number),
    sources,
    status: uniform ? (ports[0]?.status ?? "") : ports.map((p) => `${p.number}: ${p.status}`).join("; "),
    statusReason: uniform
      ? (ports[0]?.statusReason ?? "")
      : ports.map((p) => `${p.number}: ${p.statusReason}`).join("; "),
    justification: request.justification ?? "",
  };
}

function newestFirst(a: HistoryRow, b: HistoryRow): number {
  return b.startTimeUtc - a.startTimeUtc || a.vmName.localeCompare(b.vmName) || a.policyId.localeCompare(b.policyId);
}

/** Shown for requests made by a service principal, whose requestor Azure leaves empty. */
export function requestorLabel(requestor: string): string {
  return requestor === "" ? t("(service principal)") : requestor;
}

/** ISO-8601 UTC to the second (Azure's times carry 7 fractional digits; no date here shows them); empty for unknown. */
export function formatUtc(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "";
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function historyColumns(): string[] {
  return [
    t("Start (UTC)"),
    t("End (UTC)"),
    t("VM"),
    t("Requestor"),
    t("Ports"),
    t("Sources"),
    t("Status"),
    t("Reason"),
    t("Justification"),
    t("Policy"),
    t("Resource group"),
    t("Location"),
    t("Subscription"),
  ];
}

/** The row as the text cells shown in the table and written to CSV, in historyColumns() order. */
export function historyCells(row: HistoryRow): string[] {
  return [
    formatUtc(row.startTimeUtc),
    formatUtc(row.endTimeUtc),
    row.vmName,
    requestorLabel(row.requestor),
    row.ports.join(", "),
    row.sources.join(", "),
    row.status,
    row.statusReason,
    row.justification,
    row.policyName,
    row.resourceGroup,
    row.location,
    row.subscriptionId,
  ];
}

/** Case-insensitive; every whitespace-separated word must appear in some cell of the row. */
export function filterRows(rows: HistoryRow[], text: string): HistoryRow[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "");
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const haystack = historyCells(row).join("\n").toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/**
 * The portal's columns per VM: requests started in the last 7 days, last access (latest request start) and last
 * user. Every VM of the policies in scope is listed, also those never requested.
 */
export function vmSummaries(policies: Policy[], scope: HistoryScope, nowMs: number): VmSummary[] {
  const summaries: VmSummary[] = [];
  for (const policy of policiesInScope(policies, scope)) {
    const vmIds = policy.virtualMachines.map((vm) => vm.id);
    for (const request of policy.requests) {
      for (const vm of request.virtualMachines) if (!vmIds.some((id) => sameId(id, vm.id))) vmIds.push(vm.id);
    }
    for (const vmId of vmIds) {
      if (scope.kind === "vm" && !sameId(vmId, scope.vmId)) continue;
      const requests = policy.requests.filter((r) => r.virtualMachines.some((vm) => sameId(vm.id, vmId)));
      const latest = requests.reduce<JitRequest | undefined>(
        (a, r) => (a === undefined || r.startTimeUtc > a.startTimeUtc ? r : a),
        undefined,
      );
      summaries.push({
        policyId: policy.id,
        vmId,
        vmName: vmNameFromId(vmId),
        requestsLast7Days: requests.filter((r) => r.startTimeUtc > nowMs - SUMMARY_WINDOW_MS).length,
        ...(latest ? { lastAccessUtc: latest.startTimeUtc, lastUser: latest.requestor } : {}),
      });
    }
  }
  return summaries.sort((a, b) => a.vmName.localeCompare(b.vmName) || a.policyId.localeCompare(b.policyId));
}
