// The manage flows' read-modify-write against a hostile Resource Manager: a read that does not validate must stop
// every write (a PUT replaces the whole VM list, docs/azure-behaviour.md#put-replaces), so no VM loses its JIT rule
// and no policy is deleted unseen.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isJitFailure } from "../../../src/azure/errors";
import { createJitApi } from "../../../src/azure/jit";
import { enableEdit } from "../../../src/core/policyEdit";
import { newPortRule } from "../../../src/core/portRules";
import { applyVmEdits, deletePolicy, removeVms } from "../../../src/manage/policyWrite";
import { html, json, policyId, ref, useHostilePair, vmId, wirePolicy } from "./hostileServer";

const CASE = { timeout: 15_000 };
const hostile = useHostilePair();

const writes = () => hostile().arm.seen.filter((s) => s.method === "PUT" || s.method === "DELETE");
const invalidAnswer = (e: unknown) => {
  assert.ok(isJitFailure(e), `not a JitFailure: ${String(e)}`);
  assert.match(e.error.message, /Azure's answer for policy default/);
  return true;
};

describe("hostile ARM: no write after a read that did not validate", () => {
  it(
    "Enable JIT after a GET of {} (status 200) writes nothing, instead of replacing the VM list with one VM",
    CASE,
    async () => {
      hostile().arm.handle((req, res) =>
        req.method === "GET" ? json(res, 200, {}) : json(res, 200, wirePolicy("default", ["new"])),
      );
      const api = createJitApi(hostile().settings());
      await assert.rejects(
        applyVmEdits(api, ref("default"), [enableEdit(vmId("new"), [newPortRule(22)])]),
        invalidAnswer,
      );
      assert.deepEqual(writes(), []);
    },
  );

  it("Disable JIT after an HTML 200 writes nothing", CASE, async () => {
    hostile().arm.handle((req, res) =>
      req.method === "GET" ? html(res, 200, "<html>portal</html>") : json(res, 200, wirePolicy("default", [])),
    );
    const api = createJitApi(hostile().settings());
    await assert.rejects(removeVms(api, ref("default"), [vmId("a")], { mayDelete: true }), invalidAnswer);
    assert.deepEqual(writes(), []);
  });

  it("Delete after a GET without properties does not delete a policy whose VMs were never seen", CASE, async () => {
    hostile().arm.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, { id: policyId("default"), name: "default" });
      res.writeHead(200);
      res.end();
    });
    const api = createJitApi(hostile().settings());
    await assert.rejects(deletePolicy(api, ref("default"), [vmId("a")]), invalidAnswer);
    assert.deepEqual(writes(), []);
  });

  it("a 404 is the one read that starts from an empty policy", CASE, async () => {
    hostile().arm.handle((req, res) => {
      if (req.method === "GET") return json(res, 404, { error: { code: "PolicyNotFound", message: "does not exist" } });
      json(res, 200, wirePolicy("default", ["new"]));
    });
    const api = createJitApi(hostile().settings());
    const outcome = await applyVmEdits(api, ref("default"), [enableEdit(vmId("new"), [newPortRule(22)])]);
    assert.equal(outcome.kind, "put");
    assert.equal(writes().length, 1);
  });
});
