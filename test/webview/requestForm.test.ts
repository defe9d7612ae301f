// The request form in real Chromium: the HTML comes from the host's own builder (formHtml), the script and CSS are
// the esbuild bundle, served from 127.0.0.1 with the same CSP VS Code would get. A stand-in acquireVsCodeApi records
// what the form posts and saves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { formHtml } from "../../src/requestForm/formHtml";
import type { FormInit, HostMessage, SavedState, WebviewMessage } from "../../src/requestForm/protocol";
import type { Policy } from "../../src/core/types";
import { webviewStand } from "./stand";
import { formInitFor, formPolicy, formVmId, port, VM_DB } from "../support/formFixtures";

const vmId = formVmId;

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    ...formPolicy([
      { name: "vm-web", ports: [port(22, "*", ["*"], "PT3H"), port(3389, "TCP", ["*"], "PT30M")] },
      VM_DB,
    ]),
    ...overrides,
  };
}

function init(overrides: Partial<FormInit> = {}): FormInit {
  return formInitFor(policy(), "vm-web", 22, overrides);
}

const stand = webviewStand();

interface Stand {
  __posted: WebviewMessage[];
  __saved: SavedState | undefined;
  __violations: string[];
  __pwned?: number;
  __inline?: number;
}

async function open(state: FormInit, saved?: SavedState): Promise<Page> {
  const path = `/form-${randomBytes(6).toString("hex")}.html`;
  stand.pages.set(
    path,
    formHtml({
      cspSource: stand.origin,
      nonce: randomBytes(18).toString("base64"),
      scriptUri: `${stand.origin}/main.js`,
      styleUri: `${stand.origin}/main.css`,
      state,
    }),
  );
  const page = await stand.browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  // A string, not a function: tsx's keepNames would put __name() calls into a serialized function.
  await page.addInitScript(`
    window.__posted = [];
    window.__saved = ${JSON.stringify(saved ?? null)} ?? undefined;
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error("acquireVsCodeApi called twice");
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__saved,
        setState: (s) => { window.__saved = JSON.parse(JSON.stringify(s)); },
      };
    };
  `);
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(stand.origin + path);
  try {
    await page.waitForFunction(() => (window as unknown as Stand).__posted.some((m) => m.type === "ready"), undefined, {
      timeout: 10_000,
    });
  } catch (e) {
    await page.close();
    throw new Error(`the form never said ready: ${errors.join("; ") || String(e)}`, { cause: e });
  }
  return page;
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as Stand).__posted);
const saved = (page: Page) => page.evaluate(() => (window as unknown as Stand).__saved);
const send = (page: Page, m: HostMessage) => page.evaluate((msg) => window.postMessage(msg, "*"), m);
const checkbox = (page: Page, label: string | RegExp) => page.getByRole("checkbox", { name: label });

test("renders the policy: VMs, ports with limits and sources, the chosen port preselected, defaults", async () => {
  const page = await open(init());
  try {
    assert.equal(await checkbox(page, "vm-web").isChecked(), true);
    assert.equal(await checkbox(page, "vm-db").isChecked(), false);
    const ports = page.getByRole("group", { name: "Ports of vm-web" });
    assert.equal(await ports.getByRole("checkbox", { name: "Port 22" }).isChecked(), true);
    assert.equal(await ports.getByRole("checkbox", { name: "Port 3389/TCP" }).isChecked(), false);
    // The port's limits are its accessible description.
    const described = await ports.getByRole("checkbox", { name: "Port 22" }).evaluate((el) =>
      (el.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join("|"),
    );
    assert.match(described, /up to 3 h · from any source/);
    assert.match(await page.locator("main").innerText(), /only from 10\.1\.0\.0\/24/);
    assert.equal(await page.getByRole("radio", { name: "My public IP (Azure detects it)" }).isChecked(), true);
    assert.equal(await page.getByLabel("Duration").inputValue(), String(3_600_000));
    assert.match(await page.locator("main").innerText(), /Policy: default · rg-app · westeurope/);
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
  } finally {
    await page.close();
  }
});

test("duration choices stop at the smallest maximum of the selected ports, and the default is clamped", async () => {
  const page = await open(
    init({
      portNumber: 3389,
      settings: { defaultDuration: "PT2H", justificationTemplate: "", requireJustification: false },
    }),
  );
  try {
    const values = await page
      .getByLabel("Duration")
      .evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => Number(o.value)));
    assert.ok(values.length > 0);
    assert.ok(
      values.every((v) => v <= 30 * 60_000),
      String(values),
    );
    assert.equal(await page.getByLabel("Duration").inputValue(), String(30 * 60_000));
    assert.match(await page.locator("main").innerText(), /Up to 30 min for the selected ports/);
  } finally {
    await page.close();
  }
});

