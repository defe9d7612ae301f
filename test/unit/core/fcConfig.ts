// Shared fast-check settings for every property test: a fixed, printed seed so a failure can be replayed, and
// enough runs by default to find the hostile inputs these parsers must survive. AZURE_JIT_FC_RUNS and
// AZURE_JIT_FC_SEED change them (e.g. AZURE_JIT_FC_RUNS=200000 for a long soak).
const DEFAULT_RUNS = 10_000;
const DEFAULT_SEED = 20261201;

let printed = false;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

export function fcOptions(): { numRuns: number; seed: number } {
  const numRuns = positiveInt("AZURE_JIT_FC_RUNS", DEFAULT_RUNS);
  const seed = positiveInt("AZURE_JIT_FC_SEED", DEFAULT_SEED);
  if (!printed) {
    printed = true;
    console.log(`# fast-check seed=${seed} runs=${numRuns} (AZURE_JIT_FC_SEED / AZURE_JIT_FC_RUNS to change)`);
  }
  return { numRuns, seed };
}
