// The command check (scripts/check-commands.mjs, run by `npm run lint`) on a copy of the repository's package.json
// and src/: it passes as things are, and fails on a contributed command nothing registers and on a literal id.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "jit-commands-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function copy(name: string): string {
  const root = join(dir, name);
  cpSync("src", join(root, "src"), { recursive: true });
  cpSync("package.json", join(root, "package.json"));
  return root;
}

const check = (root: string) => spawnSync(process.execPath, ["scripts/check-commands.mjs", root], { encoding: "utf8" });

test("passes on the repository as it is", () => {
  const run = check(copy("clean"));
  assert.equal(run.status, 0, run.stderr);
});

test("fails on a contributed command that nothing registers", () => {
  const root = copy("unregistered");
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    contributes: { commands: Array<{ command: string }> };
  };
  manifest.contributes.commands.push({ command: "azureJit.notYetACommand" });
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest));
  const run = check(root);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /contributes "azureJit\.notYetACommand", which COMMAND .* lacks/);
  assert.match(run.stderr, /contributes "azureJit\.notYetACommand", which nothing in src\/ registers/);
});

test("fails on a command registered by a string literal and on one registered twice", () => {
  const root = copy("literal");
  appendFileSync(
    join(root, "src", "tree", "register.ts"),
    '\nexport const x = () => vscode.commands.registerCommand("azureJit.other", () => {});\n',
  );
  appendFileSync(
    join(root, "src", "auth", "register.ts"),
    "\nexport const y = () => vscode.commands.registerCommand(COMMAND.refresh, () => {});\n",
  );
  const run = check(root);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /registers "azureJit\.other" by a string literal/);
  assert.match(run.stderr, /"azureJit\.refresh" is registered 2 times/);
});
