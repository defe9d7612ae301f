import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_POLICY_NAME,
  enableEdit,
  mergeVmPorts,
  planDisable,
  planEnable,
  planPolicyWrite,
  policyCovering,
  validateNameLength,
  validatePorts,
  validateVmEdits,
} from "../../../src/core/policyEdit";
import {
  newPortRule,
  parseAllowedSources,
  portAudience,
  recommendedPorts,
  validatePortNumber,
} from "../../../src/core/portRules";
import { groupByLocation, unprotectedVms } from "../../../src/core/unprotectedVms";
import type { PolicyVm, PortRule } from "../../../src/core/types";

const SUB =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/";
const vm1 = `${SUB}vm1`;
const vm2 = `${SUB}vm2`;
const vm3 = `${SUB}vm3`;

function port(number: number, extra: Partial<PortRule> = {}): PortRule {
  return { number, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT3H", ...extra };
}

function existing(): PolicyVm[] {
  return [
    { id: vm1, ports: [port(22), port(3389, { protocol: "*", allowedSourceAddressPrefixes: ["10.0.0.0/8"] })] },
    { id: vm2, ports: [port(22, { maxRequestAccessDuration: "PT1H" })], publicIpAddress: "52.1.2.3" },
  ];
}

describe("recommendedPorts", () => {
  it("suggests SSH for Linux, RDP for Windows, WinRM only when chosen, 3 h by default", () => {
    assert.deepEqual(
      recommendedPorts(["Linux"]).map((p) => p.number),
      [22],
    );
    assert.deepEqual(
      recommendedPorts(["Windows"]).map((p) => p.number),
      [3389],
    );
    assert.deepEqual(
      recommendedPorts(["Windows"], { winRm: true }).map((p) => p.number),
      [3389, 5985, 5986],
    );
    assert.deepEqual(
      recommendedPorts(["Linux", "Windows"]).map((p) => p.number),
      [22, 3389],
    );
    assert.deepEqual(
      recommendedPorts([undefined]).map((p) => p.number),
      [22, 3389],
    );
    assert.equal(recommendedPorts(["linux"])[0]?.maxRequestAccessDuration, "PT3H");
  });
});

describe("planPolicyWrite", () => {
  it("creates the policy with the VM when it does not exist yet", () => {
    const plan = planPolicyWrite(undefined, [enableEdit(vm3, [port(22)])]);
    assert.deepEqual(plan, { kind: "put", virtualMachines: [{ id: vm3, ports: [port(22)] }] });
  });

  it("adds a VM without dropping any other VM, port or firewall address", () => {
    const before = existing();
    const plan = planPolicyWrite(before, [enableEdit(vm3, [port(22)])]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(plan.virtualMachines, [...existing(), { id: vm3, ports: [port(22)] }]);
    assert.deepEqual(before, existing(), "the list read is not mutated");
  });

  it("enabling a VM someone else added meanwhile keeps the ports they set", () => {
    const plan = planPolicyWrite(existing(), [enableEdit(vm1.toUpperCase(), [port(22, { protocol: "UDP" })])]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.equal(plan.virtualMachines.length, 2, "matched case-insensitively, not added twice");
    assert.deepEqual(
      plan.virtualMachines[0]?.ports.map((p) => [p.number, p.protocol]),
      [
        [22, "UDP"],
        [3389, "*"],
      ],
    );
  });

  it("edits ports as a three-way merge: changed, removed and added, while a port added by someone else survives", () => {
    const shown = existing()[0]!.ports;
    const current = existing();
    current[0]!.ports.push(port(5985)); // added elsewhere after the form opened
    const saved = [port(22, { allowedSourceAddressPrefixes: ["192.168.1.0/24"] }), port(2222)];
    const plan = planPolicyWrite(current, [{ vmId: vm1, before: shown, after: saved }]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(plan.virtualMachines[0], { id: vm1, ports: [saved[0], port(5985), saved[1]] });
    assert.deepEqual(plan.virtualMachines[1], existing()[1]);
  });

  it("removing a VM's last port removes the VM and keeps the others", () => {
    const plan = planPolicyWrite(existing(), [{ vmId: vm2, before: existing()[1]!.ports, after: [] }]);
    assert.deepEqual(plan, { kind: "put", virtualMachines: [existing()[0]] });
  });

  it("removing the only VM deletes the policy instead of writing an empty one", () => {
    const only = [existing()[1]!];
    assert.deepEqual(planPolicyWrite(only, [{ vmId: vm2, before: only[0]!.ports, after: [] }]), { kind: "delete" });
  });

  it("writes nothing when nothing changes", () => {
    assert.deepEqual(
      planPolicyWrite(existing(), [{ vmId: vm1, before: existing()[0]!.ports, after: existing()[0]!.ports }]),
      { kind: "none" },
    );
    assert.deepEqual(planPolicyWrite(undefined, [enableEdit(vm1, [])]), { kind: "none" });
  });

  it("several VMs in one write", () => {
    const plan = planPolicyWrite(existing(), [
      enableEdit(vm3, [port(22)]),
      { vmId: vm2, before: existing()[1]!.ports, after: [] },
    ]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(
      plan.virtualMachines.map((v) => v.id),
      [vm1, vm3],
    );
  });
});

describe("planPolicyWrite: what others did meanwhile to what the user left alone survives", () => {
  // The form showed vm1 as existing()[0]: 22 (TCP, any) and 3389 (any protocol, 10.0.0.0/8).
  const shown = () => existing()[0]!.ports;

  it("another writer narrowed an untouched port's sources: it stays narrowed", () => {
    const current = existing();
    current[0]!.ports[0] = port(22, { allowedSourceAddressPrefixes: ["10.1.0.0/16"] });
    const saved = [shown()[0]!, { ...shown()[1]!, maxRequestAccessDuration: "PT1H" }]; // only 3389 changed
    const plan = planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: saved }]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(plan.virtualMachines[0]?.ports, [
      port(22, { allowedSourceAddressPrefixes: ["10.1.0.0/16"] }),
      saved[1],
    ]);
  });

  it("saving without touching anything writes nothing, even when the policy changed since", () => {
    const current = existing();
    current[0]!.ports[1] = port(3389, { protocol: "*", allowedSourceAddressPrefixes: ["10.9.9.9"] });
    assert.deepEqual(planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: shown() }]), { kind: "none" });
  });

  it("another writer removed an untouched port: it stays removed", () => {
    const current = existing();
    current[0]!.ports = [current[0]!.ports[1]!]; // 22 removed elsewhere
    const saved = [shown()[0]!, { ...shown()[1]!, protocol: "TCP" }];
    const plan = planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: saved }]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(
      plan.virtualMachines[0]?.ports.map((p) => [p.number, p.protocol]),
      [[3389, "TCP"]],
    );
  });

  it("a port the user changed but another writer removed comes back with the user's settings", () => {
    const current = existing();
    current[0]!.ports = [current[0]!.ports[0]!]; // 3389 removed elsewhere
    const changed = { ...shown()[1]!, allowedSourceAddressPrefixes: ["10.0.0.1"] };
    const plan = planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: [shown()[0]!, changed] }]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(plan.virtualMachines[0]?.ports, [port(22), changed]);
  });

  it("on a port both changed, only the fields the user changed are taken from the form", () => {
    const current = existing();
    current[0]!.ports[1] = port(3389, { protocol: "*", allowedSourceAddressPrefixes: ["10.0.0.0/24"] }); // narrowed elsewhere
    const saved = [shown()[0]!, { ...shown()[1]!, maxRequestAccessDuration: "PT30M" }];
    const plan = planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: saved }]);
    assert.equal(plan.kind, "put");
    if (plan.kind !== "put") return;
    assert.deepEqual(
      plan.virtualMachines[0]?.ports[1],
      port(3389, { protocol: "*", allowedSourceAddressPrefixes: ["10.0.0.0/24"], maxRequestAccessDuration: "PT30M" }),
    );
  });

  it("another writer removed the VM: it is not re-added, the plan says so", () => {
    const current = existing().slice(1);
    const saved = [shown()[0]!, port(8080)];
    assert.deepEqual(planPolicyWrite(current, [{ vmId: vm1, before: shown(), after: saved }]), {
      kind: "vmRemoved",
      vmIds: [vm1],
    });
    // Nor when the whole policy is gone.
    assert.deepEqual(planPolicyWrite(undefined, [{ vmId: vm1, before: shown(), after: saved }]), {
      kind: "vmRemoved",
      vmIds: [vm1],
    });
  });

  it("removing a VM someone else already removed changes nothing", () => {
    assert.deepEqual(planPolicyWrite(existing().slice(1), [{ vmId: vm1, before: shown(), after: [] }]), {
      kind: "none",
    });
  });
});

