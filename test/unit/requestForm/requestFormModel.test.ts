// The request form's rules from form input to an initiate body: the same code runs live in the webview and again
// on the host before anything is sent. Also the per-port outcome wording and the HTML shell's escaping.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Policy } from "../../../src/core/types";
import type { JitError } from "../../../src/core/errors";
import { planInitiate } from "../../../src/core/requestPlan";
import {
  adviseSource,
  defaultDurationMs,
  durationChoices,
  initialValues,
  selectionMaxMs,
  toAccessChoice,
  validateValues,
} from "../../../src/requestForm/formModel";
import { outcomesFor } from "../../../src/requestForm/outcome";
import { contentSecurityPolicy, formHtml, jsonForScript } from "../../../src/requestForm/formHtml";
import type { FormInit, FormSettings, FormValues } from "../../../src/requestForm/protocol";
import { formPolicy, formVmId, port, VM_DB } from "../../support/formFixtures";

const MIN = 60_000;
const HOUR = 60 * MIN;
const vmId = formVmId;
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const settings: FormSettings = { defaultDuration: "PT1H", justificationTemplate: "", requireJustification: false };

const policy: Policy = formPolicy([
  { name: "vm-web", ports: [port(3389, "TCP", ["*"], "PT30M"), port(22, "*", ["*"], "PT3H")] },
  VM_DB,
  { name: "vm-ops", ports: [port(22, "TCP", ["10.2.0.0/24"], "PT1H")] },
]);

function values(change: Partial<FormValues> = {}): FormValues {
  return {
    vms: [{ vmId: vmId("vm-web"), ports: [22] }],
    source: { kind: "myIp" },
    durationMs: HOUR,
    justification: "",
    confirmAnySource: false,
    ...change,
  };
}

test("initial values: the port from the tree, else the usual shell port of the VM; nothing for a many-VM policy", () => {
  assert.deepEqual(initialValues(policy, settings, vmId("vm-web"), 3389).vms, [
    { vmId: vmId("vm-web"), ports: [3389] },
  ]);
  assert.deepEqual(initialValues(policy, settings, vmId("vm-web")).vms, [{ vmId: vmId("vm-web"), ports: [22] }]);
  // The tree's id may differ in case from the policy's: the form keeps the policy's spelling.
  assert.deepEqual(initialValues(policy, settings, vmId("VM-WEB").toUpperCase(), 22).vms, [
    { vmId: vmId("vm-web"), ports: [22] },
  ]);
  assert.deepEqual(initialValues(policy, settings).vms, []);
  const single = { ...policy, virtualMachines: [policy.virtualMachines[1]] };
  assert.deepEqual(initialValues(single, settings).vms, [{ vmId: vmId("vm-db"), ports: [22] }]);
});

test("initial values: default duration from the setting, clamped to the selected port's maximum", () => {
  assert.equal(initialValues(policy, settings, vmId("vm-web"), 22).durationMs, HOUR);
  assert.equal(
    initialValues(policy, { ...settings, defaultDuration: "PT2H" }, vmId("vm-web"), 3389).durationMs,
    30 * MIN,
  );
  assert.equal(
    initialValues(policy, { ...settings, defaultDuration: "nonsense" }, vmId("vm-web"), 22).durationMs,
    HOUR,
  );
  assert.equal(
    initialValues(policy, { ...settings, justificationTemplate: "ticket " }, vmId("vm-web")).justification,
    "ticket ",
  );
  assert.equal(defaultDurationMs("PT8H", 3 * HOUR), 3 * HOUR);
});

test("duration choices end at the smallest maximum of the selected ports", () => {
  const vms = [{ vmId: vmId("vm-web"), ports: [22, 3389] }];
  assert.equal(selectionMaxMs(policy, vms), 30 * MIN);
  const choices = durationChoices(30 * MIN);
  assert.ok(choices.every((d) => d <= 30 * MIN));
  assert.equal(choices.at(-1), 30 * MIN);
  assert.deepEqual(
    durationChoices(3 * HOUR, 45 * MIN).filter((d) => d === 45 * MIN),
    [45 * MIN],
    "the current value is offered",
  );
  assert.equal(selectionMaxMs(policy, []), 24 * HOUR);
});

test("source advice: my public IP unless a port only allows a prefix; then that prefix, with the reason", () => {
  assert.deepEqual(adviseSource(policy, [{ vmId: vmId("vm-web"), ports: [22] }]), { source: { kind: "myIp" } });
  const db = adviseSource(policy, [
    { vmId: vmId("vm-web"), ports: [22] },
    { vmId: vmId("vm-db"), ports: [22] },
  ]);
  assert.deepEqual(db.source, { kind: "prefix", text: "10.1.0.0/24" });
  assert.match(db.reason ?? "", /Port 22 of vm-db only accepts requests from 10\.1\.0\.0\/24/);
  const clash = adviseSource(policy, [
    { vmId: vmId("vm-db"), ports: [22] },
    { vmId: vmId("vm-ops"), ports: [22] },
  ]);
  assert.match(clash.reason ?? "", /request them separately/);
});

