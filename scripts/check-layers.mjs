// Enforces DESIGN.md's one direction of dependency: ui → azure → core.
// src/core imports neither `vscode` nor the Azure SDK nor node's network; src/azure never imports `vscode`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const rules = [
  { dir: "src/core", banned: [/^vscode$/, /^@azure\//, /^node:(http|https|net|tls|dns)$/, /\.\.\/azure\//, /^\.\.\/(?!core)/] },
  { dir: "src/azure", banned: [/^vscode$/] },
];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

let problems = 0;
for (const { dir, banned } of rules) {
  for (const file of files(dir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
      if (banned.some((re) => re.test(m[1]))) {
        console.error(`${file}: imports "${m[1]}", which ${dir} must not depend on (DESIGN.md layers)`);
        problems++;
      }
    }
  }
}
if (problems) process.exit(1);
console.log("layers: ok");
