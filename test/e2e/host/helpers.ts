// What the in-host suites share: the extension under test, the emulator's test controls, a reporter line, and a
// bounded wait for state that reaches the extension host asynchronously.
import * as assert from "node:assert/strict";
import { request } from "node:https";
import Mocha from "mocha";
import * as vscode from "vscode";

export const EXTENSION_ID = "azure-jit-access.azure-jit-access";

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

/** A line in the reporter's output (which the code-server runner prints). */
export function info(text: string): void {
  (Mocha.reporters.Base as unknown as { consoleLog: (s: string) => void }).consoleLog(`      [info] ${text}`);
}

export function emulatorUrl(): string {
  const url = process.env.AZURE_JIT_E2E_EMULATOR_URL;
  assert.ok(url, "AZURE_JIT_E2E_EMULATOR_URL is not set (the runner starts the emulator and sets it)");
  return url.replace(/\/+$/, "");
}

/** GET (or POST `body` to) a test control of the emulator (`/_emulator/...`), parsed. */
export function emulatorJson<T>(path: string, body?: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const method = body === undefined ? "GET" : "POST";
    const headers = body === undefined ? {} : { "content-type": "application/json" };
    const req = request(`${emulatorUrl()}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (e) {
          reject(new Error(`${path}: ${res.statusCode} ${body.slice(0, 200)} (${String(e)})`));
        }
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`${path}: no answer within 15 s`)));
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** How many initiate POSTs reached the emulator so far. */
export async function initiates(): Promise<number> {
  const log = await emulatorJson<{ value: Array<{ method: string; path: string }> }>("/_emulator/requests");
  return log.value.filter((r) => r.method === "POST" && /\/initiate$/i.test(r.path)).length;
}

/** Polls until `check` returns something (tab and policy state arrive asynchronously); fails after `timeoutMs`. */
export async function until<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The tree's items under `parent` (the roots without), as VS Code gets them from the view's data provider. */
export async function treeItems(
  tree: vscode.TreeDataProvider<unknown>,
  parent?: unknown,
): Promise<Array<{ node: unknown; item: vscode.TreeItem }>> {
  const nodes = (await tree.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => ({ node, item: await tree.getTreeItem(node) })));
}

export function itemLabel(item: vscode.TreeItem): string {
  return typeof item.label === "string" ? item.label : (item.label?.label ?? "");
}
