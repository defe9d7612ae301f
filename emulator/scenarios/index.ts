// Picks the scenario named on the command line: demo, wire (demo + an AWS EC2 instance), scale:S:P:V, or a JSON file.
import type { ScenarioDefinition } from "./definition.js";
import { demoScenario } from "./demo.js";
import { fileScenario } from "./file.js";
import { parseScale, scaleScenario } from "./scale.js";
import { wireScenario } from "./wire.js";

export function loadScenario(spec: string): ScenarioDefinition {
  if (spec === "demo") return demoScenario();
  if (spec === "wire") return wireScenario();
  if (spec.startsWith("scale:")) {
    const s = parseScale(spec);
    if (!s) throw new Error(`Bad scenario "${spec}": use scale:S:P:V with whole numbers, e.g. scale:50:20:10.`);
    return scaleScenario(s.subscriptions, s.policies, s.vms);
  }
  return fileScenario(spec);
}
