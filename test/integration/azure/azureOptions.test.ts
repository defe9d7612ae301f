// The pure parts of src/azure: clouds, the options factory, path redaction, Retry-After, error shapes, the
// SDK/wire → core mapping and the loader's concurrency bound. No network.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { cloudByName } from "../../../src/azure/cloud";
import { redactedPath } from "../../../src/azure/callLog";
import { armClientOptions } from "../../../src/azure/clientOptions";
import { JitFailure, retryAfter, toAzureFailure, toJitError } from "../../../src/azure/errors";
import { toPolicy, type JitApi } from "../../../src/azure/jit";
import { DEFAULT_CONCURRENCY, loadPolicies } from "../../../src/azure/loader";
import { groupByLocation } from "../../../src/core/policyGroups";
import type { Policy, Subscription } from "../../../src/core/types";

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: "x", expiresOnTimestamp: Date.now() + 60_000 };
  },
};

function thrown(f: () => unknown): JitFailure {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof JitFailure);
    return e;
  }
  assert.fail("expected a JitFailure");
}

describe("azure/cloud", () => {
  it("knows the three national clouds' endpoints and token scopes", () => {
    assert.deepEqual(cloudByName("AzureCloud"), {
      name: "AzureCloud",
      resourceManagerEndpoint: "https://management.azure.com",
      tokenScope: "https://management.azure.com/.default",
    });
    assert.equal(cloudByName("AzureChinaCloud").tokenScope, "https://management.chinacloudapi.cn/.default");
    assert.equal(cloudByName("AzureUSGovernment").resourceManagerEndpoint, "https://management.usgovcloudapi.net");
  });

  it("derives a custom cloud from its resource manager URL", () => {
    const cloud = cloudByName("custom", "https://127.0.0.1:8443/");
    assert.equal(cloud.resourceManagerEndpoint, "https://127.0.0.1:8443");
    assert.equal(cloud.tokenScope, "https://127.0.0.1:8443/.default");
    assert.equal(
      cloudByName("custom", " https://arm.contoso.example/base// ").resourceManagerEndpoint,
      "https://arm.contoso.example/base",
    );
    // Azure Stack Hub: the token audience is its own (activeDirectoryResourceId), not the endpoint.
    const stack = cloudByName(
      "custom",
      "https://management.local.azurestack.external/",
      "https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/",
    );
    assert.equal(stack.resourceManagerEndpoint, "https://management.local.azurestack.external");
    assert.equal(
      stack.tokenScope,
      "https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/.default",
    );
    assert.match(
      thrown(() => cloudByName("custom", "https://arm.contoso.example/", "not a uri")).error.message,
      /activeDirectoryResourceId/,
    );
  });

  it("rejects a missing, malformed or plain-http custom URL with a message naming the field", () => {
    for (const bad of [undefined, "", "management.example.com", "http://127.0.0.1:8080/", "https://x.example/?a=1"]) {
      const failure = thrown(() => cloudByName("custom", bad));
      assert.equal(failure.error.kind, "invalidInput");
      assert.match(failure.error.message, /resourceManagerEndpointUrl/);
    }
    assert.match(thrown(() => cloudByName("custom", "http://127.0.0.1/")).error.message, /https:\/\//);
  });
});

describe("azure/clientOptions", () => {
  it("sets the endpoint, both scope forms, user agent, retries and the extra CA, sharing one HTTP client", () => {
    const settings = {
      cloud: cloudByName("AzureUSGovernment"),
      credential,
      userAgentPrefix: "azure-jit-access/0.1.0",
      caPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      retry: { maxRetries: 1 },
    };
    const a = armClientOptions(settings);
    const b = armClientOptions(settings);
    assert.equal(a.endpoint, "https://management.usgovcloudapi.net");
    assert.deepEqual(a.credentialScopes, ["https://management.usgovcloudapi.net/.default"]);
    assert.deepEqual(a.credentials.scopes, ["https://management.usgovcloudapi.net/.default"]);
    assert.equal(a.userAgentOptions.userAgentPrefix, "azure-jit-access/0.1.0");
    assert.equal(a.retryOptions.maxRetries, 1);
    assert.equal(typeof a.retryOptions.retryDelayInMs, "number", "unset retry fields keep their defaults");
    assert.equal(a.tlsOptions?.ca, settings.caPem);
    assert.equal(a.httpClient, b.httpClient, "one keep-alive agent per settings");
    assert.equal(a.tlsOptions, b.tlsOptions, "the agent cache is keyed by this object's identity");
    assert.equal(a.additionalPolicies[0]!.position, "perRetry");
    assert.equal(armClientOptions({ ...settings, caPem: undefined }).tlsOptions, undefined);
  });

  it("redacts every query value but api-version and plain filters", () => {
    assert.equal(
      redactedPath("https://h/subscriptions/s/providers/X?api-version=2020-01-01&$skipToken=abc&sig=secret"),
      "/subscriptions/s/providers/X?api-version=2020-01-01&$skipToken=…&sig=…",
    );
    assert.equal(redactedPath("https://h/tenants"), "/tenants");
  });
});

describe("azure/errors", () => {
  const headers = (h: Record<string, string>) => createHttpHeaders(h);

  it("reads Retry-After in milliseconds, seconds or as an HTTP date", () => {
    assert.equal(retryAfter(headers({ "retry-after-ms": "250" }), 0), 250);
    assert.equal(retryAfter(headers({ "x-ms-retry-after-ms": "1500" }), 0), 1500);
    assert.equal(retryAfter(headers({ "retry-after": "7" }), 0), 7000);
    const now = Date.parse("2030-01-01T00:00:00Z");
    assert.equal(retryAfter(headers({ "retry-after": "Tue, 01 Jan 2030 00:00:30 GMT" }), now), 30_000);
    assert.equal(retryAfter(headers({ "retry-after": "soon" }), now), undefined);
    assert.equal(retryAfter(headers({}), now), undefined);
  });

  it("reads both the HLC and the modular error shapes", () => {
    const request = createPipelineRequest({ url: "https://h/x" });
    const response = {
      status: 404,
      headers: headers({ "x-ms-correlation-request-id": "corr-1" }),
      request,
    };
    const hlc = new RestError("Policy gone", { statusCode: 404, code: "PolicyNotFound", request, response });
    hlc.details = { code: "PolicyNotFound", message: "Policy gone" };
    const modular = new RestError("", { statusCode: 404, request, response });
    modular.details = { error: { code: "ResourceNotFound", message: "VM gone" } };
    assert.deepEqual(toAzureFailure(hlc), {
      statusCode: 404,
      code: "PolicyNotFound",
      message: "Policy gone",
      correlationId: "corr-1",
    });
    assert.deepEqual(toAzureFailure(modular), {
      statusCode: 404,
      code: "ResourceNotFound",
      message: "VM gone",
      correlationId: "corr-1",
    });
  });

  it("tells network failures, sign-in problems and cancellation apart", () => {
    const request = createPipelineRequest({ url: "https://h/x" });
    assert.equal(
      toAzureFailure(new RestError("socket hang up", { code: "ECONNRESET", request })).networkCode,
      "ECONNRESET",
    );
    const unavailable = Object.assign(new Error("Please run 'az login'"), { name: "CredentialUnavailableError" });
    assert.equal(toJitError(unavailable, "read").kind, "notSignedIn");
    assert.equal(toJitError(new Error("Failed to refresh access token."), "read").kind, "notSignedIn");
    assert.equal(toJitError(Object.assign(new Error("aborted"), { name: "AbortError" }), "read").kind, "cancelled");
    const requestSend = new RestError("connect ECONNREFUSED 127.0.0.1:1", { code: "ECONNREFUSED", request });
    assert.equal(toJitError(requestSend, "read").kind, "network");
    const kept = new JitFailure({ kind: "forbidden", message: "no" });
    assert.equal(toJitError(kept, "request"), kept.error, "an already classified failure passes through");
  });
});

describe("azure/jit mapping", () => {
  const id =
    "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
  const vm = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";

  it("maps the wire shape (properties, ISO strings, zone-less UTC) and the SDK shape (flattened, Dates) alike", () => {
    const wire = {
      id,
      name: "default",
      location: "westeurope",
      kind: "Basic",
      properties: {
        provisioningState: "Updating",
        appendMode: false,
        virtualMachines: [
          {
            id: vm,
            ports: [
              {
                number: 22,
                protocol: "*",
                allowedSourceAddressPrefixes: ["1.2.3.4", "5.6.7.0/24"],
                maxRequestAccessDuration: "PT3H",
              },
            ],
            publicIpAddress: "20.0.0.1",
          },
        ],
        requests: [
          {
            virtualMachines: [
              {
                id: vm,
                ports: [
                  {
                    number: 22,
                    allowedSourceAddressPrefix: "1.2.3.4",
                    endTimeUtc: "2030-01-01T03:00:00.1234567",
                    status: "Initiating",
                    statusReason: "UserRequested",
                    mappedPort: 50001,
                  },
                ],
              },
            ],
            startTimeUtc: "2030-01-01T00:00:00.1234567Z",
            requestor: "",
          },
        ],
      },
    };
    const fromWire = toPolicy(wire as never, { subscriptionId: "ignored" });
    assert.equal(fromWire.subscriptionId, "s1");
    assert.equal(fromWire.resourceGroup, "rg");
    assert.equal(fromWire.provisioningState, "Updating");
    assert.deepEqual(fromWire.virtualMachines[0]!.ports[0]!.allowedSourceAddressPrefixes, ["1.2.3.4", "5.6.7.0/24"]);
    const port = fromWire.requests[0]!.virtualMachines[0]!.ports[0]!;
    assert.equal(port.endTimeUtc, Date.parse("2030-01-01T03:00:00.123Z"), "no zone = UTC, not local time");
    assert.deepEqual(port.allowedSourceAddressPrefixes, ["1.2.3.4"]);
    assert.equal(port.mappedPort, 50001);
    assert.equal(fromWire.requests[0]!.justification, undefined);

    const sdk = {
      id,
      name: "default",
      location: "westeurope",
      kind: "Basic",
      provisioningState: "Updating",
      virtualMachines: wire.properties.virtualMachines,
      requests: [
        {
          ...wire.properties.requests[0]!,
          startTimeUtc: new Date("2030-01-01T00:00:00.123Z"),
          virtualMachines: [
            {
              id: vm,
              ports: [
                {
                  ...wire.properties.requests[0]!.virtualMachines[0]!.ports[0]!,
                  endTimeUtc: new Date("2030-01-01T03:00:00.123Z"),
                },
              ],
            },
          ],
        },
      ],
    };
    assert.deepEqual(toPolicy(sdk as never, { subscriptionId: "ignored" }), fromWire);
  });
});

describe("azure/loader", () => {
  const subs: Subscription[] = Array.from({ length: 40 }, (_, i) => ({
    subscriptionId: `s${i}`,
    tenantId: "t",
    displayName: `S${i}`,
  }));
  const policy = (sub: string, location: string, name: string): Policy => ({
    id: `${sub}/${location}/${name}`,
    name,
    subscriptionId: sub,
    resourceGroup: "rg",
    location,
    virtualMachines: [],
    requests: [],
  });

  it("never runs more than `concurrency` lists at once, and keeps one failure to its subscription", async () => {
    let running = 0;
    let peak = 0;
    const api = {
      async listPolicies(subscriptionId: string): Promise<Policy[]> {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        if (subscriptionId === "s7") throw new JitFailure({ kind: "forbidden", message: "no access" });
        if (subscriptionId === "s8") throw new Error("boom");
        return [policy(subscriptionId, "westeurope", "default")];
      },
    } as unknown as JitApi;
    const results = await loadPolicies(subs, () => api, { concurrency: 5 });
    assert.equal(peak, 5);
    assert.equal(results.length, 40);
    assert.equal(results[7]!.error?.kind, "forbidden");
    assert.equal(results[8]!.error?.kind !== undefined, true);
    assert.equal(results[9]!.policies!.length, 1);
    assert.equal(results.filter((r) => r.error).length, 2);

    peak = 0;
    await loadPolicies(subs, () => api);
    assert.equal(
      peak,
      Math.min(subs.length, DEFAULT_CONCURRENCY),
      "default: every subscription at once, up to the read window's bound",
    );
  });

  it("groups by location case-insensitively, regions and names sorted", () => {
    const groups = groupByLocation([
      policy("s", "westeurope", "b"),
      policy("s", "WestEurope", "a"),
      policy("s", "eastus", "default"),
    ]);
    assert.deepEqual([...groups.keys()], ["eastus", "westeurope"]);
    assert.deepEqual(
      groups.get("westeurope")!.map((p) => p.name),
      ["a", "b"],
    );
  });
});
