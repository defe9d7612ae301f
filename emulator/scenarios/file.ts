// `--scenario path/to/scenario.json`: a ScenarioDefinition as JSON (see emulator/README.md).
import { readFileSync } from "node:fs";
import type { ScenarioDefinition } from "./definition.js";

export function fileScenario(path: string): ScenarioDefinition {
  const def = JSON.parse(readFileSync(path, "utf8")) as Partial<ScenarioDefinition>;
  for (const key of ["tenants", "subscriptions", "vms", "policies"] as const) {
    if (!Array.isArray(def[key])) throw new Error(`Scenario file ${path}: "${key}" must be an array.`);
  }
  return { ...def, name: def.name ?? path } as ScenarioDefinition;
}
