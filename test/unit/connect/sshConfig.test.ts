import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, symlink, writeFile, lstat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { upsertManagedHost, writeManagedHost } from "../../../src/connect/sshConfig";
import {
  chooseHostAlias,
  hostAlias,
  safeName,
  sshCommand,
  validateHostName,
  validateSshUser,
} from "../../../src/core/sshConfigBlock";

const vm01 = { alias: "azure-jit-vm-01", hostName: "20.1.2.3", user: "azureuser", port: 22 };
const BLOCK = [
  "# >>> azure-jit-access azure-jit-vm-01 >>>",
  "# Managed by Azure JIT Access: changes between these markers are overwritten.",
  "Host azure-jit-vm-01",
  "  HostName 20.1.2.3",
  "  User azureuser",
  "  Port 22",
  "# <<< azure-jit-access azure-jit-vm-01 <<<",
].join("\n");

// Hand-written config with things ssh-config's stringify would NOT reproduce (trailing blanks, inline comment,
// "=" separator, tabs), so a re-serialising editor would fail these tests.
const USER_CONFIG = [
  "# my global settings   ",
  "AddKeysToAgent yes",
  "Include ~/.ssh/config.d/*",
  "",
  "# work boxes",
  "Host work  ",
  "\tHostName=work.example.com # the bastion",
  "  User me",
  "",
  "Host *",
  "  IdentityFile ~/.ssh/id_ed25519",
  "",
].join("\n");

function ok(result: ReturnType<typeof upsertManagedHost>) {
  assert.ok(result.ok, result.ok ? "" : result.error);
  return result;
}

test("adds the block before the first section (and its heading comments), leaves every other byte alone", () => {
  const r = ok(upsertManagedHost(USER_CONFIG, vm01));
  const globals = "# my global settings   \nAddKeysToAgent yes\nInclude ~/.ssh/config.d/*\n\n";
  assert.equal(r.text, globals + BLOCK + "\n\n" + USER_CONFIG.slice(globals.length));
  assert.equal(r.changed, true);
  assert.deepEqual(r.overridden, []);
});

test("updates the block in place; a second identical update changes nothing", () => {
  const first = ok(upsertManagedHost(USER_CONFIG, vm01)).text;
  const second = ok(upsertManagedHost(first, { ...vm01, hostName: "20.9.9.9", port: 50022 }));
  assert.equal(second.text, first.replace("HostName 20.1.2.3", "HostName 20.9.9.9").replace("Port 22", "Port 50022"));
  const again = ok(upsertManagedHost(second.text, { ...vm01, hostName: "20.9.9.9", port: 50022 }));
  assert.equal(again.changed, false);
  assert.equal(again.text, second.text);
});

test("two VMs get two blocks; updating one leaves the other as is", () => {
  const one = ok(upsertManagedHost(USER_CONFIG, vm01)).text;
  const two = ok(
    upsertManagedHost(one, { alias: "azure-jit-vm-02", hostName: "10.0.0.5", user: "ops", port: 22 }),
  ).text;
  const updated = ok(upsertManagedHost(two, { ...vm01, user: "root2" })).text;
  assert.ok(updated.includes("Host azure-jit-vm-02\n  HostName 10.0.0.5\n  User ops"));
  assert.equal(updated.replace("User root2", "User azureuser"), two);
});

test("empty or missing file: just the block; a file without sections: appended after a blank line", () => {
  assert.equal(ok(upsertManagedHost("", vm01)).text, BLOCK + "\n");
  assert.equal(ok(upsertManagedHost("User me", vm01)).text, "User me\n\n" + BLOCK + "\n");
});

test("keeps CRLF files CRLF", () => {
  const crlf = "Host a\r\n  HostName 1.1.1.1\r\n";
  const r = ok(upsertManagedHost(crlf, vm01));
  assert.equal(r.text, BLOCK.replace(/\n/g, "\r\n") + "\r\n\r\n" + crlf);
});

test("an earlier global directive that overrides ours is reported", () => {
  const r = ok(upsertManagedHost("User someoneelse\nHost x\n  HostName 1.1.1.1\n", vm01));
  assert.deepEqual(r.overridden, ["user"]);
});

test("refuses to shadow a Host the user wrote with the same alias", () => {
  const r = upsertManagedHost("Host other azure-jit-vm-01\n  HostName 9.9.9.9\n", vm01);
  assert.equal(r.ok, false);
  assert.match(r.ok ? "" : r.error, /Host azure-jit-vm-01/);
});

