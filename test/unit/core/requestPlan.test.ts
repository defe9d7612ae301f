import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_JUSTIFICATION_LENGTH,
  MAX_POLICY_PLUS_VM_NAME,
  maxDurationMs,
  planInitiate,
  portRule,
  type AccessChoice,
  type FieldError,
} from "../../../src/core/requestPlan";
import { IPV6_MESSAGE } from "../../../src/core/sourceAddress";
import type { InitiateBody, Policy, PortRule } from "../../../src/core/types";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const SUB = "a1b2c3d4-0000-4000-8000-0123456789ab";
const vm = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/${name}`;
const WEB = vm("web-01");
const DB = vm("db-01");
const rule = (number: number, allowed: string[], max: string): PortRule => ({
  number,
  protocol: "TCP",
  allowedSourceAddressPrefixes: allowed,
  maxRequestAccessDuration: max,
});

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: SUB,
    resourceGroup: "rg-web",
    location: "westeurope",
    virtualMachines: [
      { id: WEB, ports: [rule(22, ["*"], "PT3H"), rule(3389, ["*"], "PT1H")] },
      { id: DB, ports: [rule(22, ["10.1.0.0/24", "203.0.113.7/32"], "PT2H"), rule(5432, ["0.0.0.0/0"], "garbage")] },
    ],
    requests: [],
    ...overrides,
  };
}

function choice(overrides: Partial<AccessChoice> = {}): AccessChoice {
  return { policy: policy(), vms: [{ vmId: WEB, ports: [22] }], durationMs: HOUR, ...overrides };
}

function body(c: AccessChoice, now = NOW): InitiateBody {
  const plan = planInitiate(c, now);
  assert.ok(plan.ok, plan.ok ? "" : JSON.stringify(plan.errors));
  return plan.body;
}

function errors(c: AccessChoice, now = NOW): FieldError[] {
  const plan = planInitiate(c, now);
  assert.ok(!plan.ok, "the plan should be refused");
  return plan.errors;
}

test("a valid choice becomes one initiate body: endTimeUtc = server now + duration, source omitted for 'my public IP'", () => {
  assert.deepEqual(body(choice()), {
    virtualMachines: [{ id: WEB, ports: [{ number: 22, endTimeUtc: "2026-11-22T13:00:00.000Z" }] }],
  });
  // The time is the one passed in (server-corrected), never the local clock.
  assert.equal(body(choice(), NOW + 90_000).virtualMachines[0].ports[0].endTimeUtc, "2026-11-22T13:01:30.000Z");
});

test("several VMs and ports go into one body, each VM with the policy's own id casing", () => {
  const b = body(
    choice({
      vms: [
        { vmId: WEB.toUpperCase(), ports: [22, 3389] },
        { vmId: DB, ports: [5432] },
      ],
      source: "203.0.113.9",
    }),
  );
  assert.deepEqual(
    b.virtualMachines.map((v) => [v.id, v.ports.map((p) => [p.number, p.allowedSourceAddressPrefix])]),
    [
      [
        WEB,
        [
          [22, "203.0.113.9"],
          [3389, "203.0.113.9"],
        ],
      ],
      [DB, [[5432, "203.0.113.9"]]],
    ],
  );
});

test("a VM listed twice is merged and a port listed twice is sent once; VMs without ports are left out", () => {
  const b = body(
    choice({
      vms: [
        { vmId: WEB, ports: [22, 22] },
        { vmId: DB, ports: [] },
        { vmId: WEB.toLowerCase(), ports: [3389, 22] },
      ],
    }),
  );
  assert.equal(b.virtualMachines.length, 1);
  assert.deepEqual(
    b.virtualMachines[0].ports.map((p) => p.number),
    [22, 3389],
  );
});

test("nothing selected: no VM, or VMs without a port", () => {
  assert.deepEqual(errors(choice({ vms: [] })), [{ field: "vms", message: "Select at least one VM." }]);
  assert.deepEqual(errors(choice({ vms: [{ vmId: WEB, ports: [] }] })), [
    { field: "ports", message: "Select at least one port." },
  ]);
});

test("a VM or a port that is not in the policy is a field error naming it", () => {
  const other = vm("other-01");
  const e = errors(
    choice({
      vms: [
        { vmId: other, ports: [22] },
        { vmId: WEB, ports: [22, 8080] },
      ],
    }),
  );
  assert.deepEqual(e, [
    { field: "vms", vmId: other, message: "VM other-01 is not in policy default." },
    { field: "ports", vmId: WEB, port: 8080, message: "Port 8080 is not in the JIT policy of VM web-01." },
  ]);
});

test("duration: at least 5 minutes (exactly 5 is fine), and not a number is refused", () => {
  assert.equal(
    body(choice({ durationMs: 5 * MIN })).virtualMachines[0].ports[0].endTimeUtc,
    "2026-11-22T12:05:00.000Z",
  );
  // NaN and Infinity have their own messages now (test/unit/core/requestPlan.property.test.ts).
  for (const durationMs of [5 * MIN - 1, 0, -HOUR]) {
    const e = errors(choice({ durationMs }));
    assert.deepEqual(e, [{ field: "duration", message: "Duration must be at least 5 minutes." }], String(durationMs));
  }
});

test("duration: never over a selected port's maxRequestAccessDuration; exactly the maximum is fine", () => {
  assert.equal(
    body(choice({ durationMs: 3 * HOUR })).virtualMachines[0].ports[0].endTimeUtc,
    "2026-11-22T15:00:00.000Z",
  );
  assert.deepEqual(errors(choice({ durationMs: 3 * HOUR + MIN })), [
    {
      field: "duration",
      vmId: WEB,
      port: 22,
      message: "Duration 3 h 1 min is over the maximum of 3 h for port 22 of web-01.",
    },
  ]);
  assert.deepEqual(
    errors(choice({ durationMs: 3 * HOUR + 1 })).map((x) => [x.field, x.port]),
    [["duration", 22]],
  );
  // The smallest maximum of the selection decides: 3389 allows 1 h.
  const e = errors(choice({ vms: [{ vmId: WEB, ports: [22, 3389] }], durationMs: 2 * HOUR }));
  assert.deepEqual(
    e.map((x) => [x.field, x.port]),
    [["duration", 3389]],
  );
  assert.match(e[0].message, /2 h is over the maximum of 1 h for port 3389 of web-01/);
});

test("duration: a port maximum the service sent but we cannot read is capped at 1 day", () => {
  const c = choice({ vms: [{ vmId: DB, ports: [5432] }] });
  assert.equal(planInitiate({ ...c, durationMs: 24 * HOUR }, NOW).ok, true);
  assert.deepEqual(
    errors({ ...c, durationMs: 24 * HOUR + MIN }).map((x) => x.field),
    ["duration"],
  );
});

test("maxDurationMs is the smallest maximum of the selected ports", () => {
  const p = policy();
  assert.equal(maxDurationMs(p, [{ vmId: WEB, ports: [22] }]), 3 * HOUR);
  assert.equal(maxDurationMs(p, [{ vmId: WEB, ports: [22, 3389] }]), HOUR);
  assert.equal(
    maxDurationMs(p, [
      { vmId: WEB, ports: [22] },
      { vmId: DB, ports: [22] },
    ]),
    2 * HOUR,
  );
  assert.equal(maxDurationMs(p, [{ vmId: DB, ports: [5432] }]), 24 * HOUR);
  assert.equal(maxDurationMs(p, []), Infinity);
  assert.equal(maxDurationMs(p, [{ vmId: WEB, ports: [] }]), Infinity);
  assert.equal(maxDurationMs(p, [{ vmId: vm("other"), ports: [22] }]), Infinity);
  assert.equal(portRule(p, WEB.toLowerCase(), 3389)?.maxRequestAccessDuration, "PT1H");
  assert.equal(portRule(p, WEB, 9999), undefined);
});

test("source: bad syntax, non-canonical CIDR and IPv6 are refused once, before any per-port check", () => {
  const bad = errors(choice({ source: "10.1.2.3/24" }));
  assert.equal(bad.length, 1);
  assert.equal(bad[0].field, "source");
  assert.match(bad[0].message, /10\.1\.2\.0\/24/);
  assert.deepEqual(errors(choice({ source: "2001:db8::1" })), [{ field: "source", message: IPV6_MESSAGE }]);
  assert.deepEqual(
    errors(choice({ source: "010.1.2.3" })).map((e) => e.field),
    ["source"],
  );
  assert.deepEqual(
    errors(choice({ source: "" })).map((e) => e.field),
    ["source"],
  );
});

test("source: 'my public IP' only fits ports open to any source", () => {
  assert.equal(planInitiate(choice({ vms: [{ vmId: DB, ports: [5432] }] }), NOW).ok, true);
  const e = errors(choice({ vms: [{ vmId: DB, ports: [22] }] }));
  assert.deepEqual(
    e.map((x) => [x.field, x.vmId, x.port]),
    [["source", DB, 22]],
  );
  assert.match(e[0].message, /^Port 22 of db-01: .*10\.1\.0\.0\/24, 203\.0\.113\.7\/32.*instead of your public IP/);
});

test("source: a limited port takes exactly one of its prefixes, not an address inside it", () => {
  const dbChoice = (source: string) => choice({ vms: [{ vmId: DB, ports: [22] }], source });
  assert.equal(body(dbChoice("10.1.0.0/24")).virtualMachines[0].ports[0].allowedSourceAddressPrefix, "10.1.0.0/24");
  const inside = errors(dbChoice("10.1.0.5"));
  assert.equal(inside[0].field, "source");
  assert.match(inside[0].message, /exactly 10\.1\.0\.0\/24/);
  assert.match(errors(dbChoice("198.51.100.1"))[0].message, /not allowed/);
});

test("source: sent in the policy's own spelling (the service compares prefixes exactly)", () => {
  const b = body(choice({ vms: [{ vmId: DB, ports: [22] }], source: "203.0.113.7" }));
  assert.equal(b.virtualMachines[0].ports[0].allowedSourceAddressPrefix, "203.0.113.7/32");
});

test("source: any source is planned when chosen (the UI confirms) and refused where the port is limited", () => {
  assert.equal(
    body(choice({ source: "0.0.0.0/0" })).virtualMachines[0].ports[0].allowedSourceAddressPrefix,
    "0.0.0.0/0",
  );
  assert.equal(body(choice({ source: "*" })).virtualMachines[0].ports[0].allowedSourceAddressPrefix, "*");
  assert.deepEqual(
    errors(choice({ vms: [{ vmId: DB, ports: [22] }], source: "*" })).map((e) => e.field),
    ["source"],
  );
  // Never sent unless chosen: the default body has no source at all.
  assert.equal("allowedSourceAddressPrefix" in body(choice()).virtualMachines[0].ports[0], false);
});

test("policy name + VM name: 56 characters pass, 57 are refused with both names and the count", () => {
  const name = "p".repeat(20);
  const vm36 = vm("v".repeat(MAX_POLICY_PLUS_VM_NAME - 20));
  const vm37 = vm("v".repeat(MAX_POLICY_PLUS_VM_NAME - 19));
  const p = policy({
    name,
    virtualMachines: [
      { id: vm36, ports: [rule(22, ["*"], "PT1H")] },
      { id: vm37, ports: [rule(22, ["*"], "PT1H")] },
    ],
  });
  assert.equal(MAX_POLICY_PLUS_VM_NAME, 56);
  assert.equal(planInitiate({ policy: p, vms: [{ vmId: vm36, ports: [22] }], durationMs: HOUR }, NOW).ok, true);
  const e = errors({ policy: p, vms: [{ vmId: vm37, ports: [22] }], durationMs: HOUR });
  assert.equal(e.length, 1);
  assert.equal(e[0].field, "vms");
  assert.equal(e[0].vmId, vm37);
  assert.match(e[0].message, /"p{20}" plus VM name "v{37}" are 57 characters; Azure allows at most 56/);
});

test("justification: trimmed, sent only when given, limited to MAX_JUSTIFICATION_LENGTH (exactly the limit passes)", () => {
  assert.equal(body(choice({ justification: "  deploy hotfix  " })).justification, "deploy hotfix");
  assert.equal("justification" in body(choice({ justification: "   " })), false);
  assert.equal("justification" in body(choice()), false);
  assert.equal(MAX_JUSTIFICATION_LENGTH, 1000);
  assert.equal(body(choice({ justification: "x".repeat(1000) })).justification?.length, 1000);
  assert.deepEqual(errors(choice({ justification: "x".repeat(1001) })), [
    { field: "justification", message: "Justification is 1001 characters long; the limit is 1000." },
  ]);
});

test("justification: required when the setting says so", () => {
  assert.deepEqual(
    errors(choice({ requireJustification: true })).map((e) => e.field),
    ["justification"],
  );
  assert.deepEqual(
    errors(choice({ requireJustification: true, justification: "  " })).map((e) => e.field),
    ["justification"],
  );
  assert.equal(body(choice({ requireJustification: true, justification: "incident 42" })).justification, "incident 42");
});

test("every problem is reported at once, each naming its field", () => {
  const e = errors(
    choice({
      vms: [
        { vmId: WEB, ports: [22, 8080] },
        { vmId: DB, ports: [22] },
      ],
      source: "::1",
      durationMs: MIN,
      justification: "y".repeat(2000),
    }),
  );
  assert.deepEqual(e.map((x) => x.field).sort(), ["duration", "justification", "ports", "source"]);
});