test("valid input has no errors and plans one initiate body with server time + duration", () => {
  const v = values({
    vms: [{ vmId: vmId("vm-web").toUpperCase(), ports: [22, 3389] }],
    durationMs: 30 * MIN,
    justification: "  deploy  ",
  });
  assert.deepEqual(validateValues(policy, v, settings, NOW), []);
  const choice = toAccessChoice(policy, v);
  assert.equal(choice.source, undefined, "my public IP = no prefix sent");
  assert.equal(choice.justification, "deploy");
  assert.deepEqual(choice.vms, [{ vmId: vmId("vm-web"), ports: [22, 3389] }]);
  const plan = planInitiate(choice, NOW);
  assert.ok(plan.ok);
  const ports = plan.body.virtualMachines[0].ports;
  assert.deepEqual(ports.map((p) => p.number).sort(), [22, 3389]);
  for (const p of ports) {
    assert.equal(p.allowedSourceAddressPrefix, undefined);
    assert.ok(Date.parse(p.endTimeUtc) <= NOW + 30 * MIN && Date.parse(p.endTimeUtc) > NOW, p.endTimeUtc);
  }
});

test("a prefix the policy requires goes out exactly", () => {
  const v = values({ vms: [{ vmId: vmId("vm-db"), ports: [22] }], source: { kind: "prefix", text: "10.1.0.0/24" } });
  assert.deepEqual(validateValues(policy, v, settings, NOW), []);
  const plan = planInitiate(toAccessChoice(policy, v), NOW);
  assert.ok(plan.ok);
  assert.equal(plan.body.virtualMachines[0].ports[0].allowedSourceAddressPrefix, "10.1.0.0/24");
});

test("errors name the field: unknown VM, unknown port, no VM, VM without port", () => {
  const fields = (v: FormValues) => validateValues(policy, v, settings, NOW).map((e) => e.field);
  assert.ok(fields(values({ vms: [{ vmId: vmId("vm-gone"), ports: [22] }] })).includes("vms"));
  const badPort = validateValues(policy, values({ vms: [{ vmId: vmId("vm-web"), ports: [2222] }] }), settings, NOW);
  assert.ok(badPort.some((e) => e.field === "ports" && e.port === 2222 && /2222/.test(e.message)));
  assert.ok(fields(values({ vms: [] })).includes("vms"));
  const empty = validateValues(
    policy,
    values({
      vms: [
        { vmId: vmId("vm-db"), ports: [22] },
        { vmId: vmId("vm-web"), ports: [] },
      ],
      source: { kind: "prefix", text: "10.1.0.0/24" },
    }),
    settings,
    NOW,
  );
  assert.ok(empty.some((e) => e.field === "ports" && e.vmId === vmId("vm-web")));
});

test("source errors: empty, IPv6, not IPv4, my IP where a prefix is required, any source unconfirmed", () => {
  const sourceErrors = (v: FormValues) => validateValues(policy, v, settings, NOW).filter((e) => e.field === "source");
  assert.ok(sourceErrors(values({ source: { kind: "custom", text: "  " } })).length > 0);
  assert.ok(sourceErrors(values({ source: { kind: "custom", text: "2001:db8::1" } })).length > 0);
  assert.ok(sourceErrors(values({ source: { kind: "custom", text: "10.0.0.300" } })).length > 0);
  const myIpOnDb = sourceErrors(values({ vms: [{ vmId: vmId("vm-db"), ports: [22] }] }));
  assert.ok(
    myIpOnDb.some((e) => e.port === 22 && e.vmId === vmId("vm-db")),
    JSON.stringify(myIpOnDb),
  );
  const any = sourceErrors(values({ source: { kind: "custom", text: "0.0.0.0/0" } }));
  assert.ok(any.some((e) => /confirmation/.test(e.message)));
  assert.deepEqual(sourceErrors(values({ source: { kind: "custom", text: "0.0.0.0/0" }, confirmAnySource: true })), []);
  assert.deepEqual(sourceErrors(values({ source: { kind: "custom", text: "*" }, confirmAnySource: true })), []);
});

