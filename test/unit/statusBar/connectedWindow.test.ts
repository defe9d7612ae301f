// The connected window (src/core/connectedWindow.ts): which VM a Remote - SSH window is for, from remoteName and a
// workspace folder's authority only; an empty window or another host says nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { aliasIsVm, connectedAlias } from "../../../src/core/connectedWindow";

test("a Remote - SSH window opened on azure-jit-<vm> knows its VM; others do not", () => {
  assert.equal(connectedAlias("ssh-remote", ["ssh-remote+azure-jit-web-01"]), "azure-jit-web-01");
  assert.equal(
    connectedAlias("ssh-remote", ["ssh-remote+azure-jit-web-01%2Drg"]),
    "azure-jit-web-01-rg",
    "percent-encoded authority",
  );
  assert.equal(connectedAlias("ssh-remote", []), undefined, "an empty remote window exposes no authority");
  assert.equal(connectedAlias("ssh-remote", ["ssh-remote+build-server"]), undefined, "a host Connect did not write");
  assert.equal(connectedAlias(undefined, ["ssh-remote+azure-jit-web-01"]), undefined, "a local window");
  assert.equal(connectedAlias("wsl", ["wsl+azure-jit-web-01"]), undefined);
});

test("the alias matches its VM (also with a resource group after it), not a VM whose name only starts the same", () => {
  assert.equal(aliasIsVm("azure-jit-web-01", "web-01"), true);
  assert.equal(aliasIsVm("azure-jit-web-01-rg-web-prod", "web-01"), true);
  assert.equal(aliasIsVm("azure-jit-web-01", "web-02"), false);
  assert.equal(aliasIsVm("azure-jit-web", "web-01"), false);
});
