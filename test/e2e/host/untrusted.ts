// Entry of the Restricted Mode run (scripts/e2e/runHostUntrusted.ts): the same mocha set-up as index.ts, with the
// files written for an untrusted workspace (`*.untrusted.ts`), which the trusted run leaves out.
import { runMocha } from "./index";

export function run(): Promise<void> {
  return runMocha((file) => file.endsWith(".untrusted.js"));
}
