// The parts of src/ and their order, checked on every `npm run lint` (docs/architecture.md explains the parts).
// A part is a top-level folder of src/ (or a top-level file: extension.ts, parts.ts, services.ts, settings.ts). A part may
// import only itself and the parts before it in PART_ORDER: no import runs against the order, so no two parts
// import each other, directly or through others. Every top-level part must be listed.
// Also: src/core imports neither `vscode` nor the Azure SDK nor node's network; src/azure never imports `vscode`.
// Usage: node scripts/check-layers.mjs [srcRoot]   (default: src; the test of this check passes a temp tree)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Lowest first. */
export const PART_ORDER = [
  "core",
  "azure",
  "settings",
  "services",
  "auth",
  "policies",
  "grants",
  "webviewShell",
  "tree",
  "manage",
  "history",
  "requestForm",
  "connect",
  "statusBar",
  "agentTools",
  "walkthrough",
  "parts",
  "extension",
];

const packageRules = [
  { part: "core", banned: [/^vscode$/, /^@azure\//, /^node:(http|https|net|tls|dns)$/] },
  { part: "azure", banned: [/^vscode$/] },
];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

export function checkParts(srcRoot) {
  const root = resolve(srcRoot);
  const problems = [];
  const partOf = (abs) => {
    const [first, ...rest] = relative(root, abs).split(/[\\/]/);
    return rest.length > 0 ? first : first.replace(/\.ts$/, "");
  };
  const rank = new Map(PART_ORDER.map((p, i) => [p, i]));
  for (const name of readdirSync(root)) {
    const part = name.replace(/\.ts$/, "");
    if ((statSync(join(root, name)).isDirectory() || name.endsWith(".ts")) && !rank.has(part))
      problems.push(`src/${name}: part "${part}" is not in PART_ORDER (scripts/check-layers.mjs): give it its place`);
  }
  for (const file of files(root)) {
    const from = partOf(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
      const spec = m[1];
      const shown = relative(process.cwd(), file);
      for (const rule of packageRules) {
        if (rule.part === from && rule.banned.some((re) => re.test(spec)))
          problems.push(`${shown}: imports "${spec}", which src/${from} must not depend on`);
      }
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (relative(root, target).startsWith("..")) {
        problems.push(`${shown}: imports "${spec}", outside src/`);
        continue;
      }
      const to = partOf(existsSync(`${target}.ts`) ? `${target}.ts` : target);
      if (to === from || !rank.has(from) || !rank.has(to)) continue;
      if (rank.get(to) > rank.get(from))
        problems.push(
          `${shown}: ${from} imports ${to} ("${spec}"), which comes after it in PART_ORDER: move the shared code down or pass it in`,
        );
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("check-layers.mjs")) {
  const problems = checkParts(process.argv[2] ?? "src");
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log(`layers: ok (${PART_ORDER.length} parts in order)`);
}