describe("mergeVmPorts", () => {
  it("renumbering a port replaces it", () => {
    assert.deepEqual(
      mergeVmPorts([port(22), port(80)], { vmId: vm1, before: [port(22)], after: [port(2022)] }).map((p) => p.number),
      [80, 2022],
    );
  });
  it("does not mutate the list read", () => {
    const current = [port(22, { allowedSourceAddressPrefixes: ["10.0.0.1"] })];
    const merged = mergeVmPorts(current, { vmId: vm1, before: [port(22)], after: [port(22, { protocol: "UDP" })] });
    merged[0]!.allowedSourceAddressPrefixes.push("10.0.0.2");
    assert.deepEqual(current, [port(22, { allowedSourceAddressPrefixes: ["10.0.0.1"] })]);
  });
});

describe("planEnable: one form for Linux and Windows VMs", () => {
  const linux = { id: vm1, osType: "Linux" };
  const windows = { id: vm2, osType: "Windows" };
  const after = (plan: ReturnType<typeof planEnable>) => plan.edits.map((e) => [e.vmId, e.after.map((p) => p.number)]);

  it("gives each VM its own OS's recommended port, not both", () => {
    const plan = planEnable([linux, windows], recommendedPorts(["Linux", "Windows"]));
    assert.deepEqual(after(plan), [
      [vm1, [22]],
      [vm2, [3389]],
    ]);
    assert.deepEqual(plan.errors, []);
    assert.deepEqual(
      plan.edits.map((e) => e.before),
      [[], []],
      "enable edits",
    );
  });

  it("WinRM, when chosen, goes to the Windows VMs only; any other port to every VM", () => {
    const plan = planEnable([linux, windows], [...recommendedPorts(["Linux", "Windows"], { winRm: true }), port(8080)]);
    assert.deepEqual(after(plan), [
      [vm1, [22, 8080]],
      [vm2, [3389, 5985, 5986, 8080]],
    ]);
  });

  it("a VM of unknown OS gets every port; a selection of one OS gets every port the user kept", () => {
    assert.deepEqual(after(planEnable([linux, windows, { id: vm3 }], recommendedPorts(["Linux", "Windows"]))), [
      [vm1, [22]],
      [vm2, [3389]],
      [vm3, [22, 3389]],
    ]);
    assert.deepEqual(after(planEnable([linux, { id: vm2, osType: "linux" }], [port(22), port(3389)])), [
      [vm1, [22, 3389]],
      [vm2, [22, 3389]],
    ]);
    assert.deepEqual(after(planEnable([windows], [port(5985)])), [[vm2, [5985]]]);
  });

  it("a VM left with no port is an error naming it", () => {
    const plan = planEnable([linux, windows], [port(3389)]);
    assert.deepEqual(
      plan.errors.map((e) => [e.field, e.vmId]),
      [["ports", vm1]],
    );
    assert.match(plan.errors[0]!.message, /vm1.*no port/);
  });

  it("portAudience labels the OS ports only in a mixed selection", () => {
    assert.equal(portAudience(22, ["Linux", "Windows"]), "linux");
    assert.equal(portAudience(5986, ["Linux", "Windows"]), "windows");
    assert.equal(portAudience(443, ["Linux", "Windows"]), undefined);
    assert.equal(portAudience(3389, ["Linux", undefined]), undefined);
  });
});

