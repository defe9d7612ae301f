// The real SDK pipeline against a hostile Resource Manager over HTTPS (./hostileServer.ts). Each case is an answer a
// broken network, a captive portal or an attacker can give; each must end in a precise JitFailure, no write, no
// request to another host, no wait beyond the deadline and no token in any text.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { SecurityCenter } from "@azure/arm-security";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { armClientOptions } from "../../../src/azure/clientOptions";
import { isJitFailure, toJitError, type JitFailure } from "../../../src/azure/errors";
import { createJitApi } from "../../../src/azure/jit";
import { loadPolicies } from "../../../src/azure/loader";
import { listSubscriptions, listTenants } from "../../../src/azure/subscriptions";
import { createVmAddressResolver, listVirtualMachines } from "../../../src/azure/vmAddress";
import type { JitError } from "../../../src/core/errors";
import {
  SUB,
  SUB2,
  SECRET_TOKEN,
  hang,
  html,
  json,
  policyId,
  ref,
  useHostilePair,
  vmId,
  wirePolicy,
} from "./hostileServer";

// Generous: a case that hangs on the old code fails here instead of stalling the suite.
const CASE = { timeout: 15_000 };

const hostile = useHostilePair();

const path = (req: IncomingMessage) => new URL(req.url ?? "/", "https://x").pathname;
const isList = (req: IncomingMessage) => path(req).endsWith("/providers/Microsoft.Security/jitNetworkAccessPolicies");

async function failure(promise: Promise<unknown>): Promise<JitError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isJitFailure(e), `not a JitFailure: ${String(e)}`);
    return (e as JitFailure).error;
  }
  assert.fail("expected a failure, got a result");
}

function assertNoToken(error: JitError): void {
  const texts = JSON.stringify(error) + JSON.stringify(hostile().logs);
  assert.ok(!texts.includes(SECRET_TOKEN), `token leaked: ${texts}`);
  assert.ok(!texts.includes(SECRET_TOKEN.split(".")[2]!), "signature part leaked");
}

