// Runs one test suite: every *.test.ts under test/<suite>/, at any depth (the tests mirror src/'s parts). node 20's
// --test takes no globs of its own, and the shell's would fail on a level with no file yet.
// Usage: node scripts/tests.mjs <unit|integration|webview> [extra node --test flags…]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const [suite, ...flags] = process.argv.slice(2);
if (!suite) {
  console.error("usage: node scripts/tests.mjs <suite> [flags]");
  process.exit(2);
}
const found = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".test.ts")) found.push(path);
  }
})(join("test", suite));
if (found.length === 0) {
  console.error(`no test files under test/${suite}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", ...flags, ...found], { stdio: "inherit" });
process.exit(run.status ?? 1);
