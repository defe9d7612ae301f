// The project stands alone: no file points outside the repository, and every pointer into its docs lands.
// Checked on every `npm run lint`, over the code, tests, scripts, benchmarks, webviews, docs and the top-level notes:
// - no pointer to notes that are not in the repository (the design notes, the recorded-behaviour and SDK notes
//   they came from, a sibling `shared` folder, a machine's absolute path): what the code relies on about Azure goes
//   into docs/azure-behaviour.md, with its source, and the comment points there;
// - every `docs/<file>.md#<anchor>` names a file in docs/ and a heading of that file (GitHub's anchor of it).
// Usage: node scripts/check-pointers.mjs [root]   (default: the current folder; the test of this check passes a temp tree)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOTS = [
  "src",
  "emulator",
  "test",
  "scripts",
  "bench",
  "webview",
  "docs",
  "esbuild.mjs",
  "README.md",
  "CONTRIBUTING.md",
];
const SKIP_DIRS = new Set(["node_modules", "dist", ".vscode-test", "out"]);
const TEXT = /\.(ts|mts|mjs|cjs|js|json|md|css|html|yml|yaml|sh)$/;

// Written so that this file does not match itself.
export const OUTSIDE = [
  { re: /BEHAVIOUR\.md/, what: "the recorded-behaviour notes" },
  { re: /DESIGN\.md/, what: "the design notes" },
  { re: /azure-sdk-note[s]/, what: "the SDK notes" },
  { re: /anchors\.md|vscode-e2e\.md|azure-202[6]\.md/, what: "reference notes" },
  { re: /notes\/contracts/, what: "the contract notes" },
  { re: /nodeCache\.ts/, what: "a file that no longer exists" },
  { re: /\.\.\/shared\b|shared\/reference/, what: "a folder beside the repository" },
  { re: /\/work\/(?:shared|main|wt-)/, what: "a path on one machine" },
];

function files(path) {
  if (!existsSync(path)) return [];
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => (SKIP_DIRS.has(name) ? [] : files(join(path, name))));
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file) {
  const out = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

export function checkPointers(rootDir) {
  const root = resolve(rootDir);
  const problems = [];
  const anchors = new Map();
  const docAnchors = (name) => {
    if (!anchors.has(name)) {
      const path = join(root, "docs", name);
      anchors.set(name, existsSync(path) ? anchorsOf(path) : undefined);
    }
    return anchors.get(name);
  };
  for (const top of ROOTS) {
    for (const file of files(join(root, top))) {
      const base = file.split(/[\\/]/).pop();
      if (!TEXT.test(base) && base.includes(".")) continue;
      const text = readFileSync(file, "utf8");
      if (text.includes("\u0000")) continue;
      const shown = relative(root, file);
      text.split("\n").forEach((line, i) => {
        for (const rule of OUTSIDE) {
          if (rule.re.test(line))
            problems.push(
              `${shown}:${i + 1}: points at ${rule.what}, outside the repository: put the fact in docs/azure-behaviour.md (with its source) and point there`,
            );
        }
        for (const m of line.matchAll(/docs\/([\w.-]+\.md)#([\p{L}\p{N}_-]+)/gu)) {
          const [, name, anchor] = m;
          const known = docAnchors(name);
          if (!known) problems.push(`${shown}:${i + 1}: docs/${name} does not exist`);
          else if (!known.has(anchor)) problems.push(`${shown}:${i + 1}: docs/${name} has no heading for #${anchor}`);
        }
      });
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("check-pointers.mjs")) {
  const problems = checkPointers(process.argv[2] ?? ".");
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log("pointers: ok (none outside the repository, every docs anchor found)");
}