describe("planDisable", () => {
  it("removes only that VM, whatever ports it has by now", () => {
    assert.deepEqual(planDisable(existing(), [vm1]), { kind: "put", virtualMachines: [existing()[1]] });
  });
  it("deletes the policy when the last VM goes, and does nothing if the VM is already gone", () => {
    assert.deepEqual(planDisable(existing(), [vm1, vm2]), { kind: "delete" });
    assert.deepEqual(planDisable(existing(), [vm3]), { kind: "none" });
    assert.deepEqual(planDisable(undefined, [vm3]), { kind: "none" });
  });
});

describe("validation before sending", () => {
  it("56-character rule on policy name + VM name", () => {
    assert.equal(validateNameLength(DEFAULT_POLICY_NAME, SUB + "v".repeat(49)), undefined);
    const message = validateNameLength(DEFAULT_POLICY_NAME, SUB + "v".repeat(50));
    assert.ok(message?.includes("57") && message.includes("56"), message);
  });

  it("port numbers, protocol, sources, duration and duplicates each name the field and rule", () => {
    const errors = validatePorts([
      port(0),
      port(65536),
      port(1.5),
      port(22, { protocol: "" }),
      port(23, { allowedSourceAddressPrefixes: ["*", "10.0.0.1"] }),
      port(24, { allowedSourceAddressPrefixes: ["2001:db8::1"] }),
      port(25, { maxRequestAccessDuration: "PT1M" }),
      port(26, { maxRequestAccessDuration: "P2D" }),
      port(27, { maxRequestAccessDuration: "3h" }),
      port(28),
      port(28),
    ]);
    assert.deepEqual(
      errors.map((e) => [e.port, e.field]),
      [
        [0, "number"],
        [65536, "number"],
        [1.5, "number"],
        [22, "protocol"],
        [23, "sources"],
        [24, "sources"],
        [25, "duration"],
        [26, "duration"],
        [27, "duration"],
        [28, "number"],
      ],
    );
    assert.match(errors[0]!.message, /1 to 65535/);
    assert.match(errors[9]!.message, /twice/);
  });

  it("accepts a well-formed rule set", () => {
    assert.deepEqual(
      validatePorts([
        port(22),
        newPortRule(3389),
        port(5986, {
          protocol: "UDP",
          allowedSourceAddressPrefixes: ["10.0.0.1", "10.1.0.0/16"],
          maxRequestAccessDuration: "P1D",
        }),
      ]),
      [],
    );
  });

  it("validateVmEdits checks the name when a VM is added, and only the rules the user touched", () => {
    const long = SUB + "v".repeat(60);
    assert.deepEqual(validateVmEdits("default", [enableEdit(long, [])]), []);
    assert.deepEqual(
      validateVmEdits("default", [enableEdit(long, [port(22)])]).map((e) => e.field),
      ["name"],
    );
    // A rule already on the service with a service tag as source does not block editing another port.
    const odd = port(3389, { allowedSourceAddressPrefixes: ["Internet"] });
    assert.deepEqual(
      validateVmEdits("default", [{ vmId: vm1, before: [odd, port(22)], after: [odd, port(22, { protocol: "UDP" })] }]),
      [],
    );
    assert.deepEqual(
      validateVmEdits("default", [{ vmId: vm1, before: [odd], after: [odd, port(22, { protocol: "ICMP" })] }]).map(
        (e) => [e.port, e.field],
      ),
      [[22, "protocol"]],
    );
    assert.deepEqual(
      validateVmEdits("default", [{ vmId: vm1, before: [odd], after: [odd, port(3389)] }]).map((e) => [
        e.port,
        e.field,
      ]),
      [[3389, "number"]],
    );
  });

  it("port number as typed", () => {
    assert.equal(validatePortNumber(" 22 "), undefined);
    for (const bad of ["", "0", "65536", "22.5", "-1", "ssh"]) assert.ok(validatePortNumber(bad), bad);
  });

  it("allowed sources as typed", () => {
    assert.deepEqual(parseAllowedSources("any"), { ok: true, prefixes: ["*"] });
    assert.deepEqual(parseAllowedSources(" * "), { ok: true, prefixes: ["*"] });
    assert.deepEqual(parseAllowedSources("10.0.0.1, 10.1.0.0/16;10.0.0.1"), {
      ok: true,
      prefixes: ["10.0.0.1", "10.1.0.0/16"],
    });
    assert.equal(parseAllowedSources("").ok, false);
    assert.equal(parseAllowedSources("10.0.0.1, *").ok, false);
    assert.equal(parseAllowedSources("10.0.0.1, 0.0.0.0/0").ok, false);
    assert.equal(parseAllowedSources("fe80::1").ok, false);
  });
});

