// The emulator's network simulation (--network): the gate in front of each VM's loopback address lets a TCP
// connection through only while a JIT request for that VM and port is Initiated, not ended, and covers the simulated
// source (the egress IP); established connections survive the end, new ones are refused. Real sockets throughout.
import assert from "node:assert/strict";
import { createServer, connect, type Server, type Socket } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";
import { AWS_VM_ID } from "../../../emulator/scenarios/wire";

const PROD = "00000000-0000-0000-0000-00000000000a";
const Q = "?api-version=2020-01-01";
const policy = (rg: string, location = "westeurope", name = "default") =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`;
const vmId = (rg: string, vm: string) =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A TCP connection, or "refused" (ECONNREFUSED), within 5 s. */
function tryConnect(host: string, port: number): Promise<Socket | "refused"> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within 5 s`));
    }, 5000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET") resolve("refused");
      else reject(e);
    });
  });
}

/** Writes `text` and reads what comes back (the echo target sends it back; the fake sshd sends its banner). */
function exchange(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no data back within 5 s")), 5000);
    socket.once("data", (data) => {
      clearTimeout(timer);
      resolve(data.toString());
    });
    socket.once("error", reject);
    socket.write(text);
  });
}

describe("emulator network simulation: the gate", () => {
  let emu: RunningEmulator;
  let fakeSshd: Server;
  let sshdPort = 0;
  const open: Socket[] = [];
  const initiate = (rg: string, vm: string, port: Json) =>
    call(emu, "POST", `${policy(rg, "westeurope", rg === "rg-data-prod" ? "jit-data" : "default")}/initiate${Q}`, {
      body: { virtualMachines: [{ id: vmId(rg, vm), ports: [port] }] },
    });
  const advance = (seconds: number) =>
    call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: seconds }, auth: null });
  const network = async () => (await call(emu, "GET", "/_emulator/network", { auth: null })).json as Json;
  const setNetwork = (body: Json) => call(emu, "POST", "/_emulator/network", { body, auth: null });
  const address = (vm: string) => emu.network!.addressOf(vmId(vm === "db-01" ? "rg-data-prod" : "rg-web-prod", vm))!;
  const keep = (s: Socket | "refused") => {
    if (s !== "refused") open.push(s);
    return s;
  };

  before(async () => {
    fakeSshd = createServer((s) => s.end("SSH-2.0-FakeSshd\r\n"));
    await new Promise<void>((resolve) => fakeSshd.listen(0, "127.0.0.1", () => resolve()));
    sshdPort = (fakeSshd.address() as { port: number }).port;
    emu = await startEmulator({
      port: 0,
      scenario: "wire",
      network: { sshTarget: { host: "127.0.0.1", port: sshdPort } },
    });
  });
  after(async () => {
    for (const s of open) s.destroy();
    await emu.close();
    fakeSshd.close();
  });
  beforeEach(async () => {
    for (const s of open.splice(0)) s.destroy();
    await call(emu, "POST", "/_emulator/reset", { auth: null });
  });

  it("gives every public VM address and firewall address a loopback address, and ARM reports it", async () => {
    const n = await network();
    assert.equal(n.enabled, true);
    assert.equal(n.egressIp, "203.0.113.10", "the egress IP defaults to the scenario's caller IP");
    const by = new Map((n.addresses as Json[]).map((a) => [`${a.vmId.split("/").pop()}|${a.via}`, a.address]));
    assert.equal(by.get("web-01|public"), "127.61.10.4");
    assert.equal(by.get("jumpbox-01|firewall"), "127.61.99.1");
    assert.match(by.get(`${AWS_VM_ID.split("/").pop()}|external`) ?? "", /^127\.200\.\d+\.\d+$/);
    for (const a of n.addresses as Json[]) assert.match(a.address, /^127\./, `${a.vmId} stays in 127.0.0.0/8`);
    const ip = await call(
      emu,
      "GET",
      `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Network/publicIPAddresses/web-01-ip?api-version=2023-09-01`,
    );
    assert.equal(
      (ip.json as Json).properties.ipAddress,
      "127.61.10.4",
      "the public IP resource answers the loopback address",
    );
  });

  it("refuses before any request, lets the connection through once Initiated, to the echo or the SSH target", async () => {
    assert.equal(await tryConnect(address("web-01"), 22), "refused", "closed: no request");
    const r = await initiate("rg-web-prod", "web-01", { number: 22, duration: "PT1H" });
    assert.equal(r.status, 202);
    assert.equal(await tryConnect(address("web-01"), 22), "refused", "Initiating is not open yet");
    await advance(5);
    const ssh = keep(await tryConnect(address("web-01"), 22));
    assert.notEqual(ssh, "refused");
    assert.match(
      await exchange(ssh as Socket, "SSH-2.0-Test\r\n"),
      /^SSH-2\.0-FakeSshd/,
      "port 22 leads to the SSH target",
    );
    assert.equal(await tryConnect(address("web-02"), 22), "refused", "another VM stays closed");

    await initiate("rg-data-prod", "db-01", { number: 5432, duration: "PT30M" });
    await advance(5);
    const pg = keep(await tryConnect(address("db-01"), 5432));
    assert.notEqual(pg, "refused");
    assert.equal(await exchange(pg as Socket, "ping 5432"), "ping 5432", "other ports lead to the echo");
  });

  it("keeps an established connection after the end and refuses new ones", async () => {
    await initiate("rg-web-prod", "win-app-01", { number: 3389, duration: "PT1H" });
    await advance(5);
    const before = keep(await tryConnect(address("win-app-01"), 3389));
    assert.notEqual(before, "refused");
    await advance(3600);
    const status = ((await call(emu, "GET", `${policy("rg-web-prod")}${Q}`)).json as Json).properties.requests.flatMap(
      (x: Json) =>
        x.virtualMachines
          .filter((v: Json) => v.id.endsWith("/win-app-01"))
          .flatMap((v: Json) => v.ports.map((p: Json) => `${p.status}/${p.statusReason}`)),
    );
    assert.deepEqual(status, ["Revoked/Expired"], "Azure reports the window ended");
    assert.equal(await exchange(before as Socket, "still here"), "still here", "the established connection survives");
    assert.equal(await tryConnect(address("win-app-01"), 3389), "refused", "a new connection is refused");
  });

  it("lets through only sources the request covers: the recorded address, and the egress IP changed at run time", async () => {
    // bob's active request on web-02 allows 198.51.100.42 only; the emulator's caller is 203.0.113.10.
    assert.equal(await tryConnect(address("web-02"), 22), "refused");
    assert.equal((await setNetwork({ egressIp: "198.51.100.42" })).status, 200);
    assert.notEqual(keep(await tryConnect(address("web-02"), 22)), "refused", "from bob's address it gets through");
    await setNetwork({ egressIp: "198.51.100.43" });
    assert.equal(await tryConnect(address("web-02"), 22), "refused", "from the next address it does not");
    const bad = await setNetwork({ egressIp: "198.51.100.0/24" });
    assert.equal(bad.status, 400);
    assert.match((bad.json as Json).error.message, /'egressIp' must be one IPv4 address/);
  });

  it("matches a CIDR source by containment (RFC 4632), not by text", async () => {
    const r = await initiate("rg-data-prod", "db-01", {
      number: 22,
      allowedSourceAddressPrefix: "198.51.100.0/24",
      duration: "PT1H",
    });
    assert.equal(r.status, 202);
    await advance(5);
    await setNetwork({ egressIp: "198.51.100.77" });
    assert.notEqual(keep(await tryConnect(address("db-01"), 22)), "refused", "inside the /24");
    await setNetwork({ egressIp: "198.51.101.1" });
    assert.equal(await tryConnect(address("db-01"), 22), "refused", "outside the /24");
  });

  it("behind Azure Firewall: the firewall's address and the request's mapped port, not the port number", async () => {
    const r = await initiate("rg-hub", "jumpbox-01", { number: 22, duration: "PT1H" });
    const mapped = (r.json as Json).virtualMachines[0].ports[0].mappedPort as number;
    assert.ok(mapped >= 50000);
    await advance(5);
    const fw = ((await network()).addresses as Json[]).find(
      (a) => a.vmId.endsWith("/jumpbox-01") && a.via === "firewall",
    )?.address;
    assert.equal(fw, "127.61.99.1");
    const s = keep(await tryConnect(fw, mapped));
    assert.notEqual(s, "refused");
    assert.match(
      await exchange(s as Socket, "SSH-2.0-Test\r\n"),
      /^SSH-2\.0-FakeSshd/,
      "an SSH port behind the firewall leads to the SSH target",
    );
    assert.equal(await tryConnect(fw, 22), "refused", "the port number itself is not mapped");
  });

  it("models the NSG rule arriving after Initiated (nsgDelayMs), and opens an AWS instance's allocated address", async () => {
    await setNetwork({ nsgDelayMs: 30_000 });
    await initiate("rg-web-prod", "web-01", { number: 22, duration: "PT1H" });
    await advance(5);
    assert.equal(await tryConnect(address("web-01"), 22), "refused", "Initiated, but the rule is not in force yet");
    await advance(30);
    assert.notEqual(keep(await tryConnect(address("web-01"), 22)), "refused");

    const eng = "00000000-0000-0000-0000-00000000000c";
    const aws = `/subscriptions/${eng}/resourceGroups/rg-aws-connector/providers/Microsoft.Security/locations/eastus2/jitNetworkAccessPolicies/default`;
    const host = emu.network!.addressOf(AWS_VM_ID)!;
    assert.equal(await tryConnect(host, 22), "refused");
    const r = await call(emu, "POST", `${aws}/initiate${Q}`, {
      body: { virtualMachines: [{ id: AWS_VM_ID, ports: [{ number: 22, duration: "PT1H" }] }] },
    });
    assert.equal(r.status, 202);
    await advance(35);
    assert.notEqual(keep(await tryConnect(host, 22)), "refused");
  });
});

describe("emulator without --network", () => {
  it("says the simulation is off and keeps the scenario's addresses", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      assert.deepEqual((await call(emu, "GET", "/_emulator/network", { auth: null })).json, { enabled: false });
      assert.equal(
        (await call(emu, "POST", "/_emulator/network", { body: { egressIp: "198.51.100.7" }, auth: null })).status,
        400,
      );
      const ip = await call(
        emu,
        "GET",
        `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Network/publicIPAddresses/web-01-ip?api-version=2023-09-01`,
      );
      assert.equal((ip.json as Json).properties.ipAddress, "20.61.10.4");
      assert.equal(emu.network, undefined);
    } finally {
      await emu.close();
    }
  });
});
