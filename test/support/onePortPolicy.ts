// A one-VM policy in subscription …0001 / rg1 / westeurope for the grant and connect tests: the same id, VM and
// port shape everywhere, with the allowed sources, maximum and requests the test needs.
import type { RememberedGrant } from "../../src/core/grantRecords";
import type { Policy, PortRule } from "../../src/core/types";

export const POLICY_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
export const VM1 =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm-01";

export function rule(number: number, over: { allowed?: string[]; max?: string } = {}): PortRule {
  return {
    number,
    protocol: "*",
    allowedSourceAddressPrefixes: over.allowed ?? ["*"],
    maxRequestAccessDuration: over.max ?? "PT3H",
  };
}

export function onePortPolicy(ports: PortRule[], requests: Policy["requests"] = []): Policy {
  return {
    id: POLICY_ID,
    name: "default",
    subscriptionId: "00000000-0000-0000-0000-000000000001",
    resourceGroup: "rg1",
    location: "westeurope",
    virtualMachines: [{ id: VM1, ports }],
    requests,
  };
}

/** What the tracker remembers right after requesting vm-01:22 of this policy at `startMs` for an hour. */
export function openingGrant(startMs: number): RememberedGrant {
  return {
    policyId: POLICY_ID,
    vmId: VM1,
    port: 22,
    vmName: "vm-01",
    startTimeUtc: startMs,
    endTimeUtc: startMs + 3_600_000,
    opening: true,
  };
}
