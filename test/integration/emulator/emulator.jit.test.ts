// The emulator's JIT operations against the real service's behaviour (docs/azure-behaviour.md): lists, get, PUT, DELETE, initiate and the status
// timeline driven by the virtual clock, validation texts, unordered requests, firewall ports, forbidden sub.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call, type EmulatorResponse } from "../../../emulator/testClient";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";
const Q = "?api-version=2020-01-01";
const vmId = (rg: string, name: string, sub = SUB_A) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const policyPath = (rg: string, loc: string, name: string, sub = SUB_A) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Security/locations/${loc}/jitNetworkAccessPolicies/${name}`;
const WEB = policyPath("rg-web-prod", "westeurope", "default");
const DATA = policyPath("rg-data-prod", "westeurope", "jit-data");
const HUB = policyPath("rg-hub", "westeurope", "default");
const NOT_SUBSET = "The given access request is not a subset of policy";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("emulator JIT operations", () => {
  let emu: RunningEmulator;
  const req = (method: string, path: string, body?: unknown): Promise<EmulatorResponse> =>
    call(emu, method, path, { body });
  const advance = (seconds: number) => call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: seconds } });
  const initiate = (path: string, body: unknown) => req("POST", `${path}/initiate${Q}`, body);
  const port22 = (vm: string, rg = "rg-web-prod", extra: Json = { duration: "PT1H" }) => ({
    virtualMachines: [{ id: vmId(rg, vm), ports: [{ number: 22, ...extra }] }],
  });

  before(async () => {
    emu = await startEmulator({ port: 0 });
  });
  after(() => emu.close());
  beforeEach(async () => {
    await call(emu, "POST", "/_emulator/reset");
  });

  it("lists policies at subscription, region, resource group and RG+region scope", async () => {
    const names = async (path: string) =>
      ((await req("GET", path + Q)).json as Json).value
        .map((p: Json) => p.id.split("/").slice(4, 5)[0] + "/" + p.location + "/" + p.name)
        .sort();
    assert.deepEqual(await names(`/subscriptions/${SUB_A}/providers/Microsoft.Security/jitNetworkAccessPolicies`), [
      "rg-data-prod/westeurope/jit-data",
      "rg-hub/westeurope/default",
      "rg-web-prod/northeurope/default",
      "rg-web-prod/westeurope/default",
    ]);
    assert.deepEqual(
      await names(`/subscriptions/${SUB_A}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies`),
      ["rg-data-prod/westeurope/jit-data", "rg-hub/westeurope/default", "rg-web-prod/westeurope/default"],
    );
    assert.deepEqual(
      await names(
        `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Security/jitNetworkAccessPolicies`,
      ),
      ["rg-web-prod/northeurope/default", "rg-web-prod/westeurope/default"],
    );
    assert.deepEqual(
      await names(
        `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/northeurope/jitNetworkAccessPolicies`,
      ),
      ["rg-web-prod/northeurope/default"],
    );
    const empty = await req(
      "GET",
      `/subscriptions/${SUB_A}/resourceGroups/rg-empty/providers/Microsoft.Security/jitNetworkAccessPolicies${Q}`,
    );
    assert.equal(empty.text, '{"value":[]}');
  });

  it("gets a policy with past requests whose statuses follow their times", async () => {
    const r = await req("GET", WEB + Q);
    assert.equal(r.status, 200);
    const p = r.json as Json;
    assert.equal(p.type, "Microsoft.Security/locations/jitNetworkAccessPolicies");
    assert.equal(p.properties.provisioningState, "Succeeded");
    assert.equal(p.properties.appendMode, false);
    const byUser = Object.fromEntries(
      p.properties.requests.map((q: Json) => [
        q.requestor + "|" + (q.justification ?? ""),
        q.virtualMachines[0].ports[0],
      ]),
    );
    assert.equal(byUser["bob@contoso.com|Investigating incident INC-1042"].status, "Initiated");
    assert.equal(byUser["alice@contoso.com|Deploy hotfix 4.2.1"].status, "Revoked");
    assert.equal(byUser["alice@contoso.com|Deploy hotfix 4.2.1"].statusReason, "Expired");
    assert.equal(byUser["jit.user@contoso.com|Routine maintenance"].statusReason, "Expired");
  });

  it("answers 404 PolicyNotFound with the real message, also for initiate", async () => {
    const missing = policyPath("rg-web-prod", "westeurope", "nope");
    const r = await req("GET", missing + Q);
    assert.equal(r.status, 404);
    assert.equal(
      r.text,
      `{"error":{"code":"PolicyNotFound","message":"Just-In-Time Network Access Policy '${missing}' does not exist."}}`,
    );
    const i = await initiate(missing, port22("web-01"));
    assert.equal(i.status, 404);
    assert.equal((i.json as Json).error.code, "PolicyNotFound");
  });

  it("matches paths case-insensitively and requires api-version", async () => {
    const lower = WEB.replace("Microsoft.Security", "microsoft.security")
      .replace("jitNetworkAccessPolicies", "JITNETWORKACCESSPOLICIES")
      .replace("resourceGroups", "resourcegroups");
    assert.equal((await req("GET", lower + Q)).status, 200);
    assert.equal((await req("POST", `${lower}/Initiate${Q}`, port22("web-01"))).status, 202);
    const none = await req("GET", WEB);
    assert.equal(none.status, 400);
    assert.equal((none.json as Json).error.code, "MissingApiVersionParameter");
  });

  it("initiates with Initiating, turns Initiated after the delay and Revoked/Expired at the end time", async () => {
    const r = await initiate(WEB, port22("web-01", "rg-web-prod", { duration: "PT1H" }));
    assert.equal(r.status, 202);
    const body = r.json as Json;
    const port = body.virtualMachines[0].ports[0];
    assert.equal(port.status, "Initiating");
    assert.equal(port.statusReason, "UserRequested");
    assert.equal(port.allowedSourceAddressPrefix, "203.0.113.10");
    assert.equal(body.requestor, "jit.user@contoso.com");
    assert.equal(Date.parse(port.endTimeUtc) - Date.parse(body.startTimeUtc), 3_600_000);
    assert.match(body.startTimeUtc, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/);
    const find = async () =>
      ((await req("GET", WEB + Q)).json as Json).properties.requests.find(
        (q: Json) => q.startTimeUtc === body.startTimeUtc,
      );
    assert.equal((await find()).virtualMachines[0].ports[0].status, "Initiating");
    await advance(3);
    assert.equal((await find()).virtualMachines[0].ports[0].status, "Initiated");
    await advance(3600);
    const ended = (await find()).virtualMachines[0].ports[0];
    assert.deepEqual([ended.status, ended.statusReason, ended.endTimeUtc], ["Revoked", "Expired", port.endTimeUtc]);
  });

  it("keeps the client's endTimeUtc and justification", async () => {
    const end = new Date(Date.now() + 30 * 60_000).toISOString();
    const r = await initiate(WEB, {
      ...port22("web-02", "rg-web-prod", { endTimeUtc: end, allowedSourceAddressPrefix: "198.51.100.9" }),
      justification: "deploy",
    });
    assert.equal(r.status, 202);
    const body = r.json as Json;
    assert.equal(Date.parse(body.virtualMachines[0].ports[0].endTimeUtc), Date.parse(end));
    assert.equal(body.virtualMachines[0].ports[0].allowedSourceAddressPrefix, "198.51.100.9");
    assert.equal(body.justification, "deploy");
    const seven = await initiate(WEB, port22("web-02", "rg-web-prod", { endTimeUtc: "2099-01-01T00:00:00.1234567Z" }));
    assert.equal(seven.status, 400, "an end time beyond the policy maximum is not a subset");
  });

  it("requires exactly one of endTimeUtc and duration, before looking the policy up", async () => {
    const text =
      '{"error":{"code":"InvalidInitiateInput","message":"Only one of fields \'EndTimeUtc\' and \'Duration\' can be set."}}';
    const neither = await initiate(WEB, port22("web-01", "rg-web-prod", {}));
    assert.equal(neither.status, 400);
    assert.equal(neither.text, text);
    const both = await initiate(
      WEB,
      port22("web-01", "rg-web-prod", { duration: "PT1H", endTimeUtc: new Date(Date.now() + 60_000).toISOString() }),
    );
    assert.equal(both.text, text);
    const missingPolicy = await initiate(
      policyPath("rg-web-prod", "westeurope", "nope"),
      port22("web-01", "rg-web-prod", {}),
    );
    assert.equal(missingPolicy.status, 400);
  });

  it("rejects requests outside the policy with the not-a-subset message", async () => {
    const cases: Array<[string, string, unknown]> = [
      ["VM not in policy", WEB, port22("build-agent-01", "rg-tools")],
      [
        "port not in policy",
        WEB,
        { virtualMachines: [{ id: vmId("rg-web-prod", "web-01"), ports: [{ number: 3389, duration: "PT1H" }] }] },
      ],
      ["duration over the max", WEB, port22("web-01", "rg-web-prod", { duration: "PT4H" })],
      [
        "duration a minute over the max (no clock skew to absorb)",
        WEB,
        port22("web-01", "rg-web-prod", { duration: "PT3H1M" }),
      ],
      [
        "end time in the past",
        WEB,
        port22("web-01", "rg-web-prod", { endTimeUtc: new Date(Date.now() - 60_000).toISOString() }),
      ],
      [
        "single IP in a CIDR-limited port",
        DATA,
        port22("db-01", "rg-data-prod", { duration: "PT1H", allowedSourceAddressPrefix: "198.51.100.7" }),
      ],
      ["caller IP on a CIDR-limited port", DATA, port22("db-01", "rg-data-prod", { duration: "PT1H" })],
    ];
    for (const [what, path, body] of cases) {
      const r = await initiate(path, body);
      assert.equal(r.status, 400, what);
      assert.ok((r.json as Json).error.message.startsWith(`${NOT_SUBSET} '${path}'.`), what);
    }
    const exact = await initiate(
      DATA,
      port22("db-01", "rg-data-prod", { duration: "PT1H", allowedSourceAddressPrefix: "198.51.100.0/24" }),
    );
    assert.equal(exact.status, 202);
    const skew = await initiate(
      WEB,
      port22("web-01", "rg-web-prod", { endTimeUtc: new Date(Date.now() + 3 * 3_600_000 + 60_000).toISOString() }),
    );
    assert.equal(skew.status, 202, "a minute over the max is within the clock-skew tolerance");
  });

  it("rejects IPv6 sources with the service's message", async () => {
    const r = await initiate(
      WEB,
      port22("web-01", "rg-web-prod", { duration: "PT1H", allowedSourceAddressPrefix: "2001:db8::1" }),
    );
    assert.equal(r.status, 400);
    assert.equal(
      (r.json as Json).error.message,
      "The provided access request contains a source IP address in IPv6 format, which is unsupported by Just-In-Time Network Access.",
    );
  });

  it("does not append new requests at the end", async () => {
    const r = await initiate(WEB, port22("web-01"));
    const list = ((await req("GET", WEB + Q)).json as Json).properties.requests;
    const at = list.findIndex((q: Json) => q.startTimeUtc === (r.json as Json).startTimeUtc);
    assert.equal(list.length, 4);
    assert.ok(at >= 0 && at < list.length - 1, `new request at ${at} of ${list.length}`);
  });

  it("allocates a firewall mappedPort only for VMs behind Azure Firewall", async () => {
    const a = (await initiate(HUB, port22("jumpbox-01", "rg-hub"))).json as Json;
    const b = (await initiate(HUB, port22("jumpbox-01", "rg-hub"))).json as Json;
    assert.equal(a.virtualMachines[0].ports[0].mappedPort, 50000);
    assert.equal(b.virtualMachines[0].ports[0].mappedPort, 50001);
    const c = (await initiate(HUB, port22("internal-01", "rg-hub"))).json as Json;
    assert.equal("mappedPort" in c.virtualMachines[0].ports[0], false);
    const policy = (await req("GET", HUB + Q)).json as Json;
    assert.equal(policy.properties.virtualMachines[0].publicIpAddress, "20.61.99.1");
  });

  it("PUT answers 200 Updating with an echoed empty requests list, keeps stored requests, settles later", async () => {
    const current = (await req("GET", WEB + Q)).json as Json;
    const put = await req("PUT", WEB + Q, {
      kind: "Basic",
      properties: { virtualMachines: current.properties.virtualMachines },
    });
    assert.equal(put.status, 200);
    const body = put.json as Json;
    assert.deepEqual(body.properties.requests, []);
    assert.equal(body.properties.provisioningState, "Updating");
    assert.equal(body.properties.appendMode, false);
    const after = (await req("GET", WEB + Q)).json as Json;
    assert.equal(after.properties.requests.length, 3);
    assert.equal(after.properties.provisioningState, "Updating");
    await advance(4);
    assert.equal(((await req("GET", WEB + Q)).json as Json).properties.provisioningState, "Succeeded");
  });

  it("PUT creates a new policy, replaces the VM list, and defaults kind to Basic", async () => {
    const path = policyPath("rg-tools", "westeurope", "tools-jit");
    const vms = [
      {
        id: vmId("rg-tools", "build-agent-01"),
        ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT2H" }],
      },
    ];
    const created = await req("PUT", path + Q, { properties: { virtualMachines: vms } });
    assert.equal(created.status, 200);
    assert.equal((created.json as Json).kind, "Basic");
    assert.equal((created.json as Json).location, "westeurope");
    const replaced = await req("PUT", path + Q, { kind: "Basic", properties: { virtualMachines: [] } });
    assert.deepEqual((replaced.json as Json).properties.virtualMachines, []);
    assert.deepEqual(((await req("GET", path + Q)).json as Json).properties.virtualMachines, []);
  });

  it("PUT validates the body", async () => {
    const put = (name: string, vms: unknown) =>
      req("PUT", policyPath("rg-tools", "westeurope", name) + Q, {
        kind: "Basic",
        properties: { virtualMachines: vms },
      });
    const rule = { number: 22, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT1H" };
    const long = "p".repeat(30);
    const tooLong = await put(long, [{ id: vmId("rg-tools", "v".repeat(27)), ports: [rule] }]);
    assert.equal(tooLong.status, 400);
    assert.match((tooLong.json as Json).error.message, /must not exceed a total of 56 characters/);
    assert.equal((await put(long, [{ id: vmId("rg-tools", "v".repeat(26)), ports: [rule] }])).status, 200);
    const badProtocol = await put("x", [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, protocol: "" }] }]);
    assert.equal(badProtocol.status, 500);
    assert.equal((badProtocol.json as Json).error.message, "Internal server error has occurred.");
    for (const [what, vms, field] of [
      ["number as text", [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, number: "22" }] }], ".number"],
      ["port out of range", [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, number: 70000 }] }], ".number"],
      [
        "duration too long",
        [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, maxRequestAccessDuration: "P2D" }] }],
        "maxRequestAccessDuration",
      ],
      [
        "duration not ISO",
        [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, maxRequestAccessDuration: "3 hours" }] }],
        "maxRequestAccessDuration",
      ],
      [
        "both source fields",
        [{ id: vmId("rg-tools", "a"), ports: [{ ...rule, allowedSourceAddressPrefixes: ["*"] }] }],
        "mutually exclusive",
      ],
      ["missing id", [{ ports: [rule] }], ".id"],
      ["not an array", "nope", "virtualMachines"],
    ] as const) {
      const r = await put("x", vms);
      assert.equal(r.status, 400, what);
      assert.ok((r.json as Json).error.message.includes(field), `${what}: ${(r.json as Json).error.message}`);
    }
  });

  it("DELETE answers 200 with an empty body, then 204", async () => {
    const first = await req("DELETE", DATA + Q);
    assert.equal(first.status, 200);
    assert.equal(first.text, "");
    assert.equal(first.headers["content-length"], "0");
    assert.equal(first.headers["content-type"], undefined);
    assert.equal(first.headers["x-ms-ratelimit-remaining-subscription-deletes"], "14999");
    assert.equal((await req("DELETE", DATA + Q)).status, 204);
    assert.equal((await req("GET", DATA + Q)).status, 404);
  });

  it("answers the real AuthorizationFailed 403 in the forbidden subscription", async () => {
    const list = await req("GET", `/subscriptions/${SUB_B}/providers/Microsoft.Security/jitNetworkAccessPolicies${Q}`);
    assert.equal(list.status, 403);
    assert.equal(
      (list.json as Json).error.message,
      `The client 'jit.user@contoso.com' with object id '6f1d9c2e-4b7a-4e0f-9a51-3c8e2d7b1a90' does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/read' over scope '/subscriptions/${SUB_B}/providers/Microsoft.Security/jitNetworkAccessPolicies' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    const sandbox = policyPath("rg-sandbox", "eastus", "default", SUB_B);
    const init = await initiate(sandbox, {
      virtualMachines: [{ id: vmId("rg-sandbox", "sandbox-01", SUB_B), ports: [{ number: 22, duration: "PT1H" }] }],
    });
    assert.equal(init.status, 403);
    assert.match(
      (init.json as Json).error.message,
      /jitNetworkAccessPolicies\/initiate\/action' over scope '.*\/default'/,
    );
  });

  it("answers ARM errors for bad subscription ids, unknown subscriptions and resource groups", async () => {
    const bad = await req("GET", `/subscriptions/not-a-guid/providers/Microsoft.Security/jitNetworkAccessPolicies${Q}`);
    assert.deepEqual([bad.status, (bad.json as Json).error.code], [400, "InvalidSubscriptionId"]);
    const unknown = await req(
      "GET",
      `/subscriptions/99999999-9999-9999-9999-999999999999/providers/Microsoft.Security/jitNetworkAccessPolicies${Q}`,
    );
    assert.deepEqual([unknown.status, (unknown.json as Json).error.code], [404, "SubscriptionNotFound"]);
    const rg = await req("GET", policyPath("rg-nowhere", "westeurope", "default") + Q);
    assert.deepEqual([rg.status, (rg.json as Json).error.code], [404, "ResourceGroupNotFound"]);
    const version = await req("GET", WEB + "?api-version=2019-01-01");
    assert.deepEqual([version.status, (version.json as Json).error.code], [400, "NoRegisteredProviderFound"]);
  });

  it("sends decreasing throttling headers and a Date from the virtual clock", async () => {
    const a = await req("GET", WEB + Q);
    const b = await req("GET", WEB + Q);
    assert.equal(
      Number(a.headers["x-ms-ratelimit-remaining-subscription-resource-requests"]) - 1,
      Number(b.headers["x-ms-ratelimit-remaining-subscription-resource-requests"]),
    );
    assert.equal(a.headers["x-ms-ratelimit-remaining-subscription-reads"], undefined);
    const w = await initiate(WEB, port22("web-01"));
    assert.equal(w.headers["x-ms-ratelimit-remaining-subscription-writes"], "1199");
    await advance(7200);
    const later = await req("GET", WEB + Q);
    const skew = Date.parse(String(later.headers.date)) - Date.now();
    assert.ok(skew > 7100_000 && skew < 7300_000, `Date is ${skew} ms ahead`);
  });

  it("keeps a fake NSG per VM: deny rules on PUT, an allow rule on initiate that goes at expiry", async () => {
    const web01 = vmId("rg-web-prod", "web-01");
    const nsg = async () =>
      ((await call(emu, "GET", `/_emulator/nsg?vmId=${encodeURIComponent(web01)}`)).json as Json).value[0]?.rules ?? [];
    const initial = await nsg();
    assert.equal(initial.length, 1);
    assert.equal(initial[0].properties.access, "Deny");
    assert.equal(initial[0].properties.priority, 4096);
    assert.equal(initial[0].properties.destinationAddressPrefix, "10.1.0.4");
    assert.match(initial[0].name, /^MicrosoftDefenderForCloud-JITRule_-?\d+_[0-9A-F]{32}$/);
    assert.equal(initial[0].properties.description, "MDC JIT Network Access rule for policy 'default' of VM 'web-01'.");

    await initiate(
      WEB,
      port22("web-01", "rg-web-prod", { duration: "PT1H", allowedSourceAddressPrefix: "198.51.100.50" }),
    );
    const open = await nsg();
    const allow = open.find((r: Json) => r.properties.access === "Allow");
    assert.equal(allow.properties.priority, 100);
    assert.equal(allow.properties.sourceAddressPrefix, "198.51.100.50");
    assert.equal(allow.properties.destinationPortRange, "22");
    assert.match(allow.name, /^MicrosoftDefenderForCloud-JITRule--?\d+-[0-9A-F]{32}$/);
    assert.equal(
      /JITRule-(-?\d+)-/.exec(allow.name)?.[1],
      /JITRule_(-?\d+)_/.exec(initial[0].name)?.[1],
      "allow and deny share the VM's number",
    );

    await advance(3601);
    assert.equal((await nsg()).filter((r: Json) => r.properties.access === "Allow").length, 0);

    const current = (await req("GET", WEB + Q)).json as Json;
    const vms = current.properties.virtualMachines.map((v: Json) =>
      v.id === web01
        ? {
            ...v,
            ports: [
              ...v.ports,
              { number: 8080, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT1H" },
            ],
          }
        : v,
    );
    await req("PUT", WEB + Q, { kind: "Basic", properties: { virtualMachines: vms } });
    const withNew = await nsg();
    assert.deepEqual(withNew.map((r: Json) => [r.properties.destinationPortRange, r.properties.priority]).sort(), [
      ["22", 4096],
      ["8080", 4095],
    ]);
    await req("DELETE", WEB + Q);
    assert.deepEqual(await nsg(), []);
  });
});

describe("emulator paging", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, pageSize: 2 });
  });
  after(() => emu.close());

  it("cuts lists into pages linked by absolute https nextLinks back to the emulator", async () => {
    let next: string | undefined = `/subscriptions/${SUB_A}/providers/Microsoft.Security/jitNetworkAccessPolicies${Q}`;
    const seen: string[] = [];
    let pages = 0;
    while (next) {
      const r: EmulatorResponse = await call(emu, "GET", next);
      assert.equal(r.status, 200);
      const body = r.json as Json;
      assert.ok(body.value.length <= 2);
      seen.push(...body.value.map((p: Json) => p.id));
      next = body.nextLink;
      if (next)
        assert.ok(next.startsWith(`${emu.url}/subscriptions/`) && next.includes("api-version=2020-01-01"), next);
      pages++;
    }
    assert.equal(pages, 2);
    assert.equal(new Set(seen).size, 4);
    const vms = await call(
      emu,
      "GET",
      `/subscriptions/${SUB_A}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
    );
    assert.ok((vms.json as Json).nextLink.startsWith("https://127.0.0.1:"));
  });
});