test("a port that only allows a prefix gets that prefix preselected, with the reason", async () => {
  const page = await open(init({ vmId: vmId("vm-db"), portNumber: 22 }));
  try {
    assert.equal(await page.getByRole("radio", { name: "Allowed by the policy: 10.1.0.0/24" }).isChecked(), true);
    assert.match(await page.locator("main").innerText(), /Azure would refuse your public IP/);
    // Choosing "my IP" anyway is refused before anything is sent.
    await page.getByRole("radio", { name: "My public IP (Azure detects it)" }).check();
    await page.getByRole("button", { name: "Request access" }).click();
    assert.equal((await posted(page)).filter((m) => m.type === "submit").length, 0);
    assert.match(await page.locator("fieldset.source .error").innerText(), /10\.1\.0\.0\/24/);
  } finally {
    await page.close();
  }
});

test("validates the typed source live and refuses to submit invalid input", async () => {
  const page = await open(init());
  try {
    await page.getByRole("radio", { name: "Another IPv4 address or CIDR range:" }).check();
    const input = page.getByRole("textbox", { name: "IPv4 address or CIDR range" });
    await input.fill("2001:db8::1");
    const error = page.locator("fieldset.source .error");
    assert.equal(await error.isVisible(), true);
    assert.match(await error.innerText(), /IPv6/i);
    assert.equal(await input.getAttribute("aria-invalid"), "true");
    await input.fill("10.0.0.300");
    assert.equal(await error.isVisible(), true);
    await page.getByRole("button", { name: "Request access" }).click();
    assert.equal((await posted(page)).filter((m) => m.type === "submit").length, 0);
    assert.equal(await input.evaluate((el) => el === document.activeElement), true, "focus moves to the invalid field");
    await input.fill("203.0.113.7");
    assert.equal(await error.isVisible(), false);
  } finally {
    await page.close();
  }
});

test("any source needs an explicit confirmation, then posts exactly what was chosen", async () => {
  const page = await open(init());
  try {
    await page.getByRole("radio", { name: "Another IPv4 address or CIDR range:" }).check();
    await page.getByRole("textbox", { name: "IPv4 address or CIDR range" }).fill("0.0.0.0/0");
    const confirm = page.getByRole("checkbox", { name: /any address on the internet/ });
    assert.equal(await confirm.isVisible(), true);
    await page.getByRole("button", { name: "Request access" }).click();
    assert.equal((await posted(page)).filter((m) => m.type === "submit").length, 0);
    await confirm.check();
    await page.getByRole("group", { name: "Ports of vm-web" }).getByRole("checkbox", { name: "Port 3389/TCP" }).check();
    await page.getByLabel(/Justification/).fill("deploy hotfix");
    await page.getByRole("button", { name: "Request access" }).click();
    const submits = (await posted(page)).filter((m) => m.type === "submit");
    assert.deepEqual(submits, [
      {
        type: "submit",
        values: {
          vms: [{ vmId: vmId("vm-web"), ports: [22, 3389] }],
          source: { kind: "custom", text: "0.0.0.0/0" },
          durationMs: 30 * 60_000, // clamped: 3389 allows at most 30 min
          justification: "deploy hotfix",
          confirmAnySource: true,
        },
      },
    ]);
    assert.equal(
      await page.getByRole("button", { name: "Request access" }).isDisabled(),
      true,
      "busy while the host works",
    );
    assert.match(await page.getByRole("status").innerText(), /Requesting access/);
  } finally {
    await page.close();
  }
});

