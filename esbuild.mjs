// Bundles the extension host code (and, once it exists, the webview) with esbuild.
// `mainFields: ['module','main']` keeps one (ESM) copy of the Azure core libraries: measured 356 KiB vs 490 KiB
// for arm-security alone, and `isRestError` stays reliable (docs/azure-behaviour.md#esbuild-main-fields).
import * as esbuild from "esbuild";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/**
 * @azure/identity's index pulls in MSAL, jsonwebtoken and semver (about 85 KiB minified) for credentials this
 * extension never builds; the Azure CLI credential is one module that needs none of them. The package's exports map
 * offers only its index, so the bundle takes that one module by its file path. Any other name imported from
 * @azure/identity is then a build error ("No matching export"), never a silent gap.
 */
const identityCliOnly = {
  name: "identity-cli-credential-only",
  setup(build) {
    const root = dirname(createRequire(import.meta.url).resolve("@azure/identity/package.json"));
    const file = join(root, "dist", "esm", "credentials", "azureCliCredential.js");
    if (!existsSync(file))
      throw new Error(`esbuild.mjs: ${file} is gone; @azure/identity moved its Azure CLI credential`);
    build.onResolve({ filter: /^@azure\/identity$/ }, () => ({ path: file }));
  },
};

/**
 * The proxy agents (https-proxy-agent, http-proxy-agent) log through `debug`, which is only ever on with a DEBUG
 * environment variable in VS Code's own process; it and its colour detection cost about 10 KiB. The bundle gets a
 * silent stand-in with the same call shape.
 */
const silentDebug = {
  name: "silent-debug",
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: "debug", namespace: "silent-debug" }));
    build.onLoad({ filter: /.*/, namespace: "silent-debug" }, () => ({
      contents: "const make = () => Object.assign(() => {}, { enabled: false, extend: make }); module.exports = make;",
      loader: "js",
    }));
  },
};

/**
 * Activation loads only dist/extension.js, the wiring (src/extension.ts: the view over a provider that asks the
 * parts, stand-ins for the commands, the serializer and the tools). The parts (src/parts.ts) are the bundle
 * dist/parts.js, which src/extension.ts requires on the first thing that needs one; the Azure layer
 * (src/azure/sdk.ts: the SDK, the clients, the credential) is dist/azure.js, which src/azure/lazy.ts requires on the
 * first call that needs it. VS Code's host loads CommonJS only, so these are separate entry points, not esbuild's
 * (ESM-only) code splitting.
 */
const bundleApart = (name, from, request, outfile) => ({
  name,
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${request.replace(/[./]/g, "\\$&")}$`) }, (args) =>
      from.test(args.importer) ? { path: outfile, external: true } : undefined,
    );
  },
});
const partsApart = bundleApart("parts-apart", /[\\/]src[\\/]extension\.ts$/, "./parts", "./parts.js");
const azureLayerApart = bundleApart("azure-layer-apart", /[\\/]src[\\/]azure[\\/]lazy\.ts$/, "./sdk", "./azure.js");

/**
 * The Azure layer shares the extension's own instances of core/* and azure/errors.ts instead of carrying copies:
 * one translator (core/l10n) and one JitFailure class. src/azure/lazy.ts hands them over
 * (its HOST_MODULES table) just before it requires dist/azure.js; a module the layer needs that the table lacks
 * fails this build.
 */
const hostModulesRequested = new Set();
const fromHost = {
  name: "modules-from-host",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      const key = relative(resolve("src"), file).split(sep).join("/");
      if (!/^core\/[\w/]+$/.test(key) && key !== "azure/errors") return undefined;
      hostModulesRequested.add(key);
      return { path: key, namespace: "host-module" };
    });
    build.onLoad({ filter: /.*/, namespace: "host-module" }, (args) => ({
      contents:
        `const host = globalThis[Symbol.for("azure-jit-access.hostModules")];\n` +
        `if (!host || !(${JSON.stringify(args.path)} in host)) throw new Error("dist/azure.js needs ${args.path} from dist/extension.js");\n` +
        `module.exports = host[${JSON.stringify(args.path)}];`,
      loader: "js",
    }));
  },
};

function checkHostModules() {
  const table = readFileSync("src/azure/lazy.ts", "utf8");
  const offered = new Set([...table.matchAll(/^\s+"((?:core|azure)\/[\w/]+)": /gm)].map((m) => m[1]));
  const missing = [...hostModulesRequested].filter((key) => !offered.has(key));
  if (missing.length > 0) throw new Error(`esbuild.mjs: src/azure/lazy.ts HOST_MODULES lacks ${missing.join(", ")}`);
}

/** @type {esbuild.BuildOptions[]} */
const host = (entry, outfile, plugins) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  mainFields: ["module", "main"],
  minify: production,
  sourcemap: !production,
  logLevel: "warning",
  metafile: true,
  plugins,
});
const builds = [
  host("src/extension.ts", "dist/extension.js", [partsApart]),
  host("src/parts.ts", "dist/parts.js", [azureLayerApart, silentDebug]),
  host("src/azure/sdk.ts", "dist/azure.js", [fromHost, identityCliOnly, silentDebug]),
];
// Browser bundles of the webviews; each imports its CSS, which esbuild writes beside the script.
const webview = (entryPoints) => ({
  entryPoints,
  outdir: "dist/webview",
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: production,
  sourcemap: !production,
  logLevel: "warning",
});
if (existsSync("webview/main.ts")) builds.push(webview({ main: "webview/main.ts" })); // the request form
if (existsSync("webview/history/main.ts")) builds.push(webview({ history: "webview/history/main.ts" })); // request history

// A production build starts from an empty dist/: source maps of an earlier development build would otherwise be
// packaged beside the minified bundles.
if (production) rmSync("dist", { recursive: true, force: true });

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log("esbuild: watching for changes");
} else {
  for (const options of builds) {
    const result = await esbuild.build(options);
    if (result.metafile && options.outfile) {
      // Kept beside the bundle for `npm run bench` (size by package); .vscodeignore keeps it out of the VSIX.
      writeFileSync(options.outfile.replace(/\.js$/, ".meta.json"), JSON.stringify(result.metafile));
    }
    if (result.metafile) {
      const bytes = Object.entries(result.metafile.outputs)
        .filter(([f]) => f.endsWith(".js"))
        .reduce((n, [, o]) => n + o.bytes, 0);
      console.log(`esbuild: ${options.outfile} ${(bytes / 1024).toFixed(0)} KiB${production ? " (minified)" : ""}`);
    }
  }
  checkHostModules();
}
