// VMs, NICs and public IPs, enough for VM → NIC → public IP address resolution (docs/azure-behaviour.md)
// and for listing a subscription's VMs. Every scenario VM has all three (a public IP only if it has one).
import { randomUUID } from "node:crypto";
import {
  invalidSubscriptionId,
  missingApiVersion,
  resourceGroupNotFound,
  resourceNotFound,
  SUBSCRIPTION_ID,
  subscriptionNotFound,
} from "./armErrors.js";
import { reply, type Reply, type RouteContext } from "./context.js";
import type { VmRecord } from "./model.js";
import { page } from "./paging.js";
import { vmIdOf } from "./store.js";

function rgPrefix(vm: VmRecord): string {
  return `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}`;
}

export function nicId(vm: VmRecord): string {
  return `${rgPrefix(vm)}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic`;
}

export function publicIpId(vm: VmRecord): string {
  return `${rgPrefix(vm)}/providers/Microsoft.Network/publicIPAddresses/${vm.name}-ip`;
}

export function vmJson(vm: VmRecord): Record<string, unknown> {
  const linux = vm.osType === "Linux";
  return {
    name: vm.name,
    id: vmIdOf(vm),
    type: "Microsoft.Compute/virtualMachines",
    location: vm.location,
    properties: {
      vmId: stableGuid(vmIdOf(vm)),
      hardwareProfile: { vmSize: vm.size },
      storageProfile: {
        imageReference: linux
          ? { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" }
          : {
              publisher: "MicrosoftWindowsServer",
              offer: "WindowsServer",
              sku: "2022-datacenter-azure-edition",
              version: "latest",
            },
        osDisk: {
          osType: vm.osType,
          name: `${vm.name}_OsDisk_1`,
          createOption: "FromImage",
          caching: "ReadWrite",
          diskSizeGB: linux ? 30 : 127,
        },
        dataDisks: [],
      },
      osProfile: {
        computerName: vm.name.slice(0, 15),
        adminUsername: vm.adminUsername,
        ...(linux
          ? { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }
          : { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } }),
        secrets: [],
      },
      networkProfile: { networkInterfaces: [{ id: nicId(vm), properties: { primary: true } }] },
      provisioningState: "Succeeded",
    },
  };
}

function nicJson(vm: VmRecord): Record<string, unknown> {
  const ipConfig: Record<string, unknown> = {
    privateIPAddress: vm.privateIp,
    privateIPAllocationMethod: "Dynamic",
    ...(vm.publicIp !== undefined && { publicIPAddress: { id: publicIpId(vm) } }),
    subnet: {
      id: `${rgPrefix(vm)}/providers/Microsoft.Network/virtualNetworks/${vm.resourceGroup}-vnet/subnets/default`,
    },
    primary: true,
    privateIPAddressVersion: "IPv4",
    provisioningState: "Succeeded",
  };
  return {
    name: `${vm.name}-nic`,
    id: nicId(vm),
    type: "Microsoft.Network/networkInterfaces",
    location: vm.location,
    properties: {
      provisioningState: "Succeeded",
      ipConfigurations: [{ name: "ipconfig1", id: `${nicId(vm)}/ipConfigurations/ipconfig1`, properties: ipConfig }],
      networkSecurityGroup: { id: `${rgPrefix(vm)}/providers/Microsoft.Network/networkSecurityGroups/${vm.name}-nsg` },
      virtualMachine: { id: vmIdOf(vm) },
      primary: true,
    },
  };
}

function publicIpJson(vm: VmRecord): Record<string, unknown> {
  return {
    name: `${vm.name}-ip`,
    id: publicIpId(vm),
    type: "Microsoft.Network/publicIPAddresses",
    location: vm.location,
    sku: { name: "Standard", tier: "Regional" },
    properties: {
      provisioningState: "Succeeded",
      ipAddress: vm.publicIp,
      publicIPAddressVersion: "IPv4",
      publicIPAllocationMethod: "Static",
      idleTimeoutInMinutes: 4,
      ...(vm.fqdn !== undefined && { dnsSettings: { domainNameLabel: vm.fqdn.split(".")[0], fqdn: vm.fqdn } }),
      ipConfiguration: { id: `${nicId(vm)}/ipConfigurations/ipconfig1` },
    },
  };
}

const TYPES: Record<
  string,
  { type: string; suffix: string; json: (vm: VmRecord) => Record<string, unknown> | undefined }
> = {
  "microsoft.compute/virtualmachines": { type: "Microsoft.Compute/virtualMachines", suffix: "", json: vmJson },
  "microsoft.network/networkinterfaces": { type: "Microsoft.Network/networkInterfaces", suffix: "-nic", json: nicJson },
  "microsoft.network/publicipaddresses": {
    type: "Microsoft.Network/publicIPAddresses",
    suffix: "-ip",
    json: (vm) => (vm.publicIp === undefined ? undefined : publicIpJson(vm)),
  },
};

export function computeRoute(ctx: RouteContext): Reply | undefined {
  const l = ctx.lower;
  const s = ctx.segments;
  const { store } = ctx;
  if (l[0] !== "subscriptions" || ctx.method !== "GET") return undefined;
  const listAll = l.length === 5 && l[2] === "providers" && `${l[3]}/${l[4]}` === "microsoft.compute/virtualmachines";
  const listRg =
    l.length === 7 &&
    l[2] === "resourcegroups" &&
    l[4] === "providers" &&
    `${l[5]}/${l[6]}` === "microsoft.compute/virtualmachines";
  const single =
    l.length === 8 && l[2] === "resourcegroups" && l[4] === "providers" && TYPES[`${l[5]}/${l[6]}`] !== undefined;
  if (!listAll && !listRg && !single) return undefined;
  if (!SUBSCRIPTION_ID.test(s[1])) return invalidSubscriptionId(s[1]);
  if (!ctx.query.get("api-version")) return missingApiVersion();
  const sub = store.subscription(s[1]);
  if (!sub) return subscriptionNotFound(s[1]);
  const headers = { "x-ms-ratelimit-remaining-subscription-reads": "11999", "x-ms-request-id": randomUUID() };
  if (listAll) return reply(200, page(ctx, store.vmsOf(sub.subscriptionId), vmJson), headers);
  if (!store.resourceGroupExists(sub.subscriptionId, s[3])) return resourceGroupNotFound(s[3]);
  if (listRg) {
    const vms = store.vmsOf(sub.subscriptionId).filter((v) => v.resourceGroup.toLowerCase() === l[3]);
    return reply(200, page(ctx, vms, vmJson), headers);
  }
  const kind = TYPES[`${l[5]}/${l[6]}`];
  const name = s[7];
  const vmName =
    kind.suffix && name.toLowerCase().endsWith(kind.suffix)
      ? name.slice(0, -kind.suffix.length)
      : kind.suffix
        ? undefined
        : name;
  const vm =
    vmName === undefined
      ? undefined
      : store.vm(
          `/subscriptions/${sub.subscriptionId}/resourceGroups/${s[3]}/providers/Microsoft.Compute/virtualMachines/${vmName}`,
        );
  const body = vm && kind.json(vm);
  return body ? reply(200, body, headers) : resourceNotFound(kind.type, name, s[3]);
}

/** The same GUID for the same id on every run, so VM `vmId`s stay stable across restarts. */
function stableGuid(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const parts: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of text.toLowerCase() + round) {
      h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193);
      h2 = Math.imul(h2 ^ ch.charCodeAt(0), 0x5bd1e995);
    }
    parts.push(((h1 ^ h2) >>> 0).toString(16).padStart(8, "0"));
  }
  const hex = parts.join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
