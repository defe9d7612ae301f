// When the parts load at startup instead of on first use: only for what must show or run without the view.
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectedAlias } from "../../../src/core/connectedWindow";
import { HOST_ALIAS_PREFIX } from "../../../src/core/sshConfigBlock";
import { ENDED_NOTICE_MS, MANAGED_ALIAS_PREFIX, partsNeededAtStartup, STATE_KEY } from "../../../src/core/startupState";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const state = (entries: Record<string, unknown>) => ({ get: <T>(k: string) => entries[k] as T | undefined });
const facts = (entries: Record<string, unknown>, remoteName?: string, folderAuthorities: string[] = []) => ({
  state: state({ [STATE_KEY.walkthroughShown]: true, ...entries }),
  nowMs: NOW,
  remoteName,
  folderAuthorities,
});

test("a returning user with nothing open: the parts wait for their first use", () => {
  assert.equal(partsNeededAtStartup(facts({})), false);
  assert.equal(partsNeededAtStartup(facts({ [STATE_KEY.openGrants]: [], [STATE_KEY.keepOpen]: [] })), false);
});

test("the first run in a profile loads them, for the walkthrough", () => {
  assert.equal(partsNeededAtStartup({ ...facts({}), state: state({}) }), true);
});

test("a remembered grant still open, or ended within the notice window, loads them; an old one does not", () => {
  const grant = (endTimeUtc: number) => ({
    [STATE_KEY.openGrants]: [{ policyId: "p", vmId: "v", port: 22, endTimeUtc }],
  });
  assert.equal(partsNeededAtStartup(facts(grant(NOW + 60_000))), true);
  assert.equal(partsNeededAtStartup(facts(grant(NOW - ENDED_NOTICE_MS + 1000))), true);
  assert.equal(partsNeededAtStartup(facts(grant(NOW - ENDED_NOTICE_MS - 1000))), false);
});

test("a kept-open grant within its cap loads them; one past its cap does not", () => {
  const kept = (capEndsAt: number) => ({ [STATE_KEY.keepOpen]: [{ capEndsAt }] });
  assert.equal(partsNeededAtStartup(facts(kept(NOW + 1))), true);
  assert.equal(partsNeededAtStartup(facts(kept(NOW))), false);
});

test("whatever an older version or another extension left under the keys counts as nothing", () => {
  for (const junk of [null, 42, "x", {}, [null], [{ endTimeUtc: "2030-01-01" }], [{ capEndsAt: Number.NaN }]])
    assert.equal(partsNeededAtStartup(facts({ [STATE_KEY.openGrants]: junk, [STATE_KEY.keepOpen]: junk })), false);
});

test("a Remote - SSH window Connect opened loads them; another remote or host does not", () => {
  assert.equal(partsNeededAtStartup(facts({}, "ssh-remote", ["ssh-remote+azure-jit-web-01"])), true);
  assert.equal(partsNeededAtStartup(facts({}, "ssh-remote", ["ssh-remote+build-server"])), false);
  assert.equal(partsNeededAtStartup(facts({}, "wsl", ["wsl+azure-jit-web-01"])), false);
});

test("the startup check agrees with the connected window's own rule on every authority it is given", () => {
  assert.equal(MANAGED_ALIAS_PREFIX, HOST_ALIAS_PREFIX);
  for (const authority of [
    "ssh-remote+azure-jit-web-01",
    "ssh-remote+AZURE-JIT-web-01",
    "ssh-remote+azure-jit%2Dweb-01",
    "ssh-remote+%E0%A4%A",
    "ssh-remote+",
    "ssh-remote+other",
    "dev-container+azure-jit-x",
  ]) {
    const expected = connectedAlias("ssh-remote", [authority]) !== undefined;
    assert.equal(partsNeededAtStartup(facts({}, "ssh-remote", [authority])), expected, authority);
  }
});
