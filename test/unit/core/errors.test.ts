import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyError, requiredPermissions, type JitAction } from "../../../src/core/errors";
import { IPV6_MESSAGE } from "../../../src/core/sourceAddress";

const POLICY_ID =
  "/subscriptions/a1b2c3d4-0000-4000-8000-0123456789ab/resourceGroups/rg-web/providers/Microsoft.Security/locations/centralus/jitNetworkAccessPolicies/default";
// Service texts as recorded or reported (docs/azure-behaviour.md#service-error-texts).
const NOT_SUBSET = `The given access request is not a subset of policy '${POLICY_ID}'. Please make sure that the access request is within the allowed policy properties.`;
const NOT_FOUND = `Just-In-Time Network Access Policy '${POLICY_ID}' does not exist.`;
const ACTIONS: JitAction[] = ["read", "request", "configure"];

test("requiredPermissions lists the Defender for Cloud table for each action (docs/azure-behaviour.md#permissions)", () => {
  const jit = "Microsoft.Security/locations/jitNetworkAccessPolicies";
  assert.deepEqual(requiredPermissions("configure"), [`${jit}/write`, "Microsoft.Compute/virtualMachines/write"]);
  assert.deepEqual(requiredPermissions("request"), [
    `${jit}/initiate/action`,
    `${jit}/*/read`,
    "Microsoft.Compute/virtualMachines/read",
    "Microsoft.Network/networkInterfaces/*/read",
    "Microsoft.Network/publicIPAddresses/read",
  ]);
  const read = requiredPermissions("read");
  for (const p of [
    `${jit}/read`,
    `${jit}/initiate/action`,
    "Microsoft.Security/policies/read",
    "Microsoft.Security/pricings/read",
    "Microsoft.Compute/virtualMachines/read",
    "Microsoft.Network/*/read",
  ]) {
    assert.ok(read.includes(p), p);
  }
});

test("401 and credential failures are notSignedIn, whatever the action", () => {
  for (const failure of [
    { statusCode: 401, code: "InvalidAuthenticationToken", message: "The access token is invalid." },
    { statusCode: 401 },
    { code: "ExpiredAuthenticationToken" },
    { code: "CredentialUnavailableError", message: "Please run 'az login' to set up an account." },
    { code: "AuthenticationRequiredError" },
    { code: "NotSignedIn" },
  ]) {
    for (const action of ACTIONS) {
      const e = classifyError(failure, action);
      assert.equal(e.kind, "notSignedIn", JSON.stringify(failure));
      assert.match(e.message, /Sign in/);
    }
  }
});

test("403 AuthorizationFailed is forbidden, with the permissions the action needs in the data and the message", () => {
  for (const action of ACTIONS) {
    const e = classifyError(
      {
        statusCode: 403,
        code: "AuthorizationFailed",
        message: "The client 'x' does not have authorization",
        correlationId: "c-1",
      },
      action,
    );
    assert.equal(e.kind, "forbidden");
    assert.deepEqual(e.permissions, requiredPermissions(action));
    for (const p of requiredPermissions(action)) assert.ok(e.message.includes(p), `${action}: ${p}`);
    assert.equal(e.detail, "The client 'x' does not have authorization");
    assert.equal(e.correlationId, "c-1");
  }
  assert.match(classifyError({ statusCode: 403 }, "configure").message, /configure JIT policies/);
  assert.match(classifyError({ statusCode: 403 }, "request").message, /request JIT access/);
  assert.match(classifyError({ statusCode: 403 }, "read").message, /read JIT policies/);
});

test("403 LinkedAuthorizationFailed is forbidden and points at the VM write permission (docs/azure-behaviour.md#linked-authorization-failed)", () => {
  const e = classifyError(
    {
      statusCode: 403,
      code: "LinkedAuthorizationFailed",
      message:
        "The client has permission to perform action, however the linked subscription 'subscriptions' was not found.",
    },
    "configure",
  );
  assert.equal(e.kind, "forbidden");
  assert.match(e.message, /linked resource \(the VM\).*Microsoft\.Compute\/virtualMachines\/write/);
  // The code alone (no status) is enough.
  assert.equal(classifyError({ code: "LinkedAuthorizationFailed" }, "configure").kind, "forbidden");
});