describe("policyCovering", () => {
  it("finds the policy already holding a VM, case-insensitively", () => {
    const policies = [{ name: "a", virtualMachines: existing() }];
    assert.equal(policyCovering(policies, vm2.toLowerCase())?.name, "a");
    assert.equal(policyCovering(policies, vm3), undefined);
  });
});

describe("unprotectedVms", () => {
  it("lists VMs no policy covers, with the reason when JIT cannot be enabled", () => {
    const listed = [
      { id: vm1.toUpperCase(), name: "vm1", location: "westeurope", osType: "Linux" },
      { id: vm3, name: "vm3", location: "westeurope", osType: "Windows" },
      { id: `${SUB}${"x".repeat(50)}`, name: "x".repeat(50), location: "eastus" },
      {
        id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ClassicCompute/virtualMachines/old",
        name: "old",
        location: "eastus",
      },
      { id: `${SUB}bare`, name: "bare", location: "eastus", hasNetworkSecurity: false },
    ];
    const result = unprotectedVms(listed, [{ virtualMachines: existing() }]);
    assert.deepEqual(
      result.map((v) => [v.name, v.unsupportedReason !== undefined]),
      [
        ["bare", true],
        ["old", true],
        ["x".repeat(50), true],
        ["vm3", false],
      ],
    );
    assert.match(result[0]!.unsupportedReason!, /network security group/);
    assert.match(result[1]!.unsupportedReason!, /Classic/);
    assert.match(result[2]!.unsupportedReason!, /56/);
    assert.deepEqual([...groupByLocation(result).keys()], ["eastus", "westeurope"]);
  });
});
