// All mutable emulator state, plus the rules that change it: PUT replaces VMs but keeps requests, initiate
// adds a request at an unpredictable position, statuses follow the virtual clock, and a fake NSG per VM
// gets deny rules on PUT and allow rules on initiate (docs/azure-behaviour.md; emulator/README.md).
import { randomBytes } from "node:crypto";
import type { VirtualClock } from "./clock.js";
import {
  policyKey,
  type NsgRule,
  type PolicyRecord,
  type RequestRecord,
  type ScenarioState,
  type SubscriptionRecord,
  type VmRecord,
} from "./model.js";

export interface StoreTimings {
  initiateDelayMs: number;
  provisioningDelayMs: number;
  expiryLagMs: number;
  retentionMs: number;
  /**
   * Opt-in "supersede" mode: a newer initiate for a VM+port ends the older requests' port still in force as
   * Revoked/NewerRequestInitiated. Off by default, as real Azure was recorded leaving overlapping requests alone
   * (docs/azure-behaviour.md#overlapping-requests-for-one-port).
   */
  supersede?: boolean;
}

export type ThrottleKind = "resource-requests" | "writes" | "deletes";
const THROTTLE_BUDGET: Record<ThrottleKind, number> = { "resource-requests": 750, writes: 1200, deletes: 15000 };

export interface PortState {
  status: string;
  statusReason: string;
}

export class Store {
  state!: ScenarioState;
  private policies = new Map<string, PolicyRecord>();
  private vms = new Map<string, VmRecord>();
  private nsgs = new Map<string, NsgRule[]>();
  private throttle = new Map<string, number>();
  private mappedPorts = new Map<string, number>();

  /** The supersede mode the emulator started with; reset returns to it. */
  private readonly startSupersede: boolean;

  constructor(
    private readonly build: (nowMs: number) => ScenarioState,
    readonly clock: VirtualClock,
    readonly timings: StoreTimings,
  ) {
    this.startSupersede = timings.supersede === true;
    this.reset();
  }

  reset(): void {
    this.timings.supersede = this.startSupersede;
    this.clock.reset();
    this.state = this.build(this.clock.now());
    this.policies.clear();
    this.vms.clear();
    this.nsgs.clear();
    this.throttle.clear();
    this.mappedPorts.clear();
    for (const vm of this.state.vms) this.vms.set(vmIdOf(vm).toLowerCase(), vm);
    for (const p of this.state.policies) {
      this.policies.set(keyOf(p), p);
      this.applyDenyRules(p);
      for (const r of p.requests) this.addAllowRules(p, r);
    }
  }

  // ---- lookups -------------------------------------------------------------------------------------

  subscription(id: string): SubscriptionRecord | undefined {
    return this.state.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
  }

  resourceGroupExists(subscriptionId: string, name: string): boolean {
    return this.state.resourceGroups.some(
      (g) =>
        g.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && g.name.toLowerCase() === name.toLowerCase(),
    );
  }

  resourceGroupName(subscriptionId: string, name: string): string {
    return (
      this.state.resourceGroups.find(
        (g) =>
          g.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
          g.name.toLowerCase() === name.toLowerCase(),
      )?.name ?? name
    );
  }

  vm(id: string): VmRecord | undefined {
    return this.vms.get(id.toLowerCase());
  }

