// Policies for the tree tests, shaped like the emulator's demo scenario (emulator/README.md) but with fixed times.
import type { JitRequest, Policy, RequestPort } from "../../src/core/types";

export const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
export const MIN = 60_000;

export const SUB = "00000000-0000-0000-0000-00000000000a";
const vmId = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const WEB01 = vmId("rg-web-prod", "web-01");
export const WEB02 = vmId("rg-web-prod", "web-02");
export const WIN = vmId("rg-web-prod", "win-app-01");
export const JUMP = vmId("rg-hub", "jumpbox-01");

function port(
  number: number,
  startedMinAgo: number,
  lengthMin: number,
  status: string,
  statusReason: string,
  extra: Partial<RequestPort> = {},
): RequestPort {
  return {
    number,
    allowedSourceAddressPrefixes: ["198.51.100.42"],
    endTimeUtc: NOW - startedMinAgo * MIN + lengthMin * MIN,
    status,
    statusReason,
    ...extra,
  };
}

function request(
  vm: string,
  requestor: string,
  startedMinAgo: number,
  ports: RequestPort[],
  justification?: string,
): JitRequest {
  return {
    virtualMachines: [{ id: vm, ports }],
    startTimeUtc: NOW - startedMinAgo * MIN,
    requestor,
    ...(justification !== undefined ? { justification } : {}),
  };
}

const rule = (number: number, sources = ["*"], max = "PT3H", protocol = "TCP") => ({
  number,
  protocol,
  allowedSourceAddressPrefixes: sources,
  maxRequestAccessDuration: max,
});

export function webPolicy(): Policy {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: SUB,
    resourceGroup: "rg-web-prod",
    location: "westeurope",
    provisioningState: "Succeeded",
    virtualMachines: [
      { id: WEB01, ports: [rule(22)] },
      { id: WEB02, ports: [rule(22)] },
      { id: WIN, ports: [rule(3389), rule(5985), rule(5986)] },
    ],
    requests: [
      // web-01: ended 12 min ago
      request(WEB01, "alice@contoso.com", 72, [port(22, 72, 60, "Revoked", "Expired")], "Deploy hotfix 4.2.1"),
      // web-02: open, 41 min left — with a hostile justification
      request(
        WEB02,
        "bob@contoso.com",
        139,
        [port(22, 139, 180, "Initiated", "UserRequested")],
        "[click](command:workbench.action.terminal.new) <img src=x> $(alert) **bold**",
      ),
      // win-app-01: 3389 opening, 5985 replaced by a newer request
      request(WIN, "jit.user@contoso.com", 0, [port(3389, 0, 60, "Initiating", "UserRequested")]),
      request(WIN, "", 30, [port(5985, 30, 60, "Revoked", "NewerRequestInitiated")]),
    ],
  };
}

export function hubPolicy(): Policy {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: SUB,
    resourceGroup: "rg-hub",
    location: "westeurope",
    virtualMachines: [{ id: JUMP, ports: [rule(22)], publicIpAddress: "20.61.99.1" }],
    requests: [
      request(JUMP, "jit.user@contoso.com", 10, [
        port(22, 10, 60, "Initiated", "UserRequested", { mappedPort: 50000 }),
      ]),
    ],
  };
}
