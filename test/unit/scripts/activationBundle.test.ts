// What activation loads: src/extension.ts bundled as esbuild.mjs bundles it (the parts apart, behind its one lazy
// require of ./parts) must hold the wiring only — the constants of what package.json contributes, the startup
// check (core/startupState.ts) and the view's lazy provider — and none of the parts' code; everything else is
// reached from src/parts.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as esbuild from "esbuild";

async function inputsOf(entry: string, apart: RegExp): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    external: ["vscode"],
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "apart",
        setup(build) {
          build.onResolve({ filter: apart }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs).sort();
}

test("the activation bundle holds only the wiring", async () => {
  const inputs = await inputsOf("src/extension.ts", /^\.\/parts$/);
  assert.deepEqual(inputs, [
    "src/core/commandIds.ts",
    "src/core/contributionIds.ts",
    "src/core/startupState.ts",
    "src/extension.ts",
    "src/tree/lazyProvider.ts",
  ]);
});

test("the parts bundle holds every part's registration", async () => {
  const inputs = new Set(await inputsOf("src/parts.ts", /^\.\/sdk$/));
  for (const file of [
    "src/auth/register.ts",
    "src/tree/register.ts",
    "src/grants/register.ts",
    "src/manage/register.ts",
    "src/history/register.ts",
    "src/requestForm/register.ts",
    "src/connect/index.ts",
    "src/statusBar/register.ts",
    "src/agentTools/index.ts",
    "src/walkthrough/index.ts",
  ]) {
    assert.ok(inputs.has(file), `${file} is not reached from src/parts.ts`);
  }
  assert.ok(!inputs.has("src/extension.ts"), "src/parts.ts reaches back into the activation bundle");
});