describe("hostile ARM: malformed policy answers", () => {
  it("a 200 policy GET without properties is an error naming it, and Enable JIT writes nothing", CASE, async () => {
    hostile().arm.handle((req, res) => {
      if (req.method === "GET")
        return json(res, 200, { id: policyId("default"), name: "default", location: "westeurope" });
      json(res, 200, wirePolicy("default", ["new"]));
    });
    const api = createJitApi(hostile().settings());
    const error = await failure(api.getPolicy(ref("default")));
    assert.match(error.message, /Azure's answer for policy default had no properties/);
    const write = await failure(api.updatePolicyVms(ref("default"), (vms) => [...vms, { id: vmId("new"), ports: [] }]));
    assert.match(write.message, /had no properties/);
    assert.equal(
      hostile().arm.seen.filter((s) => s.method === "PUT").length,
      0,
      "no PUT after a read that did not validate",
    );
  });

  it("an HTML login page with status 200 is an error, not 'no policies'", CASE, async () => {
    hostile().arm.handle((_req, res) => html(res, 200, "<html><body>Sign in to continue</body></html>"));
    const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
    assert.equal(error.kind, "service");
    assert.match(error.message, /JIT policies of subscription .* is text, not a JSON object/);
  });

  it("an empty body, {} and a string `value` are errors, not empty or phantom lists", CASE, async () => {
    const api = createJitApi(hostile().settings());
    hostile().arm.handle((_req, res) => json(res, 200, ""));
    assert.match((await failure(api.listPolicies(SUB))).message, /was empty|is text/);
    hostile().arm.handle((_req, res) => json(res, 200, {}));
    assert.match((await failure(api.listPolicies(SUB))).message, /had no value/);
    hostile().arm.handle((_req, res) => json(res, 200, { value: "default" }));
    assert.match((await failure(api.listPolicies(SUB))).message, /value is a string, not a list/);
  });

  it("a policy whose id is empty fails the list naming the entry", CASE, async () => {
    hostile().arm.handle((_req, res) => json(res, 200, { value: [{ ...wirePolicy("default", ["a"]), id: "" }] }));
    const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
    assert.match(error.message, /value\[0\]\.id is an empty string/);
  });

  it('a port number sent as the string "22" is an error naming its path', CASE, async () => {
    const policy = wirePolicy("default", ["a", "b"]);
    (policy.properties.virtualMachines[1]!.ports[0] as { number: unknown }).number = "22";
    hostile().arm.handle((_req, res) => json(res, 200, policy));
    const error = await failure(createJitApi(hostile().settings()).getPolicy(ref("default")));
    assert.match(error.message, /properties\.virtualMachines\[1\]\.ports\[0\]\.number is a string, not a port number/);
  });

  it("one policy whose requests is not a list does not fail the subscription; its VMs are all kept", CASE, async () => {
    hostile().arm.handle((_req, res) =>
      json(res, 200, { value: [wirePolicy("broken", ["a", "b"], { requests: "oops" }), wirePolicy("fine", ["c"])] }),
    );
    const policies = await createJitApi(hostile().settings()).listPolicies(SUB);
    assert.deepEqual(
      policies.map((p) => p.name),
      ["broken", "fine"],
    );
    assert.equal(policies[0]!.virtualMachines.length, 2);
    assert.deepEqual(policies[0]!.requests, []);
  });

  it("a GET answering another policy's id is refused before any write", CASE, async () => {
    hostile().arm.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, wirePolicy("other", ["x"]));
      json(res, 200, wirePolicy("default", ["x"]));
    });
    const api = createJitApi(hostile().settings());
    const error = await failure(api.updatePolicyVms(ref("default"), (vms) => vms));
    assert.match(error.message, /id is the id of another policy/);
    assert.equal(hostile().arm.seen.filter((s) => s.method === "PUT").length, 0);
  });

  it("a 202 initiate answer that is not a request is an error, not an empty request", CASE, async () => {
    hostile().arm.handle((_req, res) => json(res, 202, { virtualMachines: "none" }));
    const error = await failure(
      createJitApi(hostile().settings()).initiate(ref("default"), {
        virtualMachines: [{ id: vmId("a"), ports: [{ number: 22, endTimeUtc: "2030-01-01T03:00:00Z" }] }],
      }),
    );
    assert.match(error.message, /access request to policy default: virtualMachines is a string, not a list/);
  });
});

