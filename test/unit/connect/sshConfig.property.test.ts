/* eslint-disable no-control-regex -- line breaks and NUL are what these properties are about */
// Properties of the managed ~/.ssh/config block from ssh_config(5)'s grammar (one directive per line, `#` starts a
// comment, arguments split on blanks), checked by parsing the whole written file with the real ssh-config parser
// AND by splitting it on every Unicode line break: exactly the directives we wrote, no extra one, whatever VM name,
// id, user or address Azure sends. And two different VMs never share a block.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { SSHConfig as SSHConfigClass } from "ssh-config" with { "resolution-mode": "import" };
import { upsertManagedHost } from "../../../src/connect/sshConfig";
import { chooseHostAlias, decodeCommentId } from "../../../src/core/sshConfigBlock";
import { fcOptions } from "../core/fcConfig";
import { LINE_BREAKS } from "../core/lineBreaks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SSHConfig } = require("ssh-config") as { SSHConfig: typeof SSHConfigClass };

const USER_FILE = [
  "# my own settings",
  "ServerAliveInterval 30",
  "",
  "Host bastion",
  "  HostName 10.0.0.4",
  "  User me",
  "",
].join("\n");
const USER_DIRECTIVES = ["ServerAliveInterval 30", "Host bastion", "HostName 10.0.0.4", "User me"];
const BREAKS = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029\u0000]/;

const breakChar = fc.constantFrom(...LINE_BREAKS, " ", "\t", "#", "=");
const hostileText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 16 }),
  fc.string({
    unit: fc.oneof(breakChar, fc.constantFrom("é", "ü", "Ω", "漢", "\uD83D\uDE00", "\uD800", "a", "-", ".", "%")),
    minLength: 1,
    maxLength: 10,
  }),
  fc.tuple(fc.string({ maxLength: 6 }), breakChar).map(([a, b]) => `${a}${b}ProxyCommand sh -c evil`),
);
const name = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), hostileText);
const vm = fc.record({ subscription: fc.uuid(), resourceGroup: name, name });
const vmIdOf = (v: { subscription: string; resourceGroup: string; name: string }) =>
  `/subscriptions/${v.subscription}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${v.name}`;
const user = fc.option(fc.oneof(fc.constantFrom("azureuser", "admin_1"), hostileText), { nil: undefined });
const address = fc.oneof(fc.ipV4(), fc.domain(), hostileText);
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.integer());

function directives(text: string): string[] {
  const out: string[] = [];
  const walk = (lines: ReturnType<typeof SSHConfig.parse>) => {
    for (const line of lines) {
      if (line.type !== SSHConfig.DIRECTIVE) continue;
      const value = Array.isArray(line.value) ? line.value.map((v) => v.val).join(" ") : line.value;
      out.push(`${line.param} ${value}`);
      if ("config" in line) walk(line.config);
    }
  };
  walk(SSHConfig.parse(text));
  return out;
}

test("the written file holds exactly the user's directives plus ours, read by ssh-config and by any line splitter", () => {
  fc.assert(
    fc.property(vm, user, address, port, fc.boolean(), (v, u, a, p, crlf) => {
      const before = crlf ? USER_FILE.replace(/\n/g, "\r\n") : USER_FILE;
      const id = vmIdOf(v);
      const alias = chooseHostAlias(before, { name: v.name, id, resourceGroup: v.resourceGroup });
      const edit = upsertManagedHost(before, { alias, hostName: a, user: u, port: p, vmId: id });
      if (!edit.ok) return; // a refusal writes nothing
      const ours = [`Host ${alias}`, `HostName ${a}`, ...(u ? [`User ${u}`] : []), `Port ${p}`];
      assert.deepEqual(directives(edit.text).sort(), [...USER_DIRECTIVES, ...ours].sort());
      // Split on every Unicode line break: each non-blank line is a comment or one of those directives, once.
      const lines = edit.text
        .split(BREAKS)
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
      assert.deepEqual(lines.sort(), [...USER_DIRECTIVES, ...ours].sort());
      // The VM comment names the id exactly.
      const vmLine = edit.text.split(BREAKS).find((l) => l.startsWith("# VM: "));
      assert.ok(vmLine);
      assert.equal(decodeCommentId(vmLine.slice("# VM: ".length)), id);
      // Every line we wrote is printable ASCII.
      assert.match(edit.text.slice(0, edit.text.indexOf("Host bastion")), /^[\x20-\x7E\r\n]*$/);
    }),
    fcOptions(),
  );
});

test("two VMs whose ids differ (ignoring case) never get the same alias; the same VM keeps its own", () => {
  // Same subscription and VM name, resource groups that differ only in letters the safe form drops.
  const rg = fc.string({
    unit: fc.constantFrom("é", "è", "ü", "Ü", "ß", "漢", "a", "-", "(", ")"),
    minLength: 1,
    maxLength: 6,
  });
  fc.assert(
    fc.property(fc.uuid(), name, rg, rg, fc.ipV4(), (subscription, vmName, rg1, rg2, ip) => {
      const first = {
        name: vmName,
        id: vmIdOf({ subscription, resourceGroup: rg1, name: vmName }),
        resourceGroup: rg1,
      };
      const second = {
        name: vmName,
        id: vmIdOf({ subscription, resourceGroup: rg2, name: vmName }),
        resourceGroup: rg2,
      };
      const alias1 = chooseHostAlias(USER_FILE, first);
      const edit = upsertManagedHost(USER_FILE, { alias: alias1, hostName: ip, port: 22, vmId: first.id });
      assert.ok(edit.ok, alias1);
      const alias2 = chooseHostAlias(edit.text, second);
      if (first.id.toLowerCase() === second.id.toLowerCase()) assert.equal(alias2, alias1);
      else assert.notEqual(alias2, alias1, `${first.id} and ${second.id} share ${alias1}`);
      assert.equal(chooseHostAlias(edit.text, first), alias1, "the first VM keeps its block");
    }),
    fcOptions(),
  );
});