  vmsOf(subscriptionId: string): VmRecord[] {
    return this.state.vms.filter((v) => v.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  }

  policy(subscriptionId: string, resourceGroup: string, location: string, name: string): PolicyRecord | undefined {
    return this.policies.get(policyKey(subscriptionId, resourceGroup, location, name));
  }

  listPolicies(filter: { subscriptionId: string; resourceGroup?: string; location?: string }): PolicyRecord[] {
    const eq = (a: string, b: string | undefined) => b === undefined || a.toLowerCase() === b.toLowerCase();
    return [...this.policies.values()].filter(
      (p) =>
        eq(p.subscriptionId, filter.subscriptionId) &&
        eq(p.resourceGroup, filter.resourceGroup) &&
        eq(p.location, filter.location),
    );
  }

  // ---- time-driven state ---------------------------------------------------------------------------

  provisioningState(p: PolicyRecord): string {
    return this.clock.now() >= p.settledAtMs ? "Succeeded" : "Updating";
  }

  portState(port: RequestRecord["virtualMachines"][number]["ports"][number]): PortState {
    const now = this.clock.now();
    if (port.revokedReason) return { status: "Revoked", statusReason: port.revokedReason };
    if (now >= port.endTimeUtc.ms + this.timings.expiryLagMs) return { status: "Revoked", statusReason: "Expired" };
    if (now >= port.initiatedAtMs) return { status: "Initiated", statusReason: "UserRequested" };
    return { status: "Initiating", statusReason: "UserRequested" };
  }

  /** Requests still within the retention window (older ones vanish, as in the real service). */
  visibleRequests(p: PolicyRecord): RequestRecord[] {
    const cutoff = this.clock.now() - this.timings.retentionMs;
    p.requests = p.requests.filter((r) =>
      r.virtualMachines.some((v) => v.ports.some((port) => port.endTimeUtc.ms > cutoff)),
    );
    return p.requests;
  }

  // ---- changes -------------------------------------------------------------------------------------

  putPolicy(p: PolicyRecord): PolicyRecord {
    const key = keyOf(p);
    const existing = this.policies.get(key);
    const stored: PolicyRecord = existing
      ? { ...existing, kind: p.kind, virtualMachines: p.virtualMachines, settledAtMs: p.settledAtMs }
      : p;
    this.policies.set(key, stored);
    this.applyDenyRules(stored);
    return stored;
  }

  deletePolicy(p: PolicyRecord): void {
    const key = keyOf(p);
    this.policies.delete(key);
    for (const [vm, rules] of this.nsgs) {
      const kept = rules.filter((r) => r.policyKey !== key);
      if (kept.length) this.nsgs.set(vm, kept);
      else this.nsgs.delete(vm);
    }
  }

  addRequest(p: PolicyRecord, r: RequestRecord): void {
    if (this.timings.supersede) this.supersede(p, r);
    // The service does not keep requests in time order; a new one lands mid-list so clients cannot rely on order.
    p.requests.splice(Math.floor(p.requests.length / 2), 0, r);
    this.addAllowRules(p, r);
  }

  /** Supersede mode: every older port of the same VM+port still in force is replaced by `newer`, and its allow rule goes. */
  private supersede(p: PolicyRecord, newer: RequestRecord): void {
    const now = this.clock.now();
    for (const vm of newer.virtualMachines) {
      const vmKey = vm.id.toLowerCase();
      for (const port of vm.ports) {
        for (const older of p.requests) {
          for (const olderVm of older.virtualMachines) {
            if (olderVm.id.toLowerCase() !== vmKey) continue;
            for (const olderPort of olderVm.ports) {
              if (olderPort.number !== port.number || olderPort.revokedReason) continue;
              if (olderPort.endTimeUtc.ms + this.timings.expiryLagMs <= now) continue; // already Expired: stays so
              olderPort.revokedReason = "NewerRequestInitiated";
              const rules = this.nsgs.get(vmKey) ?? [];
              this.nsgs.set(
                vmKey,
                rules.filter(
                  (rule) =>
                    !(
                      rule.properties.access === "Allow" &&
                      rule.properties.destinationPortRange === String(port.number) &&
                      rule.expiresAtMs === olderPort.endTimeUtc.ms
                    ),
                ),
              );
            }
          }
        }
      }
    }
  }

  /** Firewall DNAT port for a VM behind Azure Firewall: one pool per firewall public IP, from 50000 up. */
  allocateMappedPort(firewallIp: string): number {
    const next = (this.mappedPorts.get(firewallIp) ?? 49999) + 1;
    this.mappedPorts.set(firewallIp, next);
    return next;
  }

  remaining(subscriptionId: string, kind: ThrottleKind): number {
    const key = `${subscriptionId.toLowerCase()}|${kind}`;
    let left = (this.throttle.get(key) ?? THROTTLE_BUDGET[kind]) - 1;
    if (left < 1) left = THROTTLE_BUDGET[kind] - 1; // the bucket refills; the emulator never throttles on its own
    this.throttle.set(key, left);
    return left;
  }

  // ---- fake NSG ------------------------------------------------------------------------------------

  nsgView(): Array<{ vmId: string; rules: Array<Pick<NsgRule, "name" | "properties">> }> {
    const now = this.clock.now();
    const out: Array<{ vmId: string; rules: Array<Pick<NsgRule, "name" | "properties">> }> = [];
    for (const [vm, rules] of this.nsgs) {
      const live = rules.filter((r) => r.expiresAtMs === undefined || r.expiresAtMs + this.timings.expiryLagMs > now);
      this.nsgs.set(vm, live);
      if (!live.length) continue;
      const vmId = this.vms.get(vm) ? vmIdOf(this.vms.get(vm)!) : vm;
      out.push({
        vmId,
        rules: live
          .map((r) => ({ name: r.name, properties: r.properties }))
          .sort((a, b) => a.properties.priority - b.properties.priority),
      });
    }
    return out;
  }

  private applyDenyRules(p: PolicyRecord): void {
    const key = keyOf(p);
    const wanted = new Set(
      p.virtualMachines.flatMap((v) => v.ports.map((port) => `${v.id.toLowerCase()}|${port.number}`)),
    );
    for (const [vm, rules] of this.nsgs) {
      this.nsgs.set(
        vm,
        rules.filter(
          (r) =>
            r.policyKey !== key ||
            r.properties.access !== "Deny" ||
            wanted.has(`${vm}|${r.properties.destinationPortRange}`),
        ),
      );
    }
    for (const v of p.virtualMachines) {
      const vmKey = v.id.toLowerCase();
      const rules = this.nsgs.get(vmKey) ?? [];
      for (const port of v.ports) {
        const has = rules.some(
          (r) =>
            r.policyKey === key &&
            r.properties.access === "Deny" &&
            r.properties.destinationPortRange === String(port.number),
        );
        if (has) continue;
        const lowest = Math.min(
          4097,
          ...rules.filter((r) => r.properties.access === "Deny").map((r) => r.properties.priority),
        );
        rules.push({
          name: `MicrosoftDefenderForCloud-JITRule_${vmHash(v.id)}_${hex32()}`,
          properties: {
            description: `MDC JIT Network Access rule for policy '${p.name}' of VM '${lastSegment(v.id)}'.`,
            protocol: "*",
            sourcePortRange: "*",
            destinationPortRange: String(port.number),
            sourceAddressPrefix: "*",
            destinationAddressPrefix: this.privateIpOf(v.id),
            access: "Deny",
            priority: lowest - 1,
            direction: "Inbound",
          },
          policyKey: key,
        });
      }
      this.nsgs.set(vmKey, rules);
    }
  }

  private addAllowRules(p: PolicyRecord, r: RequestRecord): void {
    const key = keyOf(p);
    for (const v of r.virtualMachines) {
      const vmKey = v.id.toLowerCase();
      const rules = this.nsgs.get(vmKey) ?? [];
      const policyVm = p.virtualMachines.find((pv) => pv.id.toLowerCase() === vmKey);
      for (const port of v.ports) {
        if (port.revokedReason || port.endTimeUtc.ms + this.timings.expiryLagMs <= this.clock.now()) continue;
        const used = new Set(rules.filter((x) => x.properties.access === "Allow").map((x) => x.properties.priority));
        let priority = 100;
        while (used.has(priority)) priority++;
        const source = port.allowedSourceAddressPrefixes
          ? { sourceAddressPrefixes: port.allowedSourceAddressPrefixes }
          : { sourceAddressPrefix: port.allowedSourceAddressPrefix ?? "*" };
        rules.push({
          name: `MicrosoftDefenderForCloud-JITRule-${vmHash(v.id)}-${hex32()}`,
          properties: {
            description: `MDC JIT Network Access rule created by an initiation request for policy '${p.name}' of VM '${lastSegment(v.id)}'.`,
            protocol: policyVm?.ports.find((x) => x.number === port.number)?.protocol ?? "*",
            sourcePortRange: "*",
            destinationPortRange: String(port.number),
            ...source,
            destinationAddressPrefix: this.privateIpOf(v.id),
            access: "Allow",
            priority,
            direction: "Inbound",
          },
          policyKey: key,
          expiresAtMs: port.endTimeUtc.ms,
        });
      }
      this.nsgs.set(vmKey, rules);
    }
  }

  private privateIpOf(vmId: string): string {
    return this.vms.get(vmId.toLowerCase())?.privateIp ?? "10.0.0.4";
  }
}

function keyOf(p: PolicyRecord): string {
  return policyKey(p.subscriptionId, p.resourceGroup, p.location, p.name);
}

export function vmIdOf(vm: VmRecord): string {
  return `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
}

function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

/** Stable signed int32 per VM (FNV-1a), like the shared number in a VM's real JIT rule names. */
function vmHash(id: string): number {
  let h = 0x811c9dc5;
  for (const ch of id.toLowerCase()) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function hex32(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}