test("duration over the port's maximum and a missing required justification are refused", () => {
  const over = validateValues(
    policy,
    values({ vms: [{ vmId: vmId("vm-web"), ports: [3389] }], durationMs: HOUR }),
    settings,
    NOW,
  );
  assert.ok(
    over.some((e) => e.field === "duration"),
    JSON.stringify(over),
  );
  const required = { ...settings, requireJustification: true };
  assert.ok(
    validateValues(policy, values({ justification: "   " }), required, NOW).some((e) => e.field === "justification"),
  );
  assert.deepEqual(validateValues(policy, values({ justification: "why" }), required, NOW), []);
});

const body = {
  virtualMachines: [
    { id: vmId("vm-web"), ports: [{ number: 22, endTimeUtc: new Date(NOW + HOUR).toISOString() }] },
    { id: vmId("vm-db"), ports: [{ number: 22, endTimeUtc: new Date(NOW + HOUR).toISOString() }] },
  ],
};

test("outcomes: success gives the end time and status of each port", () => {
  const request = {
    startTimeUtc: NOW,
    requestor: "me@contoso.com",
    virtualMachines: [
      {
        id: vmId("vm-web").toUpperCase(),
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefixes: ["203.0.113.7"],
            endTimeUtc: NOW + HOUR - 1000,
            status: "Initiating",
            statusReason: "UserRequested",
          },
        ],
      },
    ],
  };
  const out = outcomesFor(policy, body, { request });
  assert.deepEqual(
    out.map((o) => [o.vmName, o.port, o.ok, o.endTimeUtc, o.status]),
    [
      ["vm-web", 22, true, NOW + HOUR - 1000, "Initiating"],
      ["vm-db", 22, true, NOW + HOUR, "Initiating"], // not echoed: falls back to what was sent
    ],
  );
});

test("outcomes: a not-a-subset failure says which source each port needs", () => {
  const error: JitError = { kind: "notSubset", message: "The request is outside what the policy allows." };
  const out = outcomesFor(policy, body, { error });
  const db = out.find((o) => o.vmName === "vm-db");
  assert.equal(db?.ok, false);
  assert.equal(db?.message, "Your source must be exactly 10.1.0.0/24 for this port.");
  assert.match(db?.action ?? "", /Choose 10\.1\.0\.0\/24/);
  assert.equal(
    out.find((o) => o.vmName === "vm-web")?.message,
    error.message,
    "the any-source port keeps the service's reason",
  );
});

test("outcomes: forbidden lists the permissions to ask for; throttled says how long to wait", () => {
  const forbidden = outcomesFor(policy, body, {
    error: {
      kind: "forbidden",
      message: "No permission.",
      permissions: ["Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action"],
    },
  });
  assert.match(forbidden[0].action ?? "", /jitNetworkAccessPolicies\/initiate\/action/);
  const throttled = outcomesFor(policy, body, { error: { kind: "throttled", message: "Busy.", retryAfterMs: 12_500 } });
  assert.match(throttled[0].action ?? "", /13 s/);
});

const init: FormInit = {
  renderId: "r1",
  policy: { ...policy, name: `</script><script>alert(1)</script>\u2028<!--` },
  settings,
  l10n: {},
  serverOffsetMs: 0,
};

test("HTML shell: state JSON cannot close its script element, and parses back to the same value", () => {
  const json = jsonForScript(init);
  assert.ok(!json.includes("<") && !json.includes(">") && !json.includes("\u2028"));
  assert.deepEqual(JSON.parse(json), init);
  const html = formHtml({
    cspSource: "https://x.vscode-cdn.net",
    nonce: "abcdefghijklmnop0123",
    scriptUri: "https://x/main.js",
    styleUri: "https://x/main.css",
    state: init,
  });
  assert.equal(html.split("</script>").length - 1, 2, "only the two script elements close");
  assert.match(html, /<script nonce="abcdefghijklmnop0123" src="https:\/\/x\/main.js"><\/script>/);
  assert.ok(!/\son[a-z]+=/i.test(html), "no inline handlers");
});

test("HTML shell: strict CSP, weak nonces refused, URIs escaped", () => {
  assert.equal(
    contentSecurityPolicy("https://x.vscode-cdn.net", "NONCE1234567890abc"),
    "default-src 'none'; script-src 'nonce-NONCE1234567890abc'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; base-uri 'none'; form-action 'none'",
  );
  assert.throws(() => formHtml({ cspSource: "c", nonce: "short", scriptUri: "s", styleUri: "t", state: init }));
  assert.throws(() =>
    formHtml({ cspSource: "c", nonce: `abcdefghijklmnopq" onload="x`, scriptUri: "s", styleUri: "t", state: init }),
  );
  const html = formHtml({
    cspSource: "c",
    nonce: "abcdefghijklmnop0123",
    scriptUri: `x" onload="alert(1)`,
    styleUri: "t",
    state: init,
  });
  assert.ok(html.includes(`src="x&quot; onload=&quot;alert(1)"`));
});
