import assert from "node:assert/strict";
import { test } from "node:test";
import { chooseConnectAddress, connectKind, firewallPortUnknown, hostPort } from "../../../src/core/connectAddress";

const vm = {
  vmId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01",
  privateIp: "10.0.0.4",
  publicIp: "20.1.2.3",
};

test("firewall mapping wins: firewall public IP and the request's mapped port", () => {
  assert.deepEqual(chooseConnectAddress({ portNumber: 22, firewallIp: "52.1.1.1", mappedPort: 50022, vm }), {
    host: "52.1.1.1",
    port: 50022,
    via: "firewall",
  });
  assert.deepEqual(chooseConnectAddress({ portNumber: 22, firewallIp: "52.1.1.1" }), {
    host: "52.1.1.1",
    port: 22,
    via: "firewall",
  });
});

test("else the VM's public IP (or its DNS name), else the private IP", () => {
  assert.deepEqual(chooseConnectAddress({ portNumber: 22, vm }), { host: "20.1.2.3", port: 22, via: "public" });
  assert.deepEqual(
    chooseConnectAddress({ portNumber: 22, vm: { ...vm, publicIp: undefined, fqdn: "vm.example.com" } }),
    { host: "vm.example.com", port: 22, via: "public" },
  );
  assert.deepEqual(chooseConnectAddress({ portNumber: 3389, vm: { ...vm, publicIp: undefined } }), {
    host: "10.0.0.4",
    port: 3389,
    via: "private",
  });
  assert.equal(chooseConnectAddress({ portNumber: 22, vm: { vmId: vm.vmId } }), undefined);
});

test("host:port and the kind of client", () => {
  assert.equal(hostPort({ host: "20.1.2.3", port: 50022 }), "20.1.2.3:50022");
  assert.equal(connectKind(22, [22]), "ssh");
  assert.equal(connectKind(2222, [22, 2222]), "ssh");
  assert.equal(connectKind(3389, [22]), "rdp");
  assert.equal(connectKind(5986, [22]), "other");
});

test("behind Azure Firewall the address is unknown until access is open: closed or still unmapped, nothing to copy", () => {
  const fw = "52.1.1.1";
  for (const accessKind of ["none", "ended", "replaced", "revoked"]) {
    assert.equal(firewallPortUnknown({ firewallIp: fw, accessKind }), true, accessKind);
    // An ended request's mapping does not carry over to the next request.
    assert.equal(firewallPortUnknown({ firewallIp: fw, accessKind, mappedPort: 50022 }), true, accessKind);
  }
  assert.equal(firewallPortUnknown({ firewallIp: fw, accessKind: "opening" }), true);
  assert.equal(firewallPortUnknown({ firewallIp: fw, accessKind: "opening", mappedPort: 50022 }), false);
  assert.equal(firewallPortUnknown({ firewallIp: fw, accessKind: "open", mappedPort: 50022 }), false);
  assert.equal(
    firewallPortUnknown({ firewallIp: fw, accessKind: "open" }),
    false,
    "open without a mapping: the port number itself",
  );
  assert.equal(
    firewallPortUnknown({ accessKind: "none" }),
    false,
    "no firewall: the VM's own address is known while closed",
  );
});
