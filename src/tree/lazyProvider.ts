// The view's data provider as the activation bundle (src/extension.ts) creates the view: it holds no model of its
// own and asks the real provider (treeProvider.ts, loaded with the other parts by src/parts.ts) for everything, so
// the first getChildren is what loads the parts. Imports only `vscode`: it is part of the activation bundle.
import * as vscode from "vscode";

export class LazyTreeProvider implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  /** `real()` loads the parts on its first call and returns their provider. */
  constructor(private readonly real: () => vscode.TreeDataProvider<unknown>) {}

  /** Called once the parts are loaded: the real provider's change events become this one's. */
  follow(provider: vscode.TreeDataProvider<unknown>): void {
    this.forwarding?.dispose();
    this.forwarding = provider.onDidChangeTreeData?.((element) => this.changed.fire(element));
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(element);
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    return this.real().getChildren(element);
  }

  getParent(element: unknown): vscode.ProviderResult<unknown> {
    return this.real().getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
