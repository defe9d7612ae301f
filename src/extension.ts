import * as vscode from "vscode";
import { COMMAND } from "./core/commandIds";
import { REQUEST_FORM_VIEW_TYPE, TOOL, VIEW_ID } from "./core/contributionIds";
import { partsNeededAtStartup } from "./core/startupState";
import type { StartedParts, TestApi } from "./parts";
import type { TreeNode } from "./tree/nodes";
import { LazyTreeProvider } from "./tree/lazyProvider";

export type { TestApi } from "./parts";

// activate() only wires (docs/architecture.md#activation): it creates the view over a provider that asks the parts,
// and registers a stand-in for every command, the request form's serializer and the agent tools. No network, no
// file reads, no token requests, and none of the parts' code: the first thing that needs a part (the view's first
// getChildren, a command, a restored form, a tool) loads src/parts.ts (the bundle dist/parts.js) once, which
// registers the real commands in place of the stand-ins. Activation comes from the view or a command (implicit
// onView/onCommand) and onStartupFinished, never "*".
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  let started: StartedParts | undefined;
  const standIns: vscode.Disposable[] = [];
  const tree = new LazyTreeProvider(() => parts().tree);
  // Several VMs at once for Enable/Disable JIT; the other commands act on the clicked item only.
  const view = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const parts = (): StartedParts => {
    if (!started) {
      // Synchronous: the stand-ins go and the parts register the same ids before any other call can run.
      for (const standIn of standIns.splice(0)) standIn.dispose();
      // esbuild.mjs turns this into require("./parts.js"), the bundle beside dist/extension.js.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require("./parts") as typeof import("./parts");
      started = loaded.startParts(context, view as vscode.TreeView<unknown> as vscode.TreeView<TreeNode>);
      tree.follow(started.tree);
      context.subscriptions.push(started);
    }
    return started;
  };

  for (const id of Object.values(COMMAND)) {
    standIns.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        parts();
        // The part registered `id` itself just now; arguments (tree items) pass through unchanged in this host.
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }
  context.subscriptions.push(
    view,
    tree,
    { dispose: () => standIns.splice(0).forEach((d) => d.dispose()) },
    vscode.window.registerWebviewPanelSerializer(REQUEST_FORM_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => parts().requestFormSerializer.deserializeWebviewPanel(panel, state),
    }),
  );
  if (typeof vscode.lm?.registerTool === "function") {
    for (const key of Object.keys(TOOL) as Array<keyof typeof TOOL>) {
      context.subscriptions.push(
        vscode.lm.registerTool(TOOL[key], {
          prepareInvocation: (options) => parts().agentTools[key].prepareInvocation(options),
          invoke: (options) => parts().agentTools[key].invoke(options),
        }),
      );
    }
  }

  // Activation also comes at onStartupFinished, for what must show or run without the view being opened: a grant's
  // countdown and end notice, keep-open renewals, a connected window's grant, the first run's walkthrough. Only then
  // do the parts load at startup (core/startupState.ts); after the workbench's own start, never inside activate().
  if (
    partsNeededAtStartup({
      state: context.globalState,
      nowMs: Date.now(),
      remoteName: vscode.env.remoteName,
      folderAuthorities: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.authority),
    })
  )
    setTimeout(() => parts(), 0);

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    get policies() {
      return parts().testApi.policies;
    },
    get tree() {
      return parts().testApi.tree;
    },
    get storagePath() {
      return parts().testApi.storagePath;
    },
    countdown: () => parts().testApi.countdown(),
    get agentTools() {
      return parts().testApi.agentTools;
    },
    remoteWindows: () => parts().testApi.remoteWindows(),
  };
}

export function deactivate(): void {}
