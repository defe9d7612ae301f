// Restricted Mode: the manifest declares limited support and restricts exactly the settings core's reader treats as
// restricted; every azureJit.* setting is decided one way or the other (docs/azure-behaviour.md#restricted-mode).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import { RESTRICTED_SETTINGS } from "../../../src/core/settings";

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
  capabilities?: {
    untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] };
    virtualWorkspaces?: unknown;
  };
  contributes: {
    configuration: { properties: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }>;
  };
};
const settings = (
  Array.isArray(manifest.contributes.configuration)
    ? manifest.contributes.configuration
    : [manifest.contributes.configuration]
).flatMap((c) => Object.keys(c.properties));
/** Harmless in a hostile workspace: how often the view refreshes, when and whether to warn, whether to ask for a reason. */
const UNRESTRICTED = [
  "refreshIntervalSeconds",
  "requireJustification",
  "expiryWarningMinutes",
  "expiryWarningNotification",
];

test("untrustedWorkspaces is limited and restricts exactly core's RESTRICTED_SETTINGS", () => {
  const u = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(u?.supported, "limited");
  assert.deepEqual(
    [...(u?.restrictedConfigurations ?? [])].sort(),
    RESTRICTED_SETTINGS.map((s) => `azureJit.${s}`).sort(),
  );
  assert.equal(manifest.capabilities?.virtualWorkspaces, true);
});

test("the issue's minimum set is restricted", () => {
  for (const s of [
    "customCloudCaFile",
    "sshUser",
    "sshPorts",
    "manageSshConfig",
    "authentication",
    "selectedSubscriptions",
  ]) {
    assert.ok((RESTRICTED_SETTINGS as readonly string[]).includes(s), s);
  }
});

test("every azureJit.* setting is either restricted or listed here as harmless", () => {
  for (const key of settings) {
    const name = key.replace(/^azureJit\./, "");
    assert.ok(
      (RESTRICTED_SETTINGS as readonly string[]).includes(name) !== UNRESTRICTED.includes(name),
      `${key}: decide whether a workspace may set it`,
    );
  }
});
