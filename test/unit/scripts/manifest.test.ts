// The manifest as the Marketplace, Open VSX and VS Code read it: the icon is a real 128×128 PNG in the repository,
// the listing's categories and banner, and every command and setting the walkthrough and the agent tools name
// exists (a walkthrough link to a missing command does nothing when clicked; a tool VS Code cannot find fails).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { TOOL } from "../../../src/agentTools/toolNames";
import { COMMAND } from "../../../src/core/commandIds";
import { WALKTHROUGH_ID } from "../../../src/walkthrough/firstRun";

interface Step {
  id: string;
  description: string;
  media: { svg?: string; image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  icon?: string;
  categories?: string[];
  keywords?: string[];
  galleryBanner?: { color?: string; theme?: string };
  contributes: {
    commands: Array<{ command: string }>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs?: Array<{ id: string; title: string; description: string; steps: Step[] }>;
    languageModelTools?: Array<{
      name: string;
      displayName: string;
      modelDescription: string;
      userDescription?: string;
      inputSchema?: { type?: string; properties?: Record<string, unknown>; required?: string[] };
    }>;
  };
}

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as Manifest;
const nls = JSON.parse(readFileSync("package.nls.json", "utf8")) as Record<string, string>;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const known = new Set<string>(Object.values(COMMAND));
const settings = new Set(Object.keys(manifest.contributes.configuration.properties));

/** "%key%" → its package.nls.json text; a key without text fails (VS Code would show "%key%"). */
function localized(value: string): string {
  const m = /^%(.+)%$/.exec(value);
  if (!m) return value;
  assert.ok(nls[m[1]], `package.nls.json has no "${m[1]}"`);
  return nls[m[1]];
}

test("icon: a 128×128 PNG that exists in the repository", () => {
  assert.ok(manifest.icon, "package.json has no icon");
  assert.ok(existsSync(manifest.icon), `${manifest.icon} does not exist: run node --import tsx scripts/icon.mjs`);
  const png = readFileSync(manifest.icon);
  // PNG signature, then the IHDR chunk: width and height as 4-byte big-endian numbers (ISO/IEC 15948 §11.2.2).
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "not a PNG");
  assert.equal(png.subarray(12, 16).toString("ascii"), "IHDR");
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});

test("listing: categories include Azure, a gallery banner with a colour and theme, keywords", () => {
  assert.ok(manifest.categories?.includes("Azure"), `categories: ${manifest.categories?.join(", ")}`);
  assert.match(manifest.galleryBanner?.color ?? "", /^#[0-9a-f]{6}$/i);
  assert.ok(manifest.galleryBanner?.theme === "dark" || manifest.galleryBanner?.theme === "light");
  assert.ok(
    (manifest.keywords?.length ?? 0) > 0 && (manifest.keywords?.length ?? 0) <= 30,
    "the Marketplace takes at most 30 keywords",
  );
});

test("walkthrough: its steps' commands (links and completion events) and settings exist, and each picture is in the repository", () => {
  const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(walkthrough, `no walkthrough ${WALKTHROUGH_ID}`);
  localized(walkthrough.title);
  localized(walkthrough.description);
  assert.ok(walkthrough.steps.length >= 4);
  for (const step of walkthrough.steps) {
    const text = localized(step.description);
    const allLinks = [...text.matchAll(/\]\(command:(?:toSide:)?([\w.]+)/g)].map((m) => m[1]);
    // VS Code's own commands a step may link to (a setting to open); every other link is one of ours.
    const links = allLinks.filter((id) => id !== "workbench.action.openSettings");
    assert.ok(links.length > 0, `step ${step.id} has no command link`);
    const events = step.completionEvents ?? [];
    assert.ok(events.length > 0, `step ${step.id} never completes`);
    for (const id of [
      ...links,
      ...events.filter((e) => e.startsWith("onCommand:")).map((e) => e.slice("onCommand:".length)),
    ]) {
      assert.ok(
        contributed.has(id) && known.has(id),
        `step ${step.id} names ${id}, which is not a contributed command in src/core/commandIds.ts`,
      );
    }
    for (const e of events.filter((e) => e.startsWith("onSettingChanged:"))) {
      assert.ok(
        settings.has(e.slice("onSettingChanged:".length)),
        `step ${step.id}: ${e} is not a contributed setting`,
      );
    }
    for (const e of events)
      assert.match(
        e,
        /^(onCommand|onContext|onSettingChanged|onView|onLink|onExtensionInstalled):./,
        `step ${step.id}: ${e}`,
      );
    const picture = step.media.svg ?? step.media.image ?? step.media.markdown;
    assert.ok(picture && existsSync(picture), `step ${step.id}: ${picture} does not exist`);
    if (step.media.svg || step.media.image)
      assert.ok(localized(step.media.altText ?? "").length > 10, `step ${step.id} has no alt text`);
  }
});

test("agent tools: the manifest declares exactly the tools the code registers, each described for the model and the user", () => {
  const tools = manifest.contributes.languageModelTools ?? [];
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.values(TOOL).sort());
  for (const tool of tools) {
    // VS Code refuses a tool without these (and names starting copilot_ / vscode_).
    assert.match(tool.name, /^(?!copilot_|vscode_)[\w-]+$/);
    assert.ok(localized(tool.displayName).length > 0);
    assert.ok(
      localized(tool.modelDescription).length > 200,
      `${tool.name}: a model description says when to use it and what it returns`,
    );
    assert.ok(localized(tool.userDescription ?? "").length > 0);
    assert.equal(tool.inputSchema?.type, "object");
    for (const [name, prop] of Object.entries(tool.inputSchema?.properties ?? {})) {
      const description = (prop as { description?: string }).description;
      assert.ok(description && localized(description).length > 0, `${tool.name}.${name} has no description`);
    }
  }
});

test("README: every image it shows is a file in the repository (the .vsix ships them with it)", () => {
  const readme = readFileSync("README.md", "utf8");
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0);
  for (const image of images) {
    assert.ok(
      !/^https?:/.test(image) || image.startsWith("https://"),
      `${image}: the Marketplace shows only https images`,
    );
    if (!/^https?:/.test(image)) assert.ok(existsSync(image), `${image} does not exist`);
  }
  const ignore = readFileSync(".vscodeignore", "utf8");
  for (const image of images.filter((i) => !/^https?:/.test(i))) {
    const dir = image.split("/").slice(0, -1).join("/");
    assert.ok(
      ignore
        .split("\n")
        .some((line) => line.trim() === `!${dir}/*.png` || line.trim() === `!${dir}/**` || line.trim() === `!${image}`),
      `.vscodeignore leaves ${image} out of the .vsix`,
    );
  }
});
