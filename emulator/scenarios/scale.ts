// `scale:S:P:V` — S subscriptions × P policies × V VMs per policy, for the tree-load benchmark.
import type { ScenarioDefinition, ScenarioPolicy, ScenarioVm } from "./definition.js";

const REGIONS = ["eastus", "westeurope", "northeurope", "westus2", "uksouth", "southeastasia"];
export const SCALE_TENANT = "5ca1e000-0000-4000-8000-000000000001";

export function scaleSubscriptionId(i: number): string {
  return `5ca1e000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;
}

export function parseScale(spec: string): { subscriptions: number; policies: number; vms: number } | undefined {
  const m = /^scale:(\d+):(\d+):(\d+)$/.exec(spec);
  if (!m) return undefined;
  const [s, p, v] = [+m[1], +m[2], +m[3]];
  if (s < 1 || p < 0 || v < 0 || s > 10_000 || s * p * v > 1_000_000) return undefined;
  return { subscriptions: s, policies: p, vms: v };
}

export function scaleScenario(s: number, p: number, v: number): ScenarioDefinition {
  const vms: ScenarioVm[] = [];
  const policies: ScenarioPolicy[] = [];
  for (let si = 0; si < s; si++) {
    const subscriptionId = scaleSubscriptionId(si);
    for (let pi = 0; pi < p; pi++) {
      const resourceGroup = `rg-${String(pi + 1).padStart(3, "0")}`;
      const location = REGIONS[pi % REGIONS.length];
      const policy: ScenarioPolicy = {
        subscriptionId,
        resourceGroup,
        location,
        name: "default",
        virtualMachines: [],
        requests: [],
      };
      for (let vi = 0; vi < v; vi++) {
        const name = `vm-${String(pi + 1).padStart(3, "0")}-${String(vi + 1).padStart(3, "0")}`;
        const windows = vi % 5 === 4;
        const n = pi * v + vi;
        vms.push({
          subscriptionId,
          resourceGroup,
          name,
          location,
          osType: windows ? "Windows" : "Linux",
          privateIp: `10.${pi % 256}.${Math.floor(vi / 250) % 256}.${(vi % 250) + 4}`,
          publicIp: `20.${100 + (si % 100)}.${Math.floor(n / 250) % 256}.${(n % 250) + 4}`,
        });
        const port = windows ? 3389 : 22;
        policy.virtualMachines.push({
          vm: name,
          ports: [{ number: port, protocol: "*", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" }],
        });
        if (vi % 10 === 0) {
          policy.requests!.push({
            requestor: `user${vi}@contoso.com`,
            justification: "Scale test",
            startMinutesAgo: vi % 20 === 0 ? 30 : 600,
            virtualMachines: [
              { vm: name, ports: [{ number: port, allowedSourceAddressPrefix: "198.51.100.7", durationMinutes: 180 }] },
            ],
          });
        }
      }
      policies.push(policy);
    }
  }
  return {
    name: `scale:${s}:${p}:${v}`,
    tenants: [{ tenantId: SCALE_TENANT, displayName: "Scale Test", defaultDomain: "scaletest.onmicrosoft.com" }],
    subscriptions: Array.from({ length: s }, (_, i) => ({
      subscriptionId: scaleSubscriptionId(i),
      tenantId: SCALE_TENANT,
      displayName: `Scale ${String(i + 1).padStart(3, "0")}`,
    })),
    vms,
    policies,
  };
}