test("refuses a block whose end marker is gone", () => {
  const damaged = ok(upsertManagedHost("", vm01)).text.replace("# <<< azure-jit-access azure-jit-vm-01 <<<\n", "");
  const r = upsertManagedHost(damaged, vm01);
  assert.equal(r.ok, false);
  assert.match(r.ok ? "" : r.error, /end marker/);
});

test("refuses hostile values from Azure: nothing can add a directive", () => {
  const hostile = [
    { ...vm01, hostName: "20.1.2.3\n  ProxyCommand touch /tmp/pwned" },
    { ...vm01, hostName: "20.1.2.3 -oProxyCommand=x" },
    { ...vm01, hostName: "999.1.2.3" },
    { ...vm01, user: "azureuser\nProxyCommand x" },
    { ...vm01, user: "a b" },
    { ...vm01, user: "-oProxyCommand=x" },
    { ...vm01, alias: "azure-jit-*" },
    { ...vm01, port: 0 },
  ];
  for (const host of hostile) {
    const r = upsertManagedHost(USER_CONFIG, host);
    assert.equal(r.ok, false, JSON.stringify(host));
    assert.doesNotMatch(r.ok ? "" : r.error, /\n/, "messages show control characters escaped");
  }
});

test("names, host names, users", () => {
  assert.equal(hostAlias("vm-01"), "azure-jit-vm-01");
  // The safe form lost characters, so a hash of the name keeps different names apart.
  assert.match(hostAlias("my vm;rm -rf\n/"), /^azure-jit-my-vm-rm--rf--[0-9a-f]{8}$/);
  assert.equal(safeName("../../etc/passwd"), "etc-passwd");
  assert.equal(safeName("ümlaut"), "mlaut");
  assert.equal(safeName("***"), "vm");
  assert.equal(validateHostName("20.1.2.3"), undefined);
  assert.equal(validateHostName("vm1.westeurope.cloudapp.azure.com"), undefined);
  assert.notEqual(validateHostName("1.2.3"), undefined);
  assert.notEqual(validateHostName("-bad.example.com"), undefined);
  assert.equal(validateSshUser("azure_user.1"), undefined);
  assert.notEqual(validateSshUser("1root"), undefined);
  assert.equal(sshCommand({ hostName: "20.1.2.3", port: 22, user: "azureuser" }), "ssh azureuser@20.1.2.3");
  assert.equal(sshCommand({ hostName: "20.1.2.3", port: 50022 }), "ssh -p 50022 20.1.2.3");
});

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test("file: creates ~/.ssh 0700 and config 0600 when absent", { skip: process.platform === "win32" }, async () => {
  const home = await mkdtemp(join(tmpdir(), "jit-ssh-"));
  dirs.push(home);
  const path = join(home, ".ssh", "config");
  const r = await writeManagedHost(path, vm01);
  assert.ok(r.ok && r.changed);
  assert.equal(await readFile(path, "utf8"), BLOCK + "\n");
  assert.equal((await stat(join(home, ".ssh"))).mode & 0o777, 0o700);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
});

test(
  "file: edits an existing config in place, keeps its mode and the symlink",
  { skip: process.platform === "win32" },
  async () => {
    const home = await mkdtemp(join(tmpdir(), "jit-ssh-"));
    dirs.push(home);
    const real = join(home, "dotfiles-ssh-config");
    await writeFile(real, USER_CONFIG, { mode: 0o640 });
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(home, ".ssh"));
    const path = join(home, ".ssh", "config");
    await symlink(real, path);
    await Promise.all([writeManagedHost(path, vm01), writeManagedHost(path, { ...vm01, alias: "azure-jit-vm-02" })]);
    const text = await readFile(real, "utf8");
    assert.ok(
      text.includes("Host azure-jit-vm-01") && text.includes("Host azure-jit-vm-02"),
      "serialized writes keep both blocks",
    );
    assert.ok(
      text.endsWith(
        "\n# work boxes\nHost work  \n\tHostName=work.example.com # the bastion\n  User me\n\nHost *\n  IdentityFile ~/.ssh/id_ed25519\n",
      ),
    );
    assert.ok((await lstat(path)).isSymbolicLink());
    assert.equal((await stat(real)).mode & 0o777, 0o640);
  },
);

