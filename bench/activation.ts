// How long the production bundle takes to load and activate, outside VS Code: `vscode` is replaced by an inert
// stand-in (every member is a no-op), so what is measured is the bundle's own work — module evaluation plus
// activate() — which is what VS Code waits for before showing the view. Then, in the same process, the load of
// everything else the extension ships (dist/parts.js, the parts; dist/azure.js, the Azure layer), and their start
// (what the view's first getChildren runs). Prints figures only.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

const RUNS = 15;
const root = join(__dirname, "..");

// One child per run: a warm require cache would hide the cost of evaluating the bundle.
const child = String.raw`
const Module = require("module");
const inert = () => new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => "" : key === "then" ? undefined : inert()),
  apply: () => inert(),
  construct: () => inert(),
  set: () => true,
});
// esbuild's ESM interop copies the module's own property names, so the stand-in lists the namespaces it has.
const names = ["authentication", "commands", "env", "extensions", "l10n", "window", "workspace", "ConfigurationTarget",
  "Disposable", "EventEmitter", "ExtensionMode", "MarkdownString", "ProgressLocation", "QuickPickItemKind", "StatusBarAlignment",
  "ThemeColor", "ThemeIcon", "TreeItem", "TreeItemCollapsibleState", "Uri", "ViewColumn"];
const vscode = new Proxy({}, {
  get: (_t, key) => inert(),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_t, key) => ({ configurable: true, enumerable: true, value: inert() }),
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };
// A returning user with no grants: the parts wait for their first use (core/startupState.ts).
const state = new Map([["azureJit.walkthroughShown", true]]);
const memento = { get: (k, d) => (state.has(k) ? state.get(k) : d), update: async (k, v) => void state.set(k, v), keys: () => [...state.keys()], setKeysForSync() {} };
const context = {
  subscriptions: [], globalState: memento, workspaceState: memento, extensionUri: inert(), globalStorageUri: inert(),
  extension: { packageJSON: { version: "0.0.0-bench" } }, extensionMode: 1,
};
const t0 = performance.now();
const ext = require(process.argv[1]);
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
// What the first use loads on top (the parts), and the first Azure call (the Azure layer), in the same process:
// with them, everything the host runs.
const parts = require(process.argv[2]);
const t3 = performance.now();
require(process.argv[3]);
const t4 = performance.now();
// The parts' start (Services built, every command registered): what the first getChildren runs once.
parts.startParts(context, inert());
const t5 = performance.now();
process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, parts: t3 - t2, azure: t4 - t3, start: t5 - t4 }));
`;

function main(): void {
  execFileSync(process.execPath, [join(root, "esbuild.mjs"), "--production"], { cwd: root, stdio: "ignore" });
  const bundle = join(root, "dist", "extension.js");
  const partsBundle = join(root, "dist", "parts.js");
  const azureBundle = join(root, "dist", "azure.js");
  const runs: Array<{ load: number; activate: number; parts: number; azure: number; start: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    try {
      runs.push(
        JSON.parse(
          execFileSync(process.execPath, ["-e", child, bundle, partsBundle, azureBundle], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
          }),
        ),
      );
    } catch (e) {
      // The stand-in lacks a name the bundle reads at load: say which, not the whole minified bundle.
      const stderr = String((e as { stderr?: unknown }).stderr ?? e);
      console.error(
        `activation bench failed: ${stderr.split("\n").find((l) => /Error/.test(l)) ?? stderr.slice(0, 300)}`,
      );
      process.exit(1);
    }
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = median(runs.map((r) => r.load));
  const activate = median(runs.map((r) => r.activate));
  const parts = median(runs.map((r) => r.parts));
  const azure = median(runs.map((r) => r.azure));
  const start = median(runs.map((r) => r.start));
  // Per run, so the ratio compares loads of the same process (a busy machine slows both alike): what activation
  // loads (and runs) ÷ loading everything the extension ships.
  const ratio = median(runs.map((r) => (r.load + r.activate) / (r.load + r.activate + r.parts + r.azure)));
  const kib = (file: string): number => Math.round(statSync(file).size / 1024);
  console.log(`runs: ${RUNS} (median)`);
  console.log(bundleLine([bundle, partsBundle, azureBundle]));
  console.log(
    `activation: bundle=${kib(bundle)}KiB load=${load.toFixed(1)}ms activate=${activate.toFixed(1)}ms total=${(load + activate).toFixed(1)}ms ` +
      `parts=${kib(partsBundle)}KiB parts-load=${parts.toFixed(1)}ms azure-layer=${kib(azureBundle)}KiB azure-load=${azure.toFixed(1)}ms ` +
      `parts-start=${start.toFixed(1)}ms ratio=${ratio.toFixed(2)}`,
  );
}

/** Minified size of everything the extension host loads, and the five largest packages across the bundles. */
function bundleLine(files: string[]): string {
  let bytes = 0;
  const byPackage = new Map<string, number>();
  for (const file of files) {
    bytes += statSync(file).size;
    const meta = JSON.parse(readFileSync(file.replace(/\.js$/, ".meta.json"), "utf8")) as Metafile;
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? "(extension)";
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
  }
  const top = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, n]) => `${name}:${Math.round(n / 1024)}`);
  const each = files.map((f) => `${basename(f, ".js")}=${Math.round(statSync(f).size / 1024)}`).join(" ");
  return `bundle: kib=${Math.round(bytes / 1024)} ${each} top=${top.join(",")}`;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

main();