test("a required justification blocks submit with a message tied to the field", async () => {
  const page = await open(
    init({ settings: { defaultDuration: "PT1H", justificationTemplate: "", requireJustification: true } }),
  );
  try {
    await page.getByRole("button", { name: "Request access" }).click();
    assert.equal((await posted(page)).filter((m) => m.type === "submit").length, 0);
    const box = page.getByLabel("Justification (required)");
    assert.equal(await box.getAttribute("aria-invalid"), "true");
    const message = await box.evaluate(
      (el) => document.getElementById(el.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
    );
    assert.match(message, /justification is required/i);
  } finally {
    await page.close();
  }
});

test("keyboard only: tab to a port, space to tick it, enter submits", async () => {
  const page = await open(init());
  try {
    await page.getByRole("group", { name: "Ports of vm-web" }).getByRole("checkbox", { name: "Port 22" }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.getByLabel("Justification (optional)").focus();
    await page.keyboard.type("ticket 42");
    await page.getByRole("button", { name: "Request access" }).focus();
    await page.keyboard.press("Enter");
    const submit = (await posted(page)).find((m) => m.type === "submit");
    assert.ok(submit && submit.type === "submit");
    assert.deepEqual(submit.values.vms, [{ vmId: vmId("vm-web"), ports: [22, 3389] }]);
    assert.equal(submit.values.justification, "ticket 42");
  } finally {
    await page.close();
  }
});

test("shows per-port outcomes from the host; Connect and Close post their messages", async () => {
  const page = await open(init());
  try {
    const end = Date.UTC(2030, 0, 1, 14, 32);
    await send(page, {
      type: "phase",
      phase: {
        kind: "done",
        outcomes: [
          { vmId: vmId("vm-web"), vmName: "vm-web", port: 22, ok: true, endTimeUtc: end, status: "Initiating" },
          {
            vmId: vmId("vm-db"),
            vmName: "vm-db",
            port: 22,
            ok: false,
            message: "Your source must be exactly 10.1.0.0/24 for this port.",
            action: "Choose 10.1.0.0/24 as the source and submit again.",
          },
        ],
        connectVmIds: [vmId("vm-web")],
      },
    });
    const outcome = page.getByRole("region", { name: "Outcome" });
    await outcome.waitFor();
    const text = await outcome.innerText();
    assert.match(text, /vm-web, port 22: open until \d{1,2}:\d{2}/);
    assert.match(
      text,
      /vm-db, port 22: Your source must be exactly 10\.1\.0\.0\/24 for this port\. Choose 10\.1\.0\.0\/24/,
    );
    assert.equal(await outcome.getAttribute("aria-live"), "polite");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: "Close" }).click();
    const last = (await posted(page)).slice(-2);
    assert.deepEqual(last, [{ type: "connect", vmId: vmId("vm-web") }, { type: "close" }]);
  } finally {
    await page.close();
  }
});

test("after a window reload the results screen comes back, and only 'New request' leads back to the form", async () => {
  const end = Date.UTC(2030, 0, 1, 14, 32);
  const phase = {
    kind: "done" as const,
    outcomes: [{ vmId: vmId("vm-web"), vmName: "vm-web", port: 3389, ok: true, endTimeUtc: end, status: "Initiated" }],
    connectVmIds: [vmId("vm-web")],
  };
  // A reload is a new render: the webview's old saved state does not apply; the host restores the phase in init.
  const values = {
    vms: [{ vmId: vmId("vm-web"), ports: [3389] }],
    source: { kind: "myIp" as const },
    durationMs: 30 * 60_000,
    justification: "ticket 7",
    confirmAnySource: false,
  };
  const page = await open(init({ values, phase }));
  try {
    const outcome = page.getByRole("region", { name: "Outcome" });
    await outcome.waitFor();
    assert.match(await outcome.innerText(), /vm-web, port 3389: open until \d{1,2}:\d{2}/);
    assert.equal(
      await page.getByRole("button", { name: "Request access" }).isVisible(),
      false,
      "the form is not one click from a second submit",
    );
    assert.equal((await saved(page))?.phase?.kind, "done", "saved again, for the next hide/show");
    await page.getByRole("button", { name: "New request" }).click();
    assert.equal(await page.getByRole("button", { name: "Request access" }).isVisible(), true);
    assert.equal(await outcome.isVisible(), false);
    assert.equal(await page.getByLabel(/Justification/).inputValue(), "ticket 7", "what was sent is kept to edit");
    assert.equal((await posted(page)).filter((m) => m.type === "submit").length, 0);
  } finally {
    await page.close();
  }
});

