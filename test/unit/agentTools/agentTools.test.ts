// The agent tools' decisions without VS Code: what the listing shows and filters, which VM a name means, and that a
// request through the tool is the request the form sends for the same choice, or field errors and nothing to send.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Policy, Subscription } from "../../../src/core/types";
import { planInitiate } from "../../../src/core/requestPlan";
import { initialValues, toAccessChoice } from "../../../src/requestForm/formModel";
import type { FormSettings } from "../../../src/requestForm/protocol";
import { connectionPort } from "../../../src/agentTools/connection";
import { findVm, listPorts } from "../../../src/agentTools/listing";
import {
  parseConnectionInput,
  parseListInput,
  parseRequestInput,
  type RequestInput,
} from "../../../src/agentTools/toolInput";
import { confirmationText, planToolRequest, refusalText } from "../../../src/agentTools/toolRequest";

const MIN = 60_000;
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const PROD = "00000000-0000-0000-0000-0000000000aa";
const DEV = "00000000-0000-0000-0000-0000000000bb";
const settings: FormSettings = { defaultDuration: "PT1H", justificationTemplate: "", requireJustification: false };
const subscriptions: Subscription[] = [
  { subscriptionId: PROD, tenantId: "t", displayName: "Contoso Production" },
  { subscriptionId: DEV, tenantId: "t", displayName: "Fabrikam Dev" },
];
const vmId = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const policyId = (sub: string, rg: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;

const web: Policy = {
  id: policyId(PROD, "rg-web"),
  name: "default",
  subscriptionId: PROD,
  resourceGroup: "rg-web",
  location: "westeurope",
  virtualMachines: [
    {
      id: vmId(PROD, "rg-web", "web-02"),
      ports: [
        { number: 3389, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT3H" },
        { number: 22, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT3H" },
      ],
    },
    {
      id: vmId(PROD, "rg-web", "db-01"),
      ports: [
        {
          number: 22,
          protocol: "TCP",
          allowedSourceAddressPrefixes: ["198.51.100.0/24"],
          maxRequestAccessDuration: "PT1H",
        },
      ],
    },
  ],
  requests: [
    {
      requestor: "me@contoso.com",
      startTimeUtc: NOW - 10 * MIN,
      virtualMachines: [
        {
          id: vmId(PROD, "rg-web", "web-02"),
          ports: [
            {
              number: 22,
              allowedSourceAddressPrefixes: ["203.0.113.7"],
              endTimeUtc: NOW + 50 * MIN,
              status: "Initiated",
              statusReason: "UserRequested",
            },
          ],
        },
      ],
    },
    {
      requestor: "bob@contoso.com",
      startTimeUtc: NOW - 5 * MIN,
      virtualMachines: [
        {
          id: vmId(PROD, "rg-web", "db-01"),
          ports: [
            {
              number: 22,
              allowedSourceAddressPrefixes: ["198.51.100.0/24"],
              endTimeUtc: NOW + 55 * MIN,
              status: "Initiated",
              statusReason: "UserRequested",
            },
          ],
        },
      ],
    },
  ],
};
// A second web-02 in another subscription: a bare name is ambiguous then.
const dev: Policy = {
  id: policyId(DEV, "rg-dev"),
  name: "default",
  subscriptionId: DEV,
  resourceGroup: "rg-dev",
  location: "westeurope",
  virtualMachines: [
    {
      id: vmId(DEV, "rg-dev", "web-02"),
      ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT8H" }],
    },
  ],
  requests: [],
};
const me = { requestor: "me@contoso.com" };

function plan(input: unknown, policies: Policy[] = [web]) {
  const parsed = parseRequestInput(input);
  assert.ok(parsed.ok, `input refused: ${parsed.ok ? "" : parsed.errors.join("; ")}`);
  return planToolRequest(parsed.value as RequestInput, policies, subscriptions, settings, NOW);
}

test("listing: each port with its state for this user, time left, maximum and sources; a colleague's open port is closed for me", () => {
  const { ports, total } = listPorts([web], subscriptions, {}, NOW, me);
  assert.equal(total, 3);
  const ssh = ports.find((p) => p.vm === "web-02" && p.port === 22);
  assert.deepEqual(
    {
      state: ssh?.state,
      endsAt: ssh?.endsAt,
      minutesLeft: ssh?.minutesLeft,
      maxMinutes: ssh?.maxMinutes,
      subscription: ssh?.subscription,
    },
    {
      state: "open",
      endsAt: new Date(NOW + 50 * MIN).toISOString(),
      minutesLeft: 50,
      maxMinutes: 180,
      subscription: "Contoso Production",
    },
  );
  const db = ports.find((p) => p.vm === "db-01");
  assert.equal(db?.state, "closed");
  assert.equal(db?.openForOthers, true);
  assert.equal(db?.endsAt, undefined, "no end time for a port that is not open for me");
  assert.deepEqual(db?.allowedSources, ["198.51.100.0/24"]);
});

test("listing filters: part of the name (any case), subscription by name or id, state", () => {
  const names = (f: Parameters<typeof listPorts>[2]) =>
    listPorts([web, dev], subscriptions, f, NOW, me).ports.map(
      (p) => `${p.subscriptionId.slice(-2)}/${p.vm}:${p.port}`,
    );
  assert.deepEqual(names({ name: "WEB" }), ["aa/web-02:3389", "aa/web-02:22", "bb/web-02:22"]);
  assert.deepEqual(names({ subscription: "fabrikam dev" }), ["bb/web-02:22"]);
  assert.deepEqual(names({ subscription: DEV }), ["bb/web-02:22"]);
  assert.deepEqual(names({ state: "open" }), ["aa/web-02:22"]);
  assert.deepEqual(names({ state: "opening" }), []);
});

test("listing input: an unknown state or a non-string filter is a field error naming the field", () => {
  const bad = parseListInput({ state: "ajar", name: 7 });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.errors.some((e) => e.startsWith("state:")) && bad.errors.some((e) => e.startsWith("name:")));
  assert.deepEqual(parseListInput({ state: "any" }), {
    ok: true,
    value: { name: undefined, subscription: undefined, state: undefined },
  });
  assert.deepEqual(parseListInput(undefined), {
    ok: true,
    value: { name: undefined, subscription: undefined, state: undefined },
  });
});

test("a bare name found in two subscriptions asks for subscription or resource group; either one picks the VM", () => {
  const two = findVm([web, dev], subscriptions, { vm: "web-02" });
  assert.equal(two.ok, false);
  assert.match(
    !two.ok ? two.error : "",
    /^vm: "web-02" names 2 VMs \(Contoso Production\/rg-web, Fabrikam Dev\/rg-dev\)/,
  );
  const picked = findVm([web, dev], subscriptions, { vm: "web-02", subscription: "Fabrikam Dev" });
  assert.ok(picked.ok && picked.vm.id === vmId(DEV, "rg-dev", "web-02"));
  const byId = findVm([web, dev], subscriptions, { vm: vmId(PROD, "rg-web", "WEB-02") });
  assert.ok(byId.ok && byId.policy.id === web.id, "a full id matches case-insensitively");
  const none = findVm([web], subscriptions, { vm: "web-99" });
  assert.match(!none.ok ? none.error : "", /^vm: no VM named "web-99".*azure-jit_listAccess/);
});

test("a request with only the VM's name is the request the form sends by default: one port (SSH), my public IP, the default hour", () => {
  const planned = plan({ targets: [{ vm: "web-02" }] });
  assert.ok(planned.ok);
  const [request] = planned.requests;
  const formChoice = toAccessChoice(
    web,
    initialValues(web, settings, vmId(PROD, "rg-web", "web-02")),
    settings.requireJustification,
  );
  const toolBody = planInitiate(request.choice, NOW);
  const formBody = planInitiate(formChoice, NOW);
  assert.ok(toolBody.ok && formBody.ok);
  assert.deepEqual(toolBody.body, formBody.body);
  assert.deepEqual(toolBody.body, {
    virtualMachines: [
      {
        id: vmId(PROD, "rg-web", "web-02"),
        ports: [{ number: 22, endTimeUtc: new Date(NOW + 60 * MIN).toISOString() }],
      },
    ],
  });
  assert.equal(request.choice.source, undefined, "no source sent: Azure uses the caller's public IP");
});

test("a port that only accepts a range gets that range, as the form preselects it, and the confirmation says why", () => {
  const planned = plan({ targets: [{ vm: "db-01", ports: [22] }], durationMinutes: 30 });
  assert.ok(planned.ok);
  assert.equal(planned.requests[0].choice.source, "198.51.100.0/24");
  const text = confirmationText(planned.requests, NOW);
  assert.match(text, /Open port 22 of db-01 — from 198\.51\.100\.0\/24 — for 30 min \(until about 12:30 UTC\)\./);
  assert.match(text, /only accepts requests from 198\.51\.100\.0\/24/);
  assert.match(text, /Policy default, resource group rg-web, subscription Contoso Production\./);
});

test("the confirmation says what opens, from where and for how long, for my IP", () => {
  const planned = plan({ targets: [{ vm: "web-02", ports: [22] }], durationMinutes: 90, justification: "deploy 4.2" });
  assert.ok(planned.ok);
  const text = confirmationText(planned.requests, NOW);
  assert.match(
    text,
    /^Open port 22 of web-02 — from your public IP address \(Azure fills it in\) — for 1 h 30 min \(until about 13:30 UTC\)\./,
  );
  assert.match(text, /Justification: deploy 4\.2/);
});

test("never any source: *, 0.0.0.0/0 and Internet are refused at the input, naming the field", () => {
  for (const source of ["*", "0.0.0.0/0", "Internet", " any "]) {
    const parsed = parseRequestInput({ targets: [{ vm: "web-02" }], source });
    assert.equal(parsed.ok, false, source);
    assert.match(!parsed.ok ? parsed.errors.join("\n") : "", /^source: .*never request that/m, source);
  }
});

test("never above the port's maximum: the field error names the port and its maximum", () => {
  const planned = plan({ targets: [{ vm: "db-01" }], durationMinutes: 120 });
  assert.equal(planned.ok, false);
  assert.match(
    !planned.ok ? planned.errors.join("\n") : "",
    /^duration \(db-01 port 22\): Duration 2 h is over the maximum of 1 h for port 22 of db-01\.$/m,
  );
});

test("every field rule of the form: a source outside the port's range, an unknown port, a justification the settings require", () => {
  const outside = plan({ targets: [{ vm: "db-01" }], source: "203.0.113.9" });
  assert.match(!outside.ok ? outside.errors.join("\n") : "", /^source \(db-01 port 22\): /m);
  const port = plan({ targets: [{ vm: "web-02", ports: [8080] }] });
  assert.match(
    !port.ok ? port.errors.join("\n") : "",
    /^ports \(web-02 port 8080\): Port 8080 is not in the JIT policy of VM web-02\.$/m,
  );
  const parsed = parseRequestInput({ targets: [{ vm: "web-02" }] });
  assert.ok(parsed.ok);
  const strict = planToolRequest(parsed.value, [web], subscriptions, { ...settings, requireJustification: true }, NOW);
  assert.match(!strict.ok ? strict.errors.join("\n") : "", /^justification: A justification is required/m);
  const short = plan({ targets: [{ vm: "web-02" }], durationMinutes: 2 });
  assert.match(!short.ok ? short.errors.join("\n") : "", /^durationMinutes: must be from 5 to 1440\.$/m);
});

test("malformed input from the model: each wrong field is named, with what it must be", () => {
  const bad = parseRequestInput({ targets: [{ vm: 3 }, { vm: "web-02", ports: ["22"] }], durationMinutes: 1.5 });
  assert.equal(bad.ok, false);
  const errors = !bad.ok ? bad.errors : [];
  assert.ok(errors.includes("targets[0].vm: must be a string."), errors.join("; "));
  assert.ok(errors.includes("targets[1].ports: must be a list of port numbers from 1 to 65535."), errors.join("; "));
  assert.ok(errors.includes("durationMinutes: must be a whole number of minutes."), errors.join("; "));
  assert.equal(parseRequestInput({ targets: [] }).ok, false);
  assert.equal(parseRequestInput("open web-02").ok, false);
  assert.match(refusalText(["vm: x"]), /^Nothing was requested\..*\n- vm: x$/);
});

test("two VMs of one policy are one initiate; VMs of two policies are two", () => {
  const one = plan({ targets: [{ vm: "web-02" }, { vm: "db-01" }] });
  // db-01 only accepts its range and web-02 accepts any: the form preselects db-01's range for both, and so does the tool.
  assert.ok(one.ok, one.ok ? "" : one.errors.join("; "));
  assert.equal(one.requests.length, 1);
  assert.deepEqual(
    one.requests[0].choice.vms.map((v) => v.ports),
    [[22], [22]],
  );
  assert.equal(one.requests[0].choice.source, "198.51.100.0/24");
  const two = plan(
    {
      targets: [
        { vm: "web-02", subscription: PROD },
        { vm: "web-02", subscription: DEV },
      ],
    },
    [web, dev],
  );
  assert.ok(two.ok);
  assert.deepEqual(
    two.requests.map((r) => r.policy.id),
    [web.id, dev.id],
  );
});

test("connection details: the asked port, else the VM's one open port, else its SSH port; an unknown port is named", () => {
  const vm = web.virtualMachines[0];
  assert.deepEqual(connectionPort(web, vm, undefined, NOW, me), { ok: true, port: 22 });
  assert.deepEqual(connectionPort(web, vm, 3389, NOW, me), { ok: true, port: 3389 });
  const unknown = connectionPort(web, vm, 8080, NOW, me);
  assert.match(
    !unknown.ok ? unknown.error : "",
    /^port: web-02 has no JIT rule for port 8080; its ports are 3389, 22\.$/,
  );
  assert.equal(parseConnectionInput({}).ok, false);
  assert.equal(parseConnectionInput({ vm: "web-02", port: 70000 }).ok, false);
});
