// The simulated NSG (and Azure Firewall DNAT) in front of every VM: a TCP listener on the VM's loopback address
// and JIT port exists only while a JIT request for that VM and port is Initiated, not ended, and allows the
// simulated source address (the egress IP). Closed, the address refuses connections (the kernel answers RST).
// Closing a listener leaves its accepted connections alone: established connections survive the end of the window,
// as Azure documents (docs/azure-behaviour.md#established-connections-outlive-the-window); new ones are refused.
// Allowed connections are piped to a target per port: a real sshd for SSH ports, a TCP echo for the others.
import { createServer, connect, type Server, type Socket } from "node:net";
import { contains, isAnySource } from "../../src/core/sourceAddress.js";
import type { Store } from "../store.js";
import { isLoopback } from "./addresses.js";

export interface Target {
  host: string;
  port: number;
}

export interface GateOptions {
  /** The address connections appear to come from (what Azure would see). Default: the scenario's caller IP. */
  egressIp?: string;
  /** How long after `Initiated` the allow rule takes effect (models the NSG rule arriving late). Default 0. */
  nsgDelayMs?: number;
  /** Ports forwarded to `sshTarget` (default [22]); every other port goes to the TCP echo. */
  sshPorts?: number[];
  /** Where SSH ports lead (a real sshd). Without one, SSH ports go to the echo as well. */
  sshTarget?: Target;
}

export interface OpenEntry {
  address: string;
  port: number;
  vmId: string;
  portNumber: number;
  via: "public" | "firewall" | "external";
  target: "ssh" | "echo";
}

type Wanted = Map<string, OpenEntry>;

export class Gate {
  egressIp: string;
  nsgDelayMs: number;
  private readonly startEgress: string;
  private readonly startDelay: number;
  private readonly listeners = new Map<string, Server>();
  private readonly sockets = new Set<Socket>();
  private echo: Server | undefined;
  private echoPort = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Problems binding an address (e.g. a port under 1024 without root): shown by GET /_emulator/network. */
  readonly errors: string[] = [];
  accepted = 0;
  refused = 0;

  constructor(
    private readonly store: Store,
    private readonly external: ReadonlyMap<string, string>,
    private readonly options: GateOptions,
  ) {
    this.startEgress = options.egressIp ?? store.state.callerIp;
    this.startDelay = options.nsgDelayMs ?? 0;
    this.egressIp = this.startEgress;
    this.nsgDelayMs = this.startDelay;
  }

  async start(): Promise<void> {
    this.echo = createServer((socket) => {
      this.track(socket);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve, reject) => {
      this.echo!.once("error", reject);
      this.echo!.listen(0, "127.0.0.1", () => resolve());
    });
    this.echoPort = (this.echo.address() as { port: number }).port;
    await this.sync();
  }

  /** Back to the start options (POST /_emulator/reset). */
  reset(): void {
    this.egressIp = this.startEgress;
    this.nsgDelayMs = this.startDelay;
  }

  /** The loopback address of a policy VM (ARM VM public IP, or an AWS instance's allocated one). */
  addressOf(vmId: string): string | undefined {
    return this.store.vm(vmId)?.publicIp ?? this.external.get(vmId.toLowerCase());
  }

  /** Which address:port pairs let a connection through now. */
  wanted(now = this.store.clock.now()): Wanted {
    const out: Wanted = new Map();
    const sshPorts = this.options.sshPorts ?? [22];
    for (const sub of this.store.state.subscriptions) {
      for (const p of this.store.listPolicies({ subscriptionId: sub.subscriptionId })) {
        for (const r of p.requests) {
          for (const vm of r.virtualMachines) {
            const policyVm = p.virtualMachines.find((v) => v.id.toLowerCase() === vm.id.toLowerCase());
            for (const port of vm.ports) {
              if (!this.passes(port, now)) continue;
              let entry: OpenEntry | undefined;
              const target = sshPorts.includes(port.number) ? "ssh" : "echo";
              if (policyVm?.publicIpAddress) {
                if (port.mappedPort !== undefined)
                  entry = {
                    address: policyVm.publicIpAddress,
                    port: port.mappedPort,
                    vmId: vm.id,
                    portNumber: port.number,
                    via: "firewall",
                    target,
                  };
              } else {
                const address = this.addressOf(vm.id);
                const via = this.store.vm(vm.id) ? "public" : "external";
                if (address) entry = { address, port: port.number, vmId: vm.id, portNumber: port.number, via, target };
              }
              if (entry && isLoopback(entry.address)) out.set(`${entry.address}:${entry.port}`, entry);
            }
          }
        }
      }
    }
    return out;
  }

