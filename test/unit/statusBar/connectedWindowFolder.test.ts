// The connected window opened on the user's home (src/core/remoteFolder.ts): its workspace folder is
// `vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser`, which is how its status bar finds web-01's grant
// (src/statusBar/connectedWindow.ts reads the folders' URIs as vscode.Uri.toString() gives them, "+" as %2B).
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectedAliasOfUris, grantsOfWindow, uriAuthority } from "../../../src/core/connectedWindow";
import { homeFolderUri } from "../../../src/core/remoteFolder";

const grant = (vmName: string, port: number) => ({ vmName, port, endTimeUtc: 0 });
const grants = [grant("web-02", 22), grant("web-01", 22), grant("db-01", 5432)];

test("a window on vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser finds web-01's grant", () => {
  for (const folder of [
    "vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser",
    "vscode-remote://ssh-remote%2Bazure-jit-web-01/home/azureuser",
  ]) {
    const alias = connectedAliasOfUris("ssh-remote", [folder]);
    assert.equal(alias, "azure-jit-web-01", folder);
    assert.deepEqual(grantsOfWindow(alias, grants), [grant("web-01", 22)], folder);
  }
});

test("the folder Connect opens is the one the window recognises", () => {
  const home = homeFolderUri("azure-jit-web-01-rg-web-prod", "azureuser");
  assert.ok(home.ok);
  const alias = connectedAliasOfUris("ssh-remote", [home.uri]);
  assert.equal(alias, "azure-jit-web-01-rg-web-prod");
  assert.deepEqual(grantsOfWindow(alias, grants), [grant("web-01", 22)]);
});

test("a local window, an empty remote window or another host shows every grant", () => {
  assert.equal(
    connectedAliasOfUris(undefined, ["vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser"]),
    undefined,
  );
  assert.equal(connectedAliasOfUris("ssh-remote", []), undefined);
  assert.equal(connectedAliasOfUris("ssh-remote", ["vscode-remote://ssh-remote+build-box/home/me"]), undefined);
  assert.equal(connectedAliasOfUris("ssh-remote", ["file:///home/me/project"]), undefined);
  assert.deepEqual(grantsOfWindow(undefined, grants), grants);
  assert.deepEqual(grantsOfWindow("azure-jit-web-99", grants), grants, "no grant of that VM: all of them");
});

test("uriAuthority: RFC 3986 Appendix B's authority, decoded; none for a URI without one or with bad escapes", () => {
  assert.equal(uriAuthority("vscode-remote://ssh-remote%2Bazure-jit-web-01/home/a?x#y"), "ssh-remote+azure-jit-web-01");
  assert.equal(uriAuthority("untitled:Untitled-1"), undefined);
  assert.equal(uriAuthority("vscode-remote://ssh-remote+%E0%A4%A/home"), undefined);
});
