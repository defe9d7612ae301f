// Writes l10n/bundle.l10n.json: every string passed to vscode.l10n.t() (UI code) or core's t() (core, azure,
// webview), keyed by itself, the format VS Code's l10n loader and translators expect. `@vscode/l10n-dev export`
// only sees `l10n.t(` calls, so core's t() would be missed; this scans both. `--check` fails when the bundle is stale.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const roots = ["src", "webview"];
// Either quote: the formatter writes a message that contains double quotes in single quotes.
const call = /(?<![\w$.])(?:vscode\.)?(?:l10n\.)?t\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** The value of a JS string literal from our own sources (double-quoted is JSON; single-quoted re-quoted as JSON). */
function literal(text) {
  if (text.startsWith('"')) return JSON.parse(text);
  const inner = text
    .slice(1, -1)
    .replace(/\\(.)|"/g, (m, escaped) => (escaped === undefined ? '\\"' : escaped === "'" ? "'" : m));
  return JSON.parse(`"${inner}"`);
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.ts$/.test(path) ? [path] : [];
  });
}

const strings = new Set();
for (const file of roots.flatMap(files)) {
  for (const m of readFileSync(file, "utf8").matchAll(call)) strings.add(literal(m[1]));
}
const bundle = Object.fromEntries([...strings].sort().map((s) => [s, s]));
const text = JSON.stringify(bundle, null, 2) + "\n";
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync("l10n/bundle.l10n.json", "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error("l10n/bundle.l10n.json is out of date: run `npm run l10n`.");
    process.exit(1);
  }
  console.log(`l10n: ${strings.size} strings, bundle up to date`);
} else {
  mkdirSync("l10n", { recursive: true });
  writeFileSync("l10n/bundle.l10n.json", text);
  console.log(`l10n: wrote ${strings.size} strings to l10n/bundle.l10n.json`);
}
