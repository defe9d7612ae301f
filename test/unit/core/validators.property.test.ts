// Properties of the other validators in src/core, stated from their standards, not from the code: RFC 1123 host
// names, POSIX portable user names, RFC 4122 GUIDs, Azure's resource group naming rule, port numbers, allowed-source
// lists (RFC 4632), the refresh setting, and the policy write's three-way merge (PUT replaces the whole VM list, so a
// write keeps every VM and port the user did not remove: docs/azure-behaviour.md#put-replaces-the-whole-vm-list).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { planPolicyWrite, type VmEdit } from "../../../src/core/policyEdit";
import { parseAllowedSources, validatePortNumber } from "../../../src/core/portRules";
import {
  MAX_REFRESH_INTERVAL_SECONDS,
  MIN_REFRESH_INTERVAL_SECONDS,
  refreshIntervalMs,
} from "../../../src/core/pollSchedule";
import { validateResourceGroupName, validateSubscriptionId } from "../../../src/core/resourceId";
import { validateHostName, validatePort, validateSshUser } from "../../../src/core/sshConfigBlock";
import type { PortRule } from "../../../src/core/types";
import { fcOptions } from "./fcConfig";

const anyText = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: "grapheme", maxLength: 10 }));

test("host names: every RFC 1123 name and dotted-quad IPv4 is accepted; any other character is refused", () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
  const name = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/))
    .map(([labels, tld]) => [...labels, tld].join("."));
  fc.assert(
    fc.property(fc.oneof(name, fc.ipV4()), (host) => {
      assert.equal(validateHostName(host), undefined, host);
    }),
    fcOptions(),
  );
  fc.assert(
    fc.property(anyText, (text) => {
      if (/[^A-Za-z0-9.-]/.test(text) || text === "")
        assert.notEqual(validateHostName(text), undefined, JSON.stringify(text));
    }),
    fcOptions(),
  );
});

test("ssh users: only POSIX portable names (A–Z a–z 0–9 . _ -, not led by '-', at most 64) are accepted", () => {
  fc.assert(
    fc.property(anyText, (user) => {
      if (validateSshUser(user) === undefined) {
        assert.match(user, /^[A-Za-z0-9._-]{1,64}$/);
        assert.ok(!user.startsWith("-"));
      }
    }),
    fcOptions(),
  );
});

test("ports: a number is accepted iff it is a whole number from 1 to 65535; typed text likewise", () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -10, max: 70_000 }), fc.double()), (n) => {
      assert.equal(validatePort(n) === undefined, Number.isInteger(n) && n >= 1 && n <= 65535, String(n));
    }),
    fcOptions(),
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: -10, max: 70_000 }).map(String),
        fc.string({ unit: fc.constantFrom(..."0123456789 +-.e,٣"), maxLength: 7 }),
      ),
      (text) => {
        const trimmed = text.trim();
        const expected = /^[0-9]+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= 65535;
        assert.equal(validatePortNumber(text) === undefined, expected, JSON.stringify(text));
      },
    ),
    fcOptions(),
  );
});

test("subscription ids: every RFC 4122 GUID is accepted, any change of its shape is refused", () => {
  fc.assert(
    fc.property(fc.uuid({ version: [1, 2, 3, 4, 5] }), fc.boolean(), (id, upper) => {
      assert.equal(validateSubscriptionId(upper ? id.toUpperCase() : id), undefined);
      assert.notEqual(validateSubscriptionId(id.slice(1)), undefined);
      assert.notEqual(validateSubscriptionId(`${id}\n`), undefined);
      assert.notEqual(validateSubscriptionId(id.replace(/-/g, "")), undefined);
    }),
    fcOptions(),
  );
});

test("resource groups: 1–90 Unicode letters, digits, _ - . ( ), not ending in '.'; anything else is refused", () => {
  const good = fc
    .string({
      unit: fc.constantFrom("a", "Z", "9", "_", "-", ".", "(", ")", "é", "Ü", "漢", "٣"),
      minLength: 1,
      maxLength: 90,
    })
    .filter((s) => !s.endsWith("."));
  fc.assert(
    fc.property(good, (name) => {
      assert.equal(validateResourceGroupName(name), undefined, name);
    }),
    fcOptions(),
  );
  fc.assert(
    fc.property(
      good,
      fc.constantFrom(" ", "/", "\n", "\u2028", "\u0085", "\u0000", "#", "%", "*", "?"),
      fc.nat(),
      (name, bad, at) => {
        const i = at % (name.length + 1);
        const text = name.slice(0, i) + bad + name.slice(i);
        assert.notEqual(validateResourceGroupName(text), undefined, JSON.stringify(text));
      },
    ),
    fcOptions(),
  );
});

