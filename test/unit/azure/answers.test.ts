// Properties of the ARM answer schemas. The shapes come from the published API (Microsoft.Security
// jitNetworkAccessPolicies 2020-01-01: a policy is { id, name, location, kind, properties: { virtualMachines:
// [{ id, ports: [{ number, protocol, allowedSourceAddressPrefix(es), maxRequestAccessDuration }] }], requests } };
// every list is { value: [...], nextLink? }) and from RFC 9293 (a port is a 16-bit number), not from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { AnswerError, parsePage, parsePolicy } from "../../../src/azure/answers";
import { fcOptions } from "../core/fcConfig";

const SUB = "00000000-0000-4000-8000-00000000000a";
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);
const port = fc.integer({ min: 1, max: 65535 });
const portRule = fc.record({
  number: port,
  protocol: fc.constantFrom("TCP", "UDP", "*"),
  allowedSourceAddressPrefix: fc.constantFrom("*", "10.0.0.0/8", "203.0.113.7"),
  maxRequestAccessDuration: fc.constantFrom("PT1H", "PT3H", "PT24H"),
});
const policyVm = fc.record({
  id: name.map((n) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${n}`),
  ports: fc.array(portRule, { maxLength: 4 }),
});
const validPolicy = fc
  .tuple(name, fc.constantFrom("westeurope", "eastus"), fc.array(policyVm, { maxLength: 5 }))
  .map(([n, location, virtualMachines]) => ({
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${n}`,
    name: n,
    location,
    kind: "Basic",
    properties: { virtualMachines, requests: [], provisioningState: "Succeeded" },
  }));

/** Every (container, key) in a JSON tree, so a mutation can hit any field at any depth. */
function slots(root: unknown): Array<[Record<string | number, unknown>, string | number]> {
  const out: Array<[Record<string | number, unknown>, string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node as never, i]);
        walk(child);
      });
    } else if (node && typeof node === "object") {
      for (const [k, child] of Object.entries(node)) {
        out.push([node as never, k]);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** A valid policy with one field anywhere replaced by any JSON value, or removed. */
const mutatedPolicy = fc
  .tuple(validPolicy, fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }))
  .map(([policy, at, value]) => {
    const copy = structuredClone(policy) as unknown;
    const all = slots(copy);
    if (all.length > 0) {
      const [container, key] = all[at % all.length]!;
      if (value === undefined) delete container[key];
      else container[key] = value;
    }
    return copy;
  });

const anyAnswer = fc.oneof(
  validPolicy as fc.Arbitrary<unknown>,
  mutatedPolicy,
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything(),
);

test("any answer is rejected or yields a policy whose every VM and port came from it, none fewer", () => {
  fc.assert(
    fc.property(anyAnswer, (answer) => {
      let parsed;
      try {
        parsed = parsePolicy(answer).policy;
      } catch (e) {
        assert.ok(e instanceof AnswerError, `not an AnswerError: ${String(e)}`);
        assert.ok(e.message.length > 0 || e.problem === "missing");
        return;
      }
      const input = (
        answer as { properties: { virtualMachines: Array<{ id: unknown; ports: Array<{ number: unknown }> }> } }
      ).properties.virtualMachines;
      assert.equal(parsed.virtualMachines.length, input.length, "a VM was lost");
      parsed.virtualMachines.forEach((vm, i) => {
        assert.equal(vm.id, input[i]!.id);
        assert.equal(vm.ports.length, input[i]!.ports.length, "a port was lost");
        vm.ports.forEach((p, j) => {
          // Taken as is: a number in the input, an integer port (RFC 9293), never a converted string.
          assert.equal(p.number, input[i]!.ports[j]!.number);
          assert.ok(Number.isInteger(p.number) && p.number >= 1 && p.number <= 65535);
        });
      });
      assert.ok(parsed.id !== "", "an empty id was accepted");
    }),
    fcOptions(),
  );
});

test("every valid policy is accepted whole", () => {
  fc.assert(
    fc.property(validPolicy, (answer) => {
      const { policy, droppedRequests } = parsePolicy(answer);
      assert.deepEqual(droppedRequests, []);
      assert.deepEqual(
        policy.virtualMachines.map((vm) => [vm.id, vm.ports.map((p) => p.number)]),
        answer.properties.virtualMachines.map((vm) => [vm.id, vm.ports.map((p) => p.number)]),
      );
    }),
    fcOptions(),
  );
});

test("a port number written as a string is always rejected, wherever it is", () => {
  fc.assert(
    fc.property(
      validPolicy.filter((p) => p.properties.virtualMachines.some((vm) => vm.ports.length > 0)),
      fc.nat(),
      (answer, pick) => {
        const ports = answer.properties.virtualMachines.flatMap((vm) => vm.ports);
        const target = ports[pick % ports.length]!;
        (target as { number: unknown }).number = String(target.number);
        assert.throws(
          () => parsePolicy(answer),
          (e: unknown) => e instanceof AnswerError && /ports\[\d+\]\.number$/.test(e.path),
        );
      },
    ),
    fcOptions(),
  );
});

test("any page is rejected or keeps exactly its value list and a string nextLink", () => {
  const page = fc.oneof(
    fc.record({
      value: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      nextLink: fc.option(fc.webUrl(), { nil: undefined }),
    }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  fc.assert(
    fc.property(page, (answer) => {
      let parsed;
      try {
        parsed = parsePage(answer);
      } catch (e) {
        assert.ok(e instanceof AnswerError);
        return;
      }
      const input = answer as { value: unknown[]; nextLink?: unknown };
      assert.ok(Array.isArray(input.value));
      assert.equal(parsed.value, input.value);
      if (parsed.nextLink !== undefined) assert.equal(parsed.nextLink, input.nextLink);
    }),
    fcOptions(),
  );
});
