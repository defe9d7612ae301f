// azureJit.revealInTree (the status bar's grant menu): selects the port's item in the azureJit.policies view,
// expanding its subscription, location, policy and VM on the way.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { portPath, walkTo } from "../tree/treePath";
import { portTargetFromArg, targetLabel } from "../grants/portTarget";
import type { Services } from "../services";
import type { TreeNode } from "../tree/nodes";
import { plainText } from "../core/inertText";

export interface RevealableTree {
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
}

export function registerRevealInTree(services: Services, view: vscode.TreeView<TreeNode>, provider: RevealableTree): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.revealInTree, async (arg?: unknown) => {
    const target = await portTargetFromArg(services, arg);
    if (!target) return;
    const node = await walkTo<TreeNode>((parent) => provider.getChildren(parent), portPath(target.policy, target.vmId, target.portNumber));
    if (!node) {
      // E.g. the subscription is not in the tree's selection, or the port was removed from the policy.
      const select = vscode.l10n.t("Select Subscriptions…");
      const picked = await vscode.window.showInformationMessage(vscode.l10n.t("{0} is not in the JIT Policies view.", plainText(targetLabel(target))), select);
      if (picked === select) await vscode.commands.executeCommand(COMMAND.selectSubscriptions);
      return;
    }
    await view.reveal(node, { select: true, focus: true, expand: false });
  });
}
