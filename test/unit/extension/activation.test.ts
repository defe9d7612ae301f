// activate() wires only: with a recording stand-in for `vscode` and for src/parts.ts, nothing of the parts runs at
// activation; the first command, the view's first getChildren or a restored form starts the parts exactly once,
// after the command stand-ins are gone (so the parts can register the same ids), and the command that was called
// runs again with its arguments unchanged.
import assert from "node:assert/strict";
import Module from "node:module";
import { join } from "node:path";
import { beforeEach, test } from "node:test";
import { COMMAND } from "../../../src/core/commandIds";
import { REQUEST_FORM_VIEW_TYPE, TOOL, VIEW_ID } from "../../../src/core/contributionIds";
import { STATE_KEY } from "../../../src/core/startupState";
import { setTimeout as sleep } from "node:timers/promises";

interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: Array<{ id: string; args: unknown[] }>;
  views: Array<{ id: string; provider: { getChildren(e?: unknown): unknown } }>;
  serializers: Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): unknown }>;
  tools: string[];
  started: Array<{ commandsAtStart: string[] }>;
}
const rec: Recorded = {
  commands: new Map(),
  executed: [],
  views: [],
  serializers: new Map(),
  tools: [],
  started: [],
};
const disposable = (f: () => void = () => {}) => ({ dispose: f });

class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return disposable();
  };
  fire(e: T): void {
    this.listeners.forEach((l) => l(e));
  }
  dispose(): void {}
}
const fakeVscode = {
  EventEmitter,
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  commands: {
    registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
      assert.ok(!rec.commands.has(id), `command ${id} registered twice`);
      rec.commands.set(id, handler);
      return disposable(() => rec.commands.delete(id));
    },
    async executeCommand(id: string, ...args: unknown[]) {
      rec.executed.push({ id, args });
    },
  },
  window: {
    createTreeView(id: string, options: { treeDataProvider: { getChildren(e?: unknown): unknown } }) {
      rec.views.push({ id, provider: options.treeDataProvider });
      return disposable();
    },
    registerWebviewPanelSerializer(
      type: string,
      serializer: Recorded["serializers"] extends Map<string, infer S> ? S : never,
    ) {
      rec.serializers.set(type, serializer);
      return disposable();
    },
  },
  env: { remoteName: undefined as string | undefined },
  workspace: { workspaceFolders: undefined as Array<{ uri: { authority: string } }> | undefined },
  lm: {
    registerTool(name: string) {
      rec.tools.push(name);
      return disposable();
    },
  },
};

const realChildren = [{ kind: "subscription" }];
const fakeParts = {
  startParts() {
    rec.started.push({ commandsAtStart: [...rec.commands.keys()] });
    // The parts register the real commands under the same ids (src/parts.ts through each part's register.ts).
    for (const id of Object.values(COMMAND)) fakeVscode.commands.registerCommand(id, () => undefined);
    const tree = {
      getChildren: () => realChildren,
      getTreeItem: () => ({}),
      onDidChangeTreeData: new EventEmitter().event,
    };
    return {
      tree,
      requestFormSerializer: { deserializeWebviewPanel: async () => undefined },
      agentTools: {},
      testApi: { tree },
      dispose() {},
    };
  },
};

const resolve = (Module as unknown as { _resolveFilename: (...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename =
  function (this: unknown, request: string, ...rest: unknown[]) {
    return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
  };
const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
const partsPath = join(__dirname, "..", "..", "..", "src", "parts.ts");

function freshExtension(): { activate(context: unknown): unknown } {
  for (const key of Object.keys(cache)) if (/[\\/]src[\\/]extension\.ts$/.test(key)) delete cache[key];
  cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: fakeVscode };
  cache[partsPath] = { id: partsPath, filename: partsPath, loaded: true, exports: fakeParts };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../../../src/extension") as { activate(context: unknown): unknown };
}

/** A returning user's profile (the walkthrough shown once), with whatever else `state` holds. */
const context = (state: Record<string, unknown> = {}) => {
  const values: Record<string, unknown> = { [STATE_KEY.walkthroughShown]: true, ...state };
  return {
    subscriptions: [] as unknown[],
    extensionMode: 1,
    globalState: { get: (key: string) => values[key], update: async () => {} },
  };
};

beforeEach(() => {
  rec.commands.clear();
  rec.executed.length = 0;
  rec.views.length = 0;
  rec.serializers.clear();
  rec.tools.length = 0;
  rec.started.length = 0;
});

test("activation registers a stand-in for every contribution and starts no part", () => {
  freshExtension().activate(context());
  assert.deepEqual([...rec.commands.keys()].sort(), Object.values(COMMAND).sort());
  assert.deepEqual(
    rec.views.map((v) => v.id),
    [VIEW_ID],
  );
  assert.deepEqual([...rec.serializers.keys()], [REQUEST_FORM_VIEW_TYPE]);
  assert.deepEqual(rec.tools.sort(), Object.values(TOOL).sort());
  assert.equal(rec.started.length, 0);
});

test("the first command starts the parts once, after its stand-ins are gone, and runs again with its arguments", async () => {
  freshExtension().activate(context());
  const node = { kind: "port" };
  const selection = [node];
  await rec.commands.get(COMMAND.connect)!(node, selection);
  assert.equal(rec.started.length, 1);
  assert.deepEqual(rec.started[0]!.commandsAtStart, [], "stand-ins still registered when the parts started");
  assert.equal(rec.executed.length, 1);
  assert.equal(rec.executed[0]!.id, COMMAND.connect);
  assert.equal(rec.executed[0]!.args[0], node);
  assert.equal(rec.executed[0]!.args[1], selection);
  // The real commands are the ones registered now; a second use starts nothing more.
  await rec.commands.get(COMMAND.refresh)!();
  assert.equal(rec.started.length, 1);
});

test("the view's first getChildren starts the parts and answers with the real provider's children", async () => {
  freshExtension().activate(context());
  assert.equal(rec.started.length, 0);
  const children = await rec.views[0]!.provider.getChildren();
  assert.equal(children, realChildren);
  await rec.views[0]!.provider.getChildren();
  assert.equal(rec.started.length, 1);
});

test("a restored request form starts the parts", async () => {
  freshExtension().activate(context());
  await rec.serializers.get(REQUEST_FORM_VIEW_TYPE)!.deserializeWebviewPanel({}, {});
  assert.equal(rec.started.length, 1);
});

test("a returning user with nothing open: the parts still wait for their first use after startup", async () => {
  freshExtension().activate(context());
  await sleep(20);
  assert.equal(rec.started.length, 0);
});

test("with a remembered grant still open, the parts start right after activation, so its countdown shows", async () => {
  const open = [{ policyId: "p", vmId: "v", port: 22, vmName: "web-01", endTimeUtc: Date.now() + 3_600_000 }];
  freshExtension().activate(context({ [STATE_KEY.openGrants]: open }));
  assert.equal(rec.started.length, 0, "not inside activate()");
  await sleep(20);
  assert.equal(rec.started.length, 1);
  assert.equal(rec.started[0]!.commandsAtStart.length, 0, "the stand-ins were gone before the parts registered");
});
