// "Go to VM…" filtering over 10,000 VMs (50 subscriptions × 20 policies × 10 VMs, as the scale scenario): the time
// one keystroke costs, as the slowest of a typed sequence of queries (median of 21 rounds). Figures only.
import type { Policy } from "../src/core/types";
import { filterVms, vmSearchEntries } from "../src/core/vmSearch";

const SUBSCRIPTIONS = 50;
const POLICIES = 20;
const VMS = 10;
const LIMIT = 200; // what the quick pick shows (src/tree/goToVm.ts)

const hex = (n: number) => n.toString(16).padStart(12, "0");
const policies: Policy[] = [];
const names = new Map<string, string>();
for (let s = 0; s < SUBSCRIPTIONS; s++) {
  const subscriptionId = `00000000-0000-0000-0000-${hex(s + 1)}`;
  names.set(subscriptionId, `Scale Subscription ${s + 1}`);
  for (let p = 0; p < POLICIES; p++) {
    const group = `rg-app-${p}`;
    const location = ["westeurope", "eastus", "northeurope", "westus2"][p % 4]!;
    policies.push({
      id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/default`,
      name: "default",
      subscriptionId,
      resourceGroup: group,
      location,
      virtualMachines: Array.from({ length: VMS }, (_, v) => ({
        id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/vm-${s}-${p}-${v}`,
        ports: [],
      })),
      requests: [],
    });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let started = performance.now();
const entries = vmSearchEntries(policies, (id) => names.get(id));
const entriesMs = performance.now() - started;
const typed = [
  "v",
  "vm",
  "vm-",
  "vm-4",
  "vm-49",
  "vm-49-1",
  "vm-49-19-9",
  "scale 7 west",
  "rg-app-3 europe",
  "nothing-matches",
];
const worst: number[] = [];
let shown = 0;
for (let round = 0; round < 21; round++) {
  let slowest = 0;
  for (const query of typed) {
    started = performance.now();
    shown += filterVms(entries, query, LIMIT).length;
    slowest = Math.max(slowest, performance.now() - started);
  }
  worst.push(slowest);
}
if (shown === 0) throw new Error("go-to-vm bench: nothing matched");
console.log(
  `go-to-vm: vms=${entries.length} filter-ms=${median(worst).toFixed(2)} entries-ms=${entriesMs.toFixed(1)} queries=${typed.length} limit=${LIMIT}`,
);