describe("hostile ARM: paging", () => {
  const page = (value: unknown[], nextLink?: string) => ({ value, ...(nextLink ? { nextLink } : {}) });

  it("a nextLink pointing at its own page is an error, not an endless list of duplicates", CASE, async () => {
    hostile().arm.handle((req, res) =>
      json(res, 200, page([wirePolicy("default", ["a"])], `${hostile().arm.url}${req.url}`)),
    );
    const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
    assert.match(error.message, /page already read/);
    assert.equal(hostile().arm.seen.length, 1);
  });

  it("two pages pointing at each other are an error", CASE, async () => {
    const a = `${hostile().arm.url}/subscriptions/${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01&$skiptoken=a`;
    const b = `${hostile().arm.url}/subscriptions/${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01&$skiptoken=b`;
    hostile().arm.handle((req, res) =>
      json(res, 200, page([wirePolicy("default", ["a"])], (req.url ?? "").includes("skiptoken=a") ? b : a)),
    );
    const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
    assert.match(error.message, /page already read/);
    assert.ok(hostile().arm.seen.length <= 3, `followed ${hostile().arm.seen.length} pages`);
  });

  it("a list that never ends stops at the page cap", CASE, async () => {
    let n = 0;
    hostile().arm.handle((_req, res) =>
      json(
        res,
        200,
        page(
          [],
          `${hostile().arm.url}/subscriptions/${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01&$skiptoken=${++n}`,
        ),
      ),
    );
    const error = await failure(
      createJitApi(hostile().settings({ limits: { attemptMs: 2000, operationMs: 10_000, maxPages: 5 } })).listPolicies(
        SUB,
      ),
    );
    assert.match(error.message, /still has more pages after 5/);
    assert.equal(hostile().arm.seen.length, 5);
  });

  for (const [what, list] of [
    ["JIT policies", () => createJitApi(hostile().settings()).listPolicies(SUB)],
    ["virtual machines", () => listVirtualMachines(hostile().settings(), SUB)],
    ["subscriptions", () => listSubscriptions(hostile().settings())],
    ["tenants", () => listTenants(hostile().settings())],
  ] as const) {
    it(
      `a foreign-origin nextLink in the ${what} list is never followed: the other host gets no request and no token`,
      CASE,
      async () => {
        hostile().foreign.handle((_req, res) => json(res, 200, { value: [] }));
        hostile().arm.handle((_req, res) =>
          json(res, 200, { value: [], nextLink: `${hostile().foreign.url}/steal?api-version=1` }),
        );
        const error = await failure(list());
        assert.match(error.message, /not this cloud's Resource Manager/);
        assert.equal(hostile().foreign.seen.length, 0, "the foreign host was contacted");
      },
    );
  }

  it(
    "the origin guard refuses any request an SDK client would send to another origin (its own pagers, redirects)",
    CASE,
    async () => {
      hostile().foreign.handle((_req, res) => json(res, 200, { value: [] }));
      // A client built from the same options as every src/azure client, asked to send where an SDK pager would go
      // if handed a foreign nextLink: the request must not leave, so the token cannot.
      const client = new SecurityCenter(hostile().settings().credential, SUB, armClientOptions(hostile().settings()));
      await assert.rejects(
        client.sendRequest(
          createPipelineRequest({
            url: `${hostile().foreign.url}/subscriptions?api-version=2022-12-01`,
            method: "GET",
          }),
        ),
        (e: unknown) => {
          assert.ok(isJitFailure(e));
          assert.match(e.error.message, /only this cloud's Resource Manager/);
          return true;
        },
      );
      assert.equal(hostile().foreign.seen.length, 0, "the foreign host was contacted");
    },
  );
});

describe("hostile ARM: deadlines and Retry-After", () => {
  it("a server that accepts the connection and never answers costs at most the deadline", CASE, async () => {
    hostile().arm.handle(hang);
    const error = await failure(createJitApi(hostile().settings()).getPolicy(ref("default")));
    assert.equal(error.kind, "network");
    assert.match(error.message, /did not finish answering within 1 s/);
  });

  it("a body that starts and never ends is cut off too", CASE, async () => {
    hostile().arm.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"value": [');
    });
    const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
    assert.equal(error.kind, "network");
  });

  it("with one subscription hung, the tree's other subscriptions still load", CASE, async () => {
    hostile().arm.handle((req, res) => {
      if (path(req).includes(SUB2) && isList(req))
        return json(res, 200, { value: [wirePolicy("default", ["a"], {}, SUB2)] });
      hang();
    });
    const api = createJitApi(hostile().settings());
    const results = await loadPolicies(
      [
        { subscriptionId: SUB, tenantId: "t", displayName: "Hung" },
        { subscriptionId: SUB2, tenantId: "t", displayName: "Fine" },
      ],
      () => api,
    );
    assert.equal(results[0]!.error?.kind, "network");
    assert.equal(results[1]!.policies?.length, 1);
  });

  for (const status of [429, 503]) {
    it(
      `a ${status} with Retry-After: 3600 fails at once saying how long Azure asks, with a retry kind`,
      CASE,
      async () => {
        hostile().arm.handle((_req, res) =>
          json(res, status, { error: { code: "TooManyRequests", message: "slow down" } }, { "retry-after": "3600" }),
        );
        const error = await failure(createJitApi(hostile().settings()).listPolicies(SUB));
        assert.match(error.message, /Azure asks to wait 60 min/);
        assert.equal(error.kind, status === 429 ? "throttled" : "service");
        assert.equal(error.retryAfterMs, 3_600_000);
        assert.equal(hostile().arm.seen.length, 1, "retried after being told to wait an hour");
      },
    );
  }

  it("a Retry-After within the cap is honoured, a bounded number of times", CASE, async () => {
    hostile().arm.handle((_req, res) =>
      json(res, 429, { error: { code: "TooManyRequests", message: "slow down" } }, { "retry-after-ms": "20" }),
    );
    const error = await failure(createJitApi(hostile().settings({ retry: { maxRetries: 50 } })).listPolicies(SUB));
    assert.equal(error.kind, "throttled");
    assert.ok(hostile().arm.seen.length <= 4, `${hostile().arm.seen.length} attempts`);
  });
});

describe("hostile ARM: tokens echoed in answers", () => {
  it("an error body echoing the Authorization header leaves no token in the JitError or the log", CASE, async () => {
    hostile().arm.handle((req, res) =>
      json(res, 400, {
        error: { code: "BadRequest", message: `Rejected header Authorization: ${req.headers.authorization}` },
      }),
    );
    const error = await failure(createJitApi(hostile().settings()).getPolicy(ref("default")));
    assert.ok(
      hostile().arm.seen[0]!.authorization?.includes(SECRET_TOKEN),
      "the server did get the token (the test's premise)",
    );
    assert.match(error.detail ?? "", /Authorization: Bearer \[redacted\]/);
    assertNoToken(error);
  });

  it("a plain-text or HTML error page echoing the token is scrubbed too", CASE, async () => {
    hostile().arm.handle((req, res) =>
      html(res, 502, `<pre>upstream failed for ${req.headers.authorization} token=${SECRET_TOKEN}</pre>`),
    );
    for (const call of [
      () => createJitApi(hostile().settings()).listPolicies(SUB),
      () => listSubscriptions(hostile().settings()),
      () => createVmAddressResolver(hostile().settings()).resolve(vmId("a")),
    ]) {
      const error = await failure(call());
      assertNoToken(error);
    }
  });

  it("a JitError built from the raw SDK error is scrubbed as well (toJitError on anything thrown)", () => {
    const error = toJitError(new Error(`boom Bearer ${SECRET_TOKEN}`), "read");
    assertNoToken(error);
  });
});

describe("hostile ARM: VM, NIC and public IP answers", () => {
  it("a NIC whose ipConfigurations is a string is an error, not a VM without addresses", CASE, async () => {
    const nicId = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Network/networkInterfaces/nic-a`;
    hostile().arm.handle((req, res) => {
      if (path(req).includes("virtualMachines")) {
        return json(res, 200, {
          id: vmId("a"),
          properties: { networkProfile: { networkInterfaces: [{ id: nicId }] } },
        });
      }
      json(res, 200, { id: nicId, properties: { ipConfigurations: "10.0.0.4" } });
    });
    const error = await failure(createVmAddressResolver(hostile().settings()).resolve(vmId("a")));
    assert.match(error.message, /network interface of a: properties\.ipConfigurations is a string, not a list/);
  });

  it("a VM list item without an id fails the list naming it", CASE, async () => {
    hostile().arm.handle((_req, res) =>
      json(res, 200, { value: [{ id: vmId("a"), name: "a", location: "westeurope" }, { name: "ghost" }] }),
    );
    const error = await failure(listVirtualMachines(hostile().settings(), SUB));
    assert.match(error.message, /value\[1\] had no|value\[1\]\.id/);
  });

  it("a subscription list with a malformed entry is an error, not a shorter list", CASE, async () => {
    hostile().arm.handle((_req, res) =>
      json(res, 200, { value: [{ subscriptionId: SUB, displayName: "A" }, { subscriptionId: 42 }] }),
    );
    const error = await failure(listSubscriptions(hostile().settings()));
    assert.match(error.message, /value\[1\]\.subscriptionId is the number 42, not a non-empty string/);
  });
});
