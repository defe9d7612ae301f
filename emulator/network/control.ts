// GET/POST /_emulator/network: the simulation's addresses, what is open now, and the egress IP / NSG delay knobs.
import { parseSource } from "../../src/core/sourceAddress.js";
import { reply, type Reply } from "../context.js";
import { vmIdOf, type Store } from "../store.js";
import { armError } from "../wire.js";
import type { Gate } from "./gate.js";

export interface NetworkAddress {
  vmId: string;
  address: string;
  via: "public" | "firewall" | "external";
}

export function networkAddresses(store: Store, external: ReadonlyMap<string, string>): NetworkAddress[] {
  const out: NetworkAddress[] = [];
  for (const vm of store.state.vms)
    if (vm.publicIp) out.push({ vmId: vmIdOf(vm), address: vm.publicIp, via: "public" });
  for (const sub of store.state.subscriptions) {
    for (const p of store.listPolicies({ subscriptionId: sub.subscriptionId })) {
      for (const v of p.virtualMachines) {
        if (v.publicIpAddress) out.push({ vmId: v.id, address: v.publicIpAddress, via: "firewall" });
        else if (external.has(v.id.toLowerCase()))
          out.push({ vmId: v.id, address: external.get(v.id.toLowerCase())!, via: "external" });
      }
    }
  }
  return out;
}

const bad = (message: string): Reply => reply(400, armError("InvalidControlRequest", message));

export function networkRoute(
  method: string,
  body: unknown,
  store: Store,
  gate: Gate | undefined,
  external: ReadonlyMap<string, string>,
): Reply {
  if (!gate) {
    if (method === "GET") return reply(200, { enabled: false });
    return bad("The network simulation is off: start the emulator with --network (or network: {} in startEmulator).");
  }
  if (method === "GET") return reply(200, { ...gate.view(), addresses: networkAddresses(store, external) });
  if (method !== "POST")
    return reply(404, armError("NotFound", `No emulator control at ${method} /_emulator/network.`));
  const b = (body ?? {}) as { egressIp?: unknown; nsgDelayMs?: unknown };
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("The body must be an object with 'egressIp' and/or 'nsgDelayMs'.");
  if (b.egressIp !== undefined) {
    const parsed = typeof b.egressIp === "string" ? parseSource(b.egressIp) : undefined;
    if (!parsed?.ok || parsed.source.kind !== "ipv4")
      return bad("The field 'egressIp' must be one IPv4 address such as 198.51.100.7.");
  }
  if (
    b.nsgDelayMs !== undefined &&
    (typeof b.nsgDelayMs !== "number" || !Number.isInteger(b.nsgDelayMs) || b.nsgDelayMs < 0)
  )
    return bad("The field 'nsgDelayMs' must be a whole number of milliseconds, 0 or more.");
  if (typeof b.egressIp === "string") gate.egressIp = b.egressIp.trim();
  if (typeof b.nsgDelayMs === "number") gate.nsgDelayMs = b.nsgDelayMs;
  return reply(200, { egressIp: gate.egressIp, nsgDelayMs: gate.nsgDelayMs });
}