test("an Azure Policy deny is forbidden without a misleading permission list", () => {
  const e = classifyError(
    { statusCode: 403, code: "RequestDisallowedByPolicy", message: "Resource 'default' was disallowed by policy." },
    "configure",
  );
  assert.equal(e.kind, "forbidden");
  assert.equal(e.permissions, undefined);
  assert.match(e.message, /Azure Policy assignment.*disallowed by policy/);
});

test("404 is notFound, PolicyNotFound saying the policy is gone", () => {
  const e = classifyError({ statusCode: 404, code: "PolicyNotFound", message: NOT_FOUND }, "request");
  assert.equal(e.kind, "notFound");
  assert.match(e.message, /JIT policy no longer exists/);
  assert.equal(e.detail, NOT_FOUND);
  assert.match(classifyError({ statusCode: 404, code: "SubscriptionNotFound" }, "read").message, /subscription/);
  assert.match(classifyError({ statusCode: 404, code: "ResourceGroupNotFound" }, "read").message, /resource group/);
  assert.match(classifyError({ statusCode: 404 }, "read").message, /could not find/);
  assert.equal(classifyError({ code: "ResourceNotFound" }, "read").kind, "notFound");
});

test("not-a-subset is recognised by the message prefix, whatever the status and code", () => {
  for (const failure of [
    { statusCode: 400, code: "BadRequest", message: NOT_SUBSET },
    { statusCode: 400, code: "InvalidInitiateInput", message: NOT_SUBSET },
    { statusCode: 409, message: NOT_SUBSET },
    { message: `  ${NOT_SUBSET.toUpperCase()}` },
  ]) {
    const e = classifyError(failure, "request");
    assert.equal(e.kind, "notSubset", JSON.stringify(failure));
    assert.equal(e.allowedSources, undefined);
    assert.match(e.message, /outside what the policy allows/);
  }
  // The text merely mentioning it later is not the service's refusal.
  assert.notEqual(classifyError({ statusCode: 400, message: `Error: ${NOT_SUBSET}` }, "request").kind, "notSubset");
});

test("not-a-subset names the allowed prefixes when the caller passes them", () => {
  const e = classifyError({ statusCode: 400, message: NOT_SUBSET }, "request", {
    allowedSources: [" 10.1.0.0/24 ", "", "203.0.113.7"],
  });
  assert.equal(e.kind, "notSubset");
  assert.deepEqual(e.allowedSources, ["10.1.0.0/24", "203.0.113.7"]);
  assert.match(e.message, /10\.1\.0\.0\/24, 203\.0\.113\.7/);
  assert.match(e.message, /exactly one/);
  assert.equal(
    classifyError({ statusCode: 400, message: NOT_SUBSET }, "request", { allowedSources: [] }).allowedSources,
    undefined,
  );
});

test("the IPv6 refusal is its own kind, repeating the service's reason and what to use instead", () => {
  const e = classifyError({ statusCode: 400, code: "BadRequest", message: IPV6_MESSAGE }, "request");
  assert.equal(e.kind, "ipv6");
  assert.ok(e.message.startsWith(IPV6_MESSAGE));
  assert.match(e.message, /IPv4/);
  // Any other mention of IPv6 is not that refusal.
  assert.equal(
    classifyError({ statusCode: 400, message: "IPv6 prefixes are not supported in NSG rule 'x'" }, "configure").kind,
    "invalidInput",
  );
});

test("400 InvalidInitiateInput is invalidInput with the service's words", () => {
  const message = "Only one of fields 'EndTimeUtc' and 'Duration' can be set.";
  const e = classifyError({ statusCode: 400, code: "InvalidInitiateInput", message }, "request");
  assert.equal(e.kind, "invalidInput");
  assert.ok(e.message.endsWith(message));
  assert.equal(classifyError({ code: "InvalidInitiateInput" }, "request").kind, "invalidInput");
  assert.match(classifyError({ statusCode: 400 }, "request").message, /400/);
});

