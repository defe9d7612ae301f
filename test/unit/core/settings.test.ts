// The one settings reader: each azureJit.* setting validated with the rule package.json declares for it.
// expiryWarningMinutes used to be clamped for the status bar but read raw for the tree (120 gave the tree a
// 120-minute warning and the status bar a 60-minute one): both now take expiryWarningMs(readJitSettings(…)).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { expiryWarningMs, readJitSettings } from "../../../src/core/settings";
import { fcOptions } from "./fcConfig";

const read = (values: Record<string, unknown>) => readJitSettings((name) => values[name]);

test("expiryWarningMinutes: 120 is clamped to the declared maximum of 60, for every view", () => {
  const settings = read({ expiryWarningMinutes: 120 });
  assert.equal(settings.expiryWarningMinutes, 60);
  assert.equal(expiryWarningMs(settings), 60 * 60_000);
  assert.equal(read({ expiryWarningMinutes: -3 }).expiryWarningMinutes, 0);
  assert.equal(read({ expiryWarningMinutes: "10" }).expiryWarningMinutes, 5, "not a number: the default");
  assert.equal(read({}).expiryWarningMinutes, 5);
});

test("every number setting stays inside the minimum and maximum package.json declares", () => {
  const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
    contributes: {
      configuration: {
        properties: Record<string, { type?: string; minimum?: number; maximum?: number; default?: unknown }>;
      };
    };
  };
  const numbers = Object.entries(manifest.contributes.configuration.properties).filter(([, p]) => p.type === "number");
  assert.ok(numbers.length >= 2);
  for (const [key, rule] of numbers) {
    const name = key.replace(/^azureJit\./, "") as keyof ReturnType<typeof read>;
    assert.equal(read({})[name], rule.default, `${key}: unset reads as its default`);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN), fc.string()), (value) => {
        const got = read({ [name]: value })[name] as number;
        assert.ok(Number.isFinite(got), `${key}=${String(value)} gave ${got}`);
        if (rule.minimum !== undefined)
          assert.ok(got >= rule.minimum, `${key}=${String(value)} gave ${got} < ${rule.minimum}`);
        if (rule.maximum !== undefined)
          assert.ok(got <= rule.maximum, `${key}=${String(value)} gave ${got} > ${rule.maximum}`);
      }),
      fcOptions(),
    );
  }
});

test("the other settings: enum, booleans, ports and strings normalised", () => {
  assert.equal(read({ authentication: "azureCli" }).authentication, "azureCli");
  assert.equal(read({ authentication: "AZURECLI" }).authentication, "vscode");
  assert.equal(read({ requireJustification: "yes" }).requireJustification, false);
  assert.equal(read({ expiryWarningNotification: 0 }).expiryWarningNotification, true);
  assert.equal(read({ manageSshConfig: false }).manageSshConfig, false);
  assert.deepEqual(read({ sshPorts: [22, 0, 65536, 2222, 1.5, "22"] }).sshPorts, [22, 2222]);
  assert.deepEqual(read({ sshPorts: "22" }).sshPorts, [22]);
  assert.equal(read({ sshUser: "  azureuser " }).sshUser, "azureuser");
  assert.equal(read({ defaultDuration: " PT2H " }).defaultDuration, "PT2H");
  assert.equal(read({ customCloudCaFile: 42 }).customCloudCaFile, "");
});
