// `npm run check`, the fast loop: typecheck, lint and the unit tests at once, each one's output printed whole when it
// ends, failing if any fails. The property tests run 1,000 inputs each here instead of the 10,000 of `npm test`
// (AZURE_JIT_FC_RUNS set beforehand wins), the unit tests run in one process (scripts/unit-one-process.mjs), and
// ESLint keeps its cache: the fast loop stays a fast loop, CI runs them all the long way.
import { spawn } from "node:child_process";

const steps = [
  ["typecheck", ["run", "typecheck"]],
  ["lint", ["run", "lint"]],
  ["unit", null],
];
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const unit = [process.execPath, ["--import", "tsx", "scripts/unit-one-process.mjs"]];
const started = Date.now();
const results = await Promise.all(
  steps.map(
    ([name, args]) =>
      new Promise((resolve) => {
        const env = { ...process.env, AZURE_JIT_FC_RUNS: process.env.AZURE_JIT_FC_RUNS ?? "1000" };
        const [command, argv] = args ? [npm, ["--silent", ...args]] : unit;
        const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], env });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(`\n── ${name}: ${code === 0 ? "ok" : `FAILED (${code})`} after ${seconds} s ──\n`);
          if (code !== 0 || name === "unit")
            process.stdout.write(
              code === 0
                ? out
                    .split("\n")
                    .filter((l) => /^# (tests|pass|fail)/.test(l))
                    .join("\n") + "\n"
                : out,
            );
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
