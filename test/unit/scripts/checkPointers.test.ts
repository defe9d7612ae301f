// The pointer check (scripts/check-pointers.mjs, run by `npm run lint`): it passes on the repository as it is, and
// fails on a comment that points outside the repository or at a docs anchor that does not exist.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
// @ts-expect-error: a plain .mjs script without type declarations
import { slug } from "../../../scripts/check-pointers.mjs";

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "jit-pointers-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const DOC =
  "# Azure\n\n## Policy and VM names: 56 characters\n\n### put-replaces\n\n### A grant ends at Azure's endTimeUtc\n";

/** A small tree: docs/azure-behaviour.md with DOC, and src/part/file.ts holding `source`. */
function tree(name: string, source: string): string {
  const root = join(dir, name);
  mkdirSync(join(root, "docs"), { recursive: true });
  mkdirSync(join(root, "src", "part"), { recursive: true });
  writeFileSync(join(root, "docs", "azure-behaviour.md"), DOC);
  writeFileSync(join(root, "src", "part", "file.ts"), source);
  return root;
}

// Pointers are put together at run time so that this file itself holds none.
const DOCS = "docs/" + "azure-behaviour.md#";

const check = (root: string) => spawnSync(process.execPath, ["scripts/check-pointers.mjs", root], { encoding: "utf8" });

test("passes on the repository as it is", () => {
  const run = check(".");
  assert.equal(run.status, 0, run.stderr);
});

test("passes on pointers to headings that exist", () => {
  const run = check(
    tree(
      "good",
      `// ${DOCS}policy-and-vm-names-56-characters\n// ${DOCS}put-replaces\n// ${DOCS}a-grant-ends-at-azures-endtimeutc\n`,
    ),
  );
  assert.equal(run.status, 0, run.stderr);
});

const outside: Array<[string, string]> = [
  ["BEHAVIOUR" + ".md §3.2", "recorded-behaviour notes"],
  ["DESIGN" + ".md", "design notes"],
  ["azure-sdk-" + "notes §4a", "SDK notes"],
  ["../" + "shared/x.md", "outside the repository"],
  ["ancho" + "rs.md §4", "reference notes"],
  ["notes/" + "contracts.md", "contract notes"],
  ["/work/" + "shared/x", "outside the repository"],
];
for (const [pointer, said] of outside) {
  test(`fails on a comment pointing at ${pointer}`, () => {
    const run = check(
      tree(`outside-${outside.findIndex(([p]) => p === pointer)}`, `const a = 1;\n// as in ${pointer}\n`),
    );
    assert.equal(run.status, 1);
    assert.match(run.stderr, /src[\\/]part[\\/]file\.ts:2: points at/);
    assert.ok(run.stderr.includes(said), run.stderr);
  });
}

test("fails on a docs anchor that no heading gives, and on a docs file that does not exist", () => {
  const run = check(tree("anchors", `// ${DOCS}put-replace\n// ${"docs/"}nothing.md#x\n`));
  assert.equal(run.status, 1);
  assert.match(run.stderr, /file\.ts:1: docs\/azure-behaviour\.md has no heading for #put-replace/);
  assert.match(run.stderr, /file\.ts:2: docs\/nothing\.md does not exist/);
});

test("anchors are GitHub's: lower case, punctuation dropped, spaces to hyphens", () => {
  assert.equal(slug("Policy and VM names: 56 characters"), "policy-and-vm-names-56-characters");
  assert.equal(slug("A grant ends at Azure's endTimeUtc"), "a-grant-ends-at-azures-endtimeutc");
  assert.equal(slug('Who "me" is'), "who-me-is");
  assert.equal(slug("put-replaces"), "put-replaces");
});
