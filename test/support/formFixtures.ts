// The request form's test policy in subscription …00aa / rg-app / westeurope, shared by the form's unit tests and its
// webview tests in Chromium: the same ids everywhere, with the VMs and port rules each test needs.
import { randomBytes } from "node:crypto";
import type { Policy, PortRule } from "../../src/core/types";
import type { FormInit } from "../../src/requestForm/protocol";

export const FORM_SUB = "00000000-0000-0000-0000-0000000000aa";

export const formVmId = (name: string): string =>
  `/subscriptions/${FORM_SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`;

export function port(number: number, protocol: PortRule["protocol"], allowed: string[], max: string): PortRule {
  return { number, protocol, allowedSourceAddressPrefixes: allowed, maxRequestAccessDuration: max };
}

/** `vm-db`: SSH from 10.1.0.0/24 only, for an hour; in every form policy, as the VM whose sources are narrowed. */
export const VM_DB = { name: "vm-db", ports: [port(22, "TCP", ["10.1.0.0/24"], "PT1H")] };

/** The policy `default` with these VMs (by name) and their port rules. */
export function formPolicy(vms: { name: string; ports: PortRule[] }[]): Policy {
  return {
    id: `/subscriptions/${FORM_SUB}/resourceGroups/rg-app/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: FORM_SUB,
    resourceGroup: "rg-app",
    location: "westeurope",
    virtualMachines: vms.map((vm) => ({ id: formVmId(vm.name), ports: vm.ports })),
    requests: [],
  };
}

/** What the host sends a new form for `vmName:portNumber` of `policy`, with the default settings. */
export function formInitFor(
  policy: Policy,
  vmName: string,
  portNumber: number,
  overrides: Partial<FormInit> = {},
): FormInit {
  return {
    renderId: randomBytes(4).toString("hex"),
    policy,
    vmId: formVmId(vmName),
    portNumber,
    settings: { defaultDuration: "PT1H", justificationTemplate: "", requireJustification: false },
    l10n: {},
    serverOffsetMs: 0,
    ...overrides,
  };
}