  private passes(port: Parameters<Store["portState"]>[0], now: number): boolean {
    if (this.store.portState(port).status !== "Initiated") return false;
    if (now < port.initiatedAtMs + this.nsgDelayMs) return false;
    const sources = port.allowedSourceAddressPrefixes ?? [port.allowedSourceAddressPrefix ?? "*"];
    return sources.some(
      (s) =>
        isAnySource(s) ||
        s.trim() === this.egressIp ||
        s.trim() === `${this.egressIp}/32` ||
        contains(s, this.egressIp),
    );
  }

  /** Opens and closes listeners to match the store now, and plans the next change (serialized). */
  sync(): Promise<void> {
    const run = this.chain.then(() => this.syncNow());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const wanted = this.wanted();
    for (const [key, server] of this.listeners) {
      if (wanted.has(key)) continue;
      this.listeners.delete(key);
      server.close(); // accepted connections stay: established sessions survive
    }
    for (const [key, entry] of wanted) {
      if (this.listeners.has(key)) continue;
      const server = createServer((socket) => this.accept(key, socket));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(entry.port, entry.address, () => resolve());
        });
        this.listeners.set(key, server);
      } catch (e) {
        const message = `cannot listen on ${key} for ${entry.vmId}:${entry.portNumber}: ${(e as Error).message}`;
        if (!this.errors.includes(message)) this.errors.push(message);
      }
    }
    this.plan();
  }

  /** A timer for the next moment a window opens or ends on the virtual clock (re-planned after every change). */
  private plan(): void {
    if (this.timer) clearTimeout(this.timer);
    const now = this.store.clock.now();
    let next = Infinity;
    for (const sub of this.store.state.subscriptions) {
      for (const p of this.store.listPolicies({ subscriptionId: sub.subscriptionId })) {
        for (const r of p.requests) {
          for (const vm of r.virtualMachines) {
            for (const port of vm.ports) {
              for (const at of [
                port.initiatedAtMs + this.nsgDelayMs,
                port.endTimeUtc.ms + this.store.timings.expiryLagMs,
              ]) {
                if (at > now && at < next) next = at;
              }
            }
          }
        }
      }
    }
    if (next === Infinity) return;
    this.timer = setTimeout(() => void this.sync(), Math.min(Math.max(next - now, 0) + 5, 60_000));
    this.timer.unref();
  }

  private accept(key: string, socket: Socket): void {
    this.track(socket);
    // A connection racing the end of the window (the timer has not run yet) is refused as the NSG would.
    const entry = this.wanted().get(key);
    if (!entry) {
      this.refused++;
      socket.resetAndDestroy();
      void this.sync();
      return;
    }
    this.accepted++;
    const to =
      entry.target === "ssh" && this.options.sshTarget
        ? this.options.sshTarget
        : { host: "127.0.0.1", port: this.echoPort };
    const upstream = connect(to.port, to.host);
    this.track(upstream);
    socket.pipe(upstream);
    upstream.pipe(socket);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => undefined);
  }

  /** What GET /_emulator/network shows. */
  view(): Record<string, unknown> {
    return {
      enabled: true,
      egressIp: this.egressIp,
      nsgDelayMs: this.nsgDelayMs,
      open: [...this.listeners.keys()].map((k) => this.wanted().get(k)).filter((e): e is OpenEntry => e !== undefined),
      connections: this.sockets.size,
      accepted: this.accepted,
      refused: this.refused,
      errors: this.errors,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    for (const s of this.listeners.values()) s.close();
    this.listeners.clear();
    for (const s of this.sockets) s.destroy();
    this.echo?.close();
  }
}
