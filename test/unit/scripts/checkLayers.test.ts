// The part-order check (scripts/check-layers.mjs, run by `npm run lint`) on a copy of src/: it passes on the tree as
// it is and fails once a lower part imports a higher one, or a part appears that the order does not name.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "jit-layers-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function copyOfSrc(name: string): string {
  const root = join(dir, name, "src");
  cpSync("src", root, { recursive: true });
  return root;
}

function check(root: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ["scripts/check-layers.mjs", root], { encoding: "utf8" });
  return { status: run.status, stderr: run.stderr };
}

test("passes on src/ as it is", () => {
  const result = check(copyOfSrc("clean"));
  assert.equal(result.status, 0, result.stderr);
});

test("fails on a deliberately added back-import (policies importing the tree)", () => {
  const root = copyOfSrc("back-import");
  appendFileSync(
    join(root, "policies", "store.ts"),
    '\nimport type { TreeNode } from "../tree/nodes";\nexport type Back = TreeNode;\n',
  );
  const result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /policies imports tree \("\.\.\/tree\/nodes"\), which comes after it in PART_ORDER/);
});

test("fails on two parts importing each other (statusBar ↔ grants: grants is the lower one)", () => {
  const root = copyOfSrc("cycle");
  appendFileSync(join(root, "grants", "settings.ts"), '\nexport { grantEndText } from "../statusBar/tooltip";\n');
  const result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /grants imports statusBar/);
});

test("fails on a part the order does not name, and on core importing vscode", () => {
  const root = copyOfSrc("unknown");
  mkdirSync(join(root, "keepAlive"));
  writeFileSync(join(root, "keepAlive", "index.ts"), "export const x = 1;\n");
  appendFileSync(
    join(root, "core", "types.ts"),
    '\nimport type * as vscode from "vscode";\nexport type V = vscode.Disposable;\n',
  );
  const result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /part "keepAlive" is not in PART_ORDER/);
  assert.match(result.stderr, /imports "vscode", which src\/core must not depend on/);
});
