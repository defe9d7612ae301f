import type { VmAddress } from "./types";

// Where a client must connect to reach a JIT-opened port: through the Azure Firewall DNAT when the policy VM
// has one (its public IP and the port mapped for this request), else the VM's public IP, else its private IP
// (only reachable over VPN or peering, which the caller warns about).

export type AddressVia = "firewall" | "public" | "private";

export interface ConnectAddress {
  host: string;
  port: number;
  via: AddressVia;
}

export interface AddressInput {
  portNumber: number;
  /** PolicyVm.publicIpAddress: the firewall in front of the VM. */
  firewallIp?: string;
  /** RequestPort.mappedPort of the current request. */
  mappedPort?: number;
  vm?: VmAddress;
}

export function chooseConnectAddress(input: AddressInput): ConnectAddress | undefined {
  if (input.firewallIp) return { host: input.firewallIp, port: input.mappedPort ?? input.portNumber, via: "firewall" };
  const publicHost = input.vm?.publicIp ?? input.vm?.fqdn;
  if (publicHost) return { host: publicHost, port: input.portNumber, via: "public" };
  if (input.vm?.privateIp) return { host: input.vm.privateIp, port: input.portNumber, via: "private" };
  return undefined;
}

/**
 * Behind Azure Firewall a client uses the DNAT port Azure maps for the current request. A closed port has no current
 * request (the next one may map another port), and an opening one may not report its mapping yet: the address is
 * unknown then, and firewall-IP:port-number would be a wrong address. Open without a mapping: the port number.
 */
export function firewallPortUnknown(input: { firewallIp?: string; accessKind: string; mappedPort?: number }): boolean {
  if (!input.firewallIp || input.accessKind === "open") return false;
  return input.accessKind !== "opening" || input.mappedPort === undefined;
}

/** "host:port" as a client types it (IPv6 literals in brackets). */
export function hostPort(address: { host: string; port: number }): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

export type ConnectKind = "ssh" | "rdp" | "other";

export function connectKind(port: number, sshPorts: readonly number[]): ConnectKind {
  if (sshPorts.includes(port)) return "ssh";
  if (port === 3389) return "rdp";
  return "other";
}