test("file: a refused edit leaves the file untouched", async () => {
  const home = await mkdtemp(join(tmpdir(), "jit-ssh-"));
  dirs.push(home);
  const path = join(home, "config");
  await writeFile(path, USER_CONFIG);
  const r = await writeManagedHost(path, { ...vm01, user: "x\ny" });
  assert.equal(r.ok, false);
  assert.equal(await readFile(path, "utf8"), USER_CONFIG);
});

const idOf = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";

test("alias: a same-named VM in another resource group or subscription gets its own block, never the other's", async () => {
  const home = await mkdtemp(join(tmpdir(), "jit-ssh-"));
  dirs.push(home);
  const path = join(home, "config");
  const prod = { name: "web-01", id: idOf(SUB_A, "rg-prod", "web-01"), resourceGroup: "rg-prod" };
  const test1 = { name: "web-01", id: idOf(SUB_A, "rg-test", "web-01"), resourceGroup: "rg-test" };
  const other = { name: "web-01", id: idOf(SUB_B, "rg-prod", "web-01"), resourceGroup: "rg-prod" };
  const write = (vm: typeof prod, hostName: string) =>
    writeManagedHost(path, { alias: "ignored", hostName, user: "azureuser", port: 22 }, vm);

  const a = await write(prod, "20.0.0.1");
  const b = await write(test1, "20.0.0.2");
  const c = await write(other, "20.0.0.3");
  assert.ok(a.ok && b.ok && c.ok);
  assert.deepEqual([a.alias, b.alias], ["azure-jit-web-01", "azure-jit-web-01-rg-test"]);
  assert.equal(c.alias, "azure-jit-web-01-rg-prod", "the bare alias is prod's: the resource group tells them apart");
  const fourth = await write(
    { name: "web-01", id: idOf(SUB_B, "rg-test", "web-01"), resourceGroup: "rg-test" },
    "20.0.0.4",
  );
  assert.ok(fourth.ok);
  assert.match(fourth.alias, /^azure-jit-web-01-[0-9a-f]{8}$/, "name and resource group both taken: a hash of the id");
  // Connecting to the first again updates its own block, not the last one written.
  const again = await write(prod, "20.0.0.9");
  assert.ok(again.ok);
  assert.equal(again.alias, "azure-jit-web-01");
  const text = await readFile(path, "utf8");
  assert.match(
    text,
    /# VM: \/subscriptions\/00000000-0000-0000-0000-00000000000a\/resourceGroups\/rg-prod\/providers\/Microsoft.Compute\/virtualMachines\/web-01\nHost azure-jit-web-01\n {2}HostName 20\.0\.0\.9\n/,
  );
  assert.match(text, /Host azure-jit-web-01-rg-test\n {2}HostName 20\.0\.0\.2\n/);
  assert.equal((text.match(/^Host /gm) ?? []).length, 4);
});

test("alias: a block written before ids were recorded is reused by the VM of that name; ids are matched case-insensitively", () => {
  const legacy = ok(upsertManagedHost("", vm01)).text;
  assert.equal(
    chooseHostAlias(legacy, { name: "vm-01", id: idOf(SUB_A, "rg", "vm-01"), resourceGroup: "rg" }),
    "azure-jit-vm-01",
  );
  const recorded = ok(upsertManagedHost("", { ...vm01, vmId: idOf(SUB_A, "RG", "VM-01") })).text;
  assert.equal(
    chooseHostAlias(recorded, { name: "vm-01", id: idOf(SUB_A, "rg", "vm-01"), resourceGroup: "rg" }),
    "azure-jit-vm-01",
  );
  assert.equal(
    chooseHostAlias(recorded, { name: "vm-01", id: idOf(SUB_A, "rg2", "vm-01"), resourceGroup: "rg2" }),
    "azure-jit-vm-01-rg2",
  );
});

test("alias: a hostile VM id cannot add a directive through the VM comment", () => {
  const r = ok(
    upsertManagedHost("", {
      ...vm01,
      vmId: "/subscriptions/x/resourceGroups/r\n  ProxyCommand evil/providers/Microsoft.Compute/virtualMachines/vm-01",
    }),
  );
  assert.doesNotMatch(r.text, /^\s*ProxyCommand/m);
  assert.match(r.text, /^# VM: \/subscriptions\/x\/resourceGroups\/r%0A%20%20ProxyCommand%20evil\//m);
});
