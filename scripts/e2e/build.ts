// What the e2e runs install or load: the extension's .vsix (production bundle, packaged as for the marketplace),
// the Remote-SSH stand-in's .vsix, and the in-host mocha suite bundled to out/test/e2e/host.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import * as esbuild from "esbuild";
import { repoRoot } from "./workDir";

export const outDir = join(repoRoot, "out", "e2e");

function vsceBin(): string {
  const pkgJson = require.resolve("@vscode/vsce/package.json", { paths: [repoRoot] });
  return join(dirname(pkgJson), "vsce");
}

function vscePackage(folder: string, outFile: string): void {
  // --no-rewrite-relative-links: the README's screenshots are relative links and there is no repository URL yet.
  execFileSync(
    process.execPath,
    [
      vsceBin(),
      "package",
      "--no-dependencies",
      "--allow-missing-repository",
      "--no-rewrite-relative-links",
      "--skip-license",
      "-o",
      outFile,
    ],
    { cwd: folder, stdio: ["ignore", "pipe", "inherit"] },
  );
}

/** Production build + `vsce package`; returns the .vsix path. */
export function buildExtensionVsix(): string {
  mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, ["esbuild.mjs", "--production"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const vsix = join(outDir, "azure-jit-access.vsix");
  vscePackage(repoRoot, vsix);
  return vsix;
}

/** Development build (with source maps), what extensionDevelopmentPath loads. */
export function buildExtensionDev(): void {
  execFileSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
}

export function buildStandinVsix(): string {
  return buildTestExtensionVsix("remote-ssh-standin");
}

/** Packages a test extension of test/e2e/<folder> (the Remote-SSH stand-in, the two-accounts provider). */
export function buildTestExtensionVsix(folder: string): string {
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, `${folder}.vsix`);
  vscePackage(join(repoRoot, "test", "e2e", folder), vsix);
  return vsix;
}

/** Bundles test/e2e/host/*.ts (mocha and vscode external) to out/test/e2e/host; returns the index.js path. */
export async function buildHostTests(): Promise<string> {
  const src = join(repoRoot, "test", "e2e", "host");
  const out = join(repoRoot, "out", "test", "e2e", "host");
  rmSync(out, { recursive: true, force: true });
  const entryPoints = readdirSync(src)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(src, f));
  await esbuild.build({
    entryPoints,
    outdir: out,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode", "mocha"],
    mainFields: ["module", "main"],
    sourcemap: true,
    logLevel: "warning",
  });
  return join(out, "index.js");
}