test("429 is throttled, with Retry-After in whole seconds (at least 1)", () => {
  const e = classifyError({ statusCode: 429, code: "TooManyRequests", retryAfterMs: 17_200 }, "read");
  assert.equal(e.kind, "throttled");
  assert.equal(e.retryAfterMs, 17_200);
  assert.match(e.message, /18 s/);
  assert.match(classifyError({ statusCode: 429, retryAfterMs: 0 }, "read").message, /1 s/);
  const noHeader = classifyError({ statusCode: 429 }, "read");
  assert.equal(noHeader.retryAfterMs, undefined);
  assert.match(noHeader.message, /a minute/);
  assert.equal(classifyError({ statusCode: 429, retryAfterMs: NaN }, "read").retryAfterMs, undefined);
});

test("5xx is service, with the status", () => {
  for (const statusCode of [500, 502, 503, 504]) {
    const e = classifyError({ statusCode, message: "Internal server error has occurred." }, "configure");
    assert.equal(e.kind, "service");
    assert.ok(e.message.includes(String(statusCode)));
  }
});

test("socket errors are network failures, from networkCode or a bare code without a status", () => {
  for (const code of [
    "ECONNREFUSED",
    "ENOTFOUND",
    "ETIMEDOUT",
    "ECONNRESET",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "REQUEST_SEND_ERROR",
  ]) {
    const e = classifyError({ networkCode: code, message: `connect ${code} 127.0.0.1:443` }, "read");
    assert.equal(e.kind, "network", code);
    assert.match(e.message, new RegExp(`${code}.*network connection`));
    assert.equal(classifyError({ code }, "read").kind, "network", code);
  }
  // ENOTFOUND is DNS, not an ARM 404.
  assert.notEqual(classifyError({ code: "ENOTFOUND" }, "read").kind, "notFound");
});

test("certificate failures are network failures that say which certificate setting to fix", () => {
  const e = classifyError(
    { networkCode: "SELF_SIGNED_CERT_IN_CHAIN", message: "self-signed certificate in certificate chain" },
    "read",
  );
  assert.equal(e.kind, "network");
  assert.match(e.message, /certificate.*azureJit\.customCloudCaFile/);
});

test("cancellation is its own kind", () => {
  assert.equal(
    classifyError({ code: "AbortError", message: "The operation was aborted." }, "request").kind,
    "cancelled",
  );
  assert.equal(classifyError({ networkCode: "ABORT_ERR" }, "request").kind, "cancelled");
});

test("anything else is unknown and still says what Azure said", () => {
  const conflict = classifyError(
    { statusCode: 409, code: "Conflict", message: "Another operation is in progress." },
    "configure",
  );
  assert.equal(conflict.kind, "unknown");
  assert.match(conflict.message, /409.*Another operation is in progress/);
  const weird = classifyError({ message: "socket hang up" }, "read");
  assert.equal(weird.kind, "unknown");
  assert.match(weird.message, /socket hang up/);
  assert.equal(classifyError({}, "read").message, "Unexpected error.");
  assert.equal(classifyError({}, "read").detail, undefined);
});

test("the not-a-subset and IPv6 texts win over a 403 too (the service's status for them was never captured)", () => {
  const subset = classifyError({ statusCode: 403, code: "Forbidden", message: NOT_SUBSET }, "request", {
    allowedSources: ["10.1.0.0/24"],
  });
  assert.equal(subset.kind, "notSubset");
  assert.equal(subset.permissions, undefined);
  assert.deepEqual(subset.allowedSources, ["10.1.0.0/24"]);
  assert.equal(classifyError({ statusCode: 403, message: IPV6_MESSAGE }, "request").kind, "ipv6");
});

test("a 503's Retry-After is kept for the caller's retry", () => {
  assert.equal(classifyError({ statusCode: 503, retryAfterMs: 5000 }, "read").retryAfterMs, 5000);
  assert.equal(classifyError({ statusCode: 503 }, "read").retryAfterMs, undefined);
  assert.equal(classifyError({ statusCode: 503, retryAfterMs: NaN }, "read").retryAfterMs, undefined);
});

test("any networkCode without an HTTP answer is a network failure, even one not listed", () => {
  for (const networkCode of ["ERR_SOCKET_CONNECTION_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ENETDOWN"]) {
    const e = classifyError({ networkCode, message: "boom" }, "read");
    assert.equal(e.kind, "network", networkCode);
    assert.ok(e.message.includes(networkCode));
  }
  // With an HTTP status the answer decides, not the code.
  assert.equal(classifyError({ statusCode: 409, networkCode: "ENETDOWN" }, "read").kind, "unknown");
});
