// Commands, both ways: every command package.json contributes is in COMMAND (src/core/commandIds.ts) and registered
// exactly once in src/, and every registered command is contributed; no command is registered by a string literal.
// Usage: node scripts/check-commands.mjs [repoRoot]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.argv[2] ?? ".";
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const contributed = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
const constant = readFileSync(join(root, "src", "core", "commandIds.ts"), "utf8");
const byKey = new Map([...constant.matchAll(/^\s*(\w+): "([^"]+)",$/gm)].map((m) => [m[1], m[2]]));

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });

const problems = [];
const registered = new Map();
for (const file of files(join(root, "src"))) {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/registerCommand\(\s*(COMMAND\.(\w+)|["'`]([^"'`]+)["'`])/g)) {
    if (m[3] !== undefined) {
      problems.push(
        `${relative(root, file)}: registers "${m[3]}" by a string literal: use COMMAND (src/core/commandIds.ts)`,
      );
      continue;
    }
    const id = byKey.get(m[2]);
    if (!id) problems.push(`${relative(root, file)}: COMMAND.${m[2]} is not in src/core/commandIds.ts`);
    else registered.set(id, [...(registered.get(id) ?? []), relative(root, file)]);
  }
}
for (const id of byKey.values())
  if (!contributed.has(id)) problems.push(`COMMAND has "${id}", which package.json does not contribute`);
for (const id of contributed) {
  if (![...byKey.values()].includes(id))
    problems.push(`package.json contributes "${id}", which COMMAND (src/core/commandIds.ts) lacks`);
  const where = registered.get(id) ?? [];
  if (where.length === 0) problems.push(`package.json contributes "${id}", which nothing in src/ registers`);
  if (where.length > 1) problems.push(`"${id}" is registered ${where.length} times: ${where.join(", ")}`);
}
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`commands: ok (${contributed.size} contributed, each registered once)`);
