import * as vscode from "vscode";

// activate() only wires the parts together: no network here (DESIGN.md), so activation stays fast.
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(vscode.l10n.t("Azure JIT Access"), { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand("azureJit.showOutput", () => log.show()),
  );
  log.info(`Azure JIT Access ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
