// Connect's TCP probe against real sockets: the emulator's gate (refused before the request, open after, the
// firewall's mapped port) and a server that counts what it receives (the probe never sends a byte).
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";
import { tcpAttempt } from "../../../src/connect/tcpAttempt";

const PROD = "00000000-0000-0000-0000-00000000000a";
const hub = `/subscriptions/${PROD}/resourceGroups/rg-hub/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const jumpbox = `/subscriptions/${PROD}/resourceGroups/rg-hub/providers/Microsoft.Compute/virtualMachines/jumpbox-01`;

describe("Connect's TCP probe", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, network: {} });
  });
  after(() => emu.close());

  it("is refused by the gate before the request and gets through the firewall's mapped port after it", async () => {
    assert.equal(await tcpAttempt("127.61.99.1", 50000, 3000), "refused");
    const r = await call(emu, "POST", `${hub}/initiate?api-version=2020-01-01`, {
      body: { virtualMachines: [{ id: jumpbox, ports: [{ number: 22, duration: "PT1H" }] }] },
    });
    const mapped = (r.json as { virtualMachines: Array<{ ports: Array<{ mappedPort: number }> }> }).virtualMachines[0]
      .ports[0].mappedPort;
    assert.equal(await tcpAttempt("127.61.99.1", mapped, 3000), "refused", "still Initiating");
    await call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: 5 }, auth: null });
    assert.equal(await tcpAttempt("127.61.99.1", mapped, 3000), "open");
    assert.equal(await tcpAttempt("127.61.99.1", 22, 3000), "refused", "the port number is not what the firewall maps");
  });

  it("sends no data: the server sees a connection and zero bytes", async () => {
    let bytes = 0;
    let connections = 0;
    const closed = new Promise<void>((resolve) => {
      const server = createServer((s) => {
        connections++;
        s.on("data", (d) => (bytes += d.length));
        s.on("close", () => {
          server.close();
          resolve();
        });
      });
      server.listen(0, "127.0.0.1", async () => {
        const port = (server.address() as { port: number }).port;
        assert.equal(await tcpAttempt("127.0.0.1", port, 3000), "open");
      });
    });
    await closed;
    assert.equal(connections, 1);
    assert.equal(bytes, 0);
  });
});
