import assert from "node:assert/strict";
import { test } from "node:test";
import { rdpFileContent } from "../../../src/core/rdpFile";

test("full address with port, user name, prompt for credentials, CRLF, no password", () => {
  const r = rdpFileContent({ host: "20.1.2.4", port: 3389, username: "azureuser" });
  assert.ok(r.ok);
  assert.equal(
    r.text,
    "full address:s:20.1.2.4:3389\r\nusername:s:azureuser\r\nprompt for credentials:i:1\r\nadministrative session:i:0\r\n",
  );
  assert.doesNotMatch(r.text, /password/i);
});

test("firewall mapped port and a DOMAIN\\user name", () => {
  const r = rdpFileContent({ host: "52.0.0.9", port: 50001, username: "CONTOSO\\ops" });
  assert.ok(r.ok);
  assert.match(r.text, /^full address:s:52\.0\.0\.9:50001\r\nusername:s:CONTOSO\\ops\r\n/);
});

test("no user name: the client asks", () => {
  const r = rdpFileContent({ host: "vm.example.com", port: 3389 });
  assert.ok(r.ok);
  assert.doesNotMatch(r.text, /username/);
});

test("refuses values that would add lines", () => {
  for (const target of [
    { host: "20.1.2.4\r\nalternate shell:s:cmd.exe", port: 3389 },
    { host: "20.1.2.4", port: 3389, username: "a\r\nremoteapplicationprogram:s:x" },
    { host: "20.1.2.4", port: 70000 },
  ]) {
    const r = rdpFileContent(target);
    assert.equal(r.ok, false, JSON.stringify(target));
  }
});
