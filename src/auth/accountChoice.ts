// Several Microsoft accounts in VS Code: which one Azure JIT Access uses. Remembered (global state) by account id;
// tenants and subscriptions follow it, because every credential asks VS Code for that account's session
// (`getSession(…, { account })`). With none chosen, VS Code's own preference applies, as before.
import * as vscode from "vscode";

const KEY = "azureJit.account";

export interface ChosenAccount {
  id: string;
  label: string;
}

export class AccountChoice {
  constructor(private readonly memento: vscode.Memento | undefined) {}

  get(): ChosenAccount | undefined {
    const v = this.memento?.get<unknown>(KEY);
    if (!v || typeof v !== "object") return undefined;
    const { id, label } = v as { id?: unknown; label?: unknown };
    return typeof id === "string" && id && typeof label === "string" ? { id, label } : undefined;
  }

  async set(account: ChosenAccount | undefined): Promise<void> {
    await this.memento?.update(KEY, account ? { id: account.id, label: account.label } : undefined);
  }
}

/**
 * The pick: every account VS Code holds for the provider, the chosen one marked, and "another account". Returns the
 * account to use, "new" to sign in with another one, or undefined when the user closed the pick.
 */
export async function pickAccount(
  providerId: string,
  current: ChosenAccount | undefined,
): Promise<vscode.AuthenticationSessionAccountInformation | "new" | undefined> {
  const accounts = await vscode.authentication.getAccounts(providerId);
  type Item = vscode.QuickPickItem & { account?: vscode.AuthenticationSessionAccountInformation };
  const items: Item[] = accounts.map((account) => ({
    label: account.label,
    ...(account.id === current?.id ? { description: vscode.l10n.t("in use") } : {}),
    account,
  }));
  items.push({ label: vscode.l10n.t("$(add) Sign in with another account…") });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Microsoft account for Azure JIT Access"),
    placeHolder: vscode.l10n.t("Tenants and subscriptions follow the account you choose."),
  });
  if (!picked) return undefined;
  return picked.account ?? "new";
}