test("allowed sources: every listed RFC 4632 prefix is kept once, in its network form; '*' never mixes with others", () => {
  const cidr = fc.tuple(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 1, max: 32 })).map(([n, len]) => {
    const net = (n & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
    return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join(".")}/${len}`;
  });
  fc.assert(
    fc.property(
      fc.array(cidr, { minLength: 1, maxLength: 5 }),
      fc.constantFrom(", ", ",", " ", "; "),
      fc.boolean(),
      (list, sep, withAny) => {
        const parsed = parseAllowedSources([...list, ...(withAny ? ["*"] : [])].join(sep));
        if (withAny) {
          assert.equal(parsed.ok, false);
          return;
        }
        assert.ok(parsed.ok);
        const expected = [...new Set(list.map((p) => p.replace(/\/32$/, "")))];
        assert.deepEqual(parsed.prefixes, expected);
      },
    ),
    fcOptions(),
  );
});

test("the refresh setting, whatever it holds, is a finite interval within its range", () => {
  fc.assert(
    fc.property(fc.oneof(fc.double(), fc.integer(), anyText, fc.constant(null), fc.object()), (setting) => {
      const ms = refreshIntervalMs(setting);
      assert.ok(
        Number.isFinite(ms) && ms >= MIN_REFRESH_INTERVAL_SECONDS * 1000 && ms <= MAX_REFRESH_INTERVAL_SECONDS * 1000,
        String(ms),
      );
    }),
    fcOptions(),
  );
});

test("a policy write keeps every VM and port the user did not remove, and removes exactly what they did", () => {
  const port: fc.Arbitrary<PortRule> = fc.record({
    number: fc.integer({ min: 1, max: 65535 }),
    protocol: fc.constantFrom("TCP", "UDP", "*"),
    allowedSourceAddressPrefixes: fc.constantFrom("*", "10.0.0.0/8").map((p) => [p]),
    maxRequestAccessDuration: fc.constantFrom("PT1H", "PT3H"),
  });
  const vm = fc.record({
    id: fc
      .integer({ min: 0, max: 30 })
      .map((n) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm${n}`),
    ports: fc.uniqueArray(port, { minLength: 1, maxLength: 4, selector: (p) => p.number }),
  });
  const policy = fc.uniqueArray(vm, { minLength: 1, maxLength: 6, selector: (v) => v.id });
  fc.assert(
    fc.property(policy, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (current, coin) => {
      const plain = (p: PortRule): PortRule => ({
        ...p,
        allowedSourceAddressPrefixes: [...p.allowedSourceAddressPrefixes],
      });
      // The user edits every other VM: removes the ports whose coin is set, keeps the rest as shown.
      let c = 0;
      const edits: VmEdit[] = [];
      const removed = new Map<string, Set<number>>();
      current.forEach((v, i) => {
        if (i % 2 === 1) return;
        const gone = new Set(v.ports.filter(() => coin[c++ % coin.length]).map((p) => p.number));
        removed.set(v.id, gone);
        edits.push({
          vmId: v.id,
          before: v.ports.map(plain),
          after: v.ports.filter((p) => !gone.has(p.number)).map(plain),
        });
      });
      const plan = planPolicyWrite(current, edits);
      const expected = current
        .map((v) => ({ id: v.id, ports: v.ports.filter((p) => !removed.get(v.id)?.has(p.number)) }))
        .filter((v) => v.ports.length > 0);
      if (expected.length === 0) assert.equal(plan.kind, "delete");
      else if ([...removed.values()].every((s) => s.size === 0)) assert.equal(plan.kind, "none");
      else {
        assert.equal(plan.kind, "put");
        if (plan.kind === "put")
          assert.deepEqual(
            plan.virtualMachines.map((v) => ({ id: v.id, ports: v.ports.map(plain) })),
            expected.map((v) => ({ id: v.id, ports: v.ports.map(plain) })),
          );
      }
    }),
    fcOptions(),
  );
});