test("host-side errors are shown next to the fields", async () => {
  const page = await open(init());
  try {
    await send(page, {
      type: "errors",
      errors: [{ field: "duration", message: "Duration: at most 30 min for port 3389." }],
    });
    const select = page.getByLabel("Duration");
    await page.waitForFunction(() => document.querySelector("select")?.getAttribute("aria-invalid") === "true");
    assert.match(await page.locator(".field .error").first().innerText(), /at most 30 min/);
    assert.equal(await select.getAttribute("aria-invalid"), "true");
  } finally {
    await page.close();
  }
});

test("state survives hide/show: the saved state restores what was typed", async () => {
  const state = init();
  const first = await open(state);
  let savedState: SavedState | undefined;
  try {
    await first.getByRole("radio", { name: "Another IPv4 address or CIDR range:" }).check();
    await first.getByRole("textbox", { name: "IPv4 address or CIDR range" }).fill("198.51.100.0/24");
    await first.getByLabel(/Justification/).fill("half typed");
    savedState = await saved(first);
  } finally {
    await first.close();
  }
  assert.ok(savedState);
  const second = await open(state, savedState);
  try {
    assert.equal(
      await second.getByRole("textbox", { name: "IPv4 address or CIDR range" }).inputValue(),
      "198.51.100.0/24",
    );
    assert.equal(await second.getByRole("radio", { name: "Another IPv4 address or CIDR range:" }).isChecked(), true);
    assert.equal(await second.getByLabel(/Justification/).inputValue(), "half typed");
  } finally {
    await second.close();
  }
  // A new render (another target) ignores the old saved state.
  const third = await open(init(), savedState);
  try {
    assert.equal(await third.getByLabel(/Justification/).inputValue(), "");
  } finally {
    await third.close();
  }
});

test("hostile strings from Azure are shown as text, never markup", async () => {
  const evil = `<img src=x onerror="window.__pwned=1">`;
  const hostile = policy({
    name: `${evil}</script><script>window.__pwned=1</script>`,
    resourceGroup: `rg"'><svg onload=window.__pwned=1>`,
    virtualMachines: [
      {
        id: `${vmId("vm-x")}</script><script>window.__pwned=1</script>${evil}`,
        ports: [
          {
            number: 22,
            protocol: `"><b>bold</b>`,
            allowedSourceAddressPrefixes: [`10.0.0.0/8${evil}`],
            maxRequestAccessDuration: "PT1H",
          },
        ],
      },
    ],
  });
  const page = await open(
    init({ policy: hostile, vmId: undefined, portNumber: undefined, l10n: { "Request access": `${evil}Request` } }),
  );
  try {
    await page.waitForTimeout(200);
    const w = await page.evaluate(() => ({
      pwned: (window as unknown as Stand).__pwned,
      imgs: document.querySelectorAll("img, svg, b").length,
      scripts: document.scripts.length,
      text: document.getElementById("app")?.textContent ?? "",
    }));
    assert.equal(w.pwned, undefined);
    assert.equal(w.imgs, 0);
    assert.equal(w.scripts, 2, "only the state block and the bundle");
    assert.ok(
      w.text.includes(`${evil}</script><script>window.__pwned=1</script>`),
      "the policy name appears verbatim as text",
    );
    assert.ok(w.text.includes(`rg"'><svg onload=window.__pwned=1>`));
    assert.ok(w.text.includes(`10.0.0.0/8${evil}`));
    assert.ok(await page.getByRole("button", { name: `${evil}Request` }).isVisible(), "translations are text too");
  } finally {
    await page.close();
  }
});

test("the CSP blocks an injected inline script and inline handler", async () => {
  const page = await open(init());
  try {
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inline = 1";
      document.body.append(s);
      const b = document.createElement("button");
      b.setAttribute("onclick", "window.__inline = 2");
      document.body.append(b);
      b.click();
      const l = document.createElement("link");
      l.rel = "stylesheet";
      l.href = "https://example.invalid/evil.css";
      document.head.append(l);
    });
    await page.waitForFunction(() => (window as unknown as Stand).__violations.length >= 2);
    const w = await page.evaluate(() => ({
      inline: (window as unknown as Stand).__inline,
      violations: (window as unknown as Stand).__violations,
    }));
    assert.equal(w.inline, undefined);
    assert.ok(
      w.violations.some((v) => v.startsWith("script-src")),
      w.violations.join(", "),
    );
    const csp = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
    );
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src http:\/\/127\.0\.0\.1:\d+;/);
  } finally {
    await page.close();
  }
});
