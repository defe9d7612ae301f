// Loopback addresses for the network simulation: every public address a scenario gives a VM (or an Azure Firewall
// in front of one) becomes an address in 127.0.0.0/8, which Linux treats as local as a whole (no interface set-up).
// a.b.c.d becomes 127.b.c.d where that is free (20.61.10.4 → 127.61.10.4, easy to tell apart in a log); otherwise,
// and for AWS EC2 instances (no ARM address at all), the next free address from 127.200.0.1 up.
import type { ScenarioDefinition } from "../scenarios/definition.js";

const RESERVED = new Set(["127.0.0.1"]); // the emulator's own HTTPS endpoint and everything else on the machine

export interface LoopbackPlan {
  /** The scenario with every VM public IP and firewall IP replaced by its loopback address. */
  definition: ScenarioDefinition;
  /** Scenario address → loopback address. */
  mapped: Map<string, string>;
  /** Policy VM ids with no ARM VM behind them (AWS EC2 instances): lower-cased id → loopback address. */
  external: Map<string, string>;
}

export function isLoopback(address: string): boolean {
  const parts = address.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function planLoopback(def: ScenarioDefinition): LoopbackPlan {
  const used = new Set(RESERVED);
  const mapped = new Map<string, string>();
  let next = 127 * 2 ** 24 + 200 * 2 ** 16 + 1;
  const fresh = (): string => {
    for (;;) {
      if (next >= 128 * 2 ** 24 - 1)
        throw new Error("--network: no loopback address left in 127.200.0.0–127.255.255.254.");
      const n = next++;
      const a = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      if (a[3] === 0 || a[3] === 255) continue;
      const text = a.join(".");
      if (!used.has(text)) {
        used.add(text);
        return text;
      }
    }
  };
  const map = (address: string): string => {
    const known = mapped.get(address);
    if (known) return known;
    const parts = address.split(".");
    let chosen = parts.length === 4 ? `127.${parts[1]}.${parts[2]}.${parts[3]}` : "";
    if (!isLoopback(chosen) || used.has(chosen) || Number(parts[1]) >= 200) chosen = fresh();
    used.add(chosen);
    mapped.set(address, chosen);
    return chosen;
  };
  const vms = def.vms.map((v) => (v.publicIp === undefined ? v : { ...v, publicIp: map(v.publicIp) }));
  const armIds = new Set(
    def.vms.map((v) =>
      `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${v.name}`.toLowerCase(),
    ),
  );
  const external = new Map<string, string>();
  const policies = def.policies.map((p) => ({
    ...p,
    virtualMachines: p.virtualMachines.map((v) => {
      const id = v.vm.startsWith("/")
        ? v.vm
        : `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${v.vm}`;
      if (!armIds.has(id.toLowerCase()) && !v.publicIpAddress && !external.has(id.toLowerCase()))
        external.set(id.toLowerCase(), fresh());
      return v.publicIpAddress === undefined ? v : { ...v, publicIpAddress: map(v.publicIpAddress) };
    }),
  }));
  return { definition: { ...def, vms, policies }, mapped, external };
}
