// The signed-in identity: which cloud, which credential per tenant, which subscriptions. Reads settings lazily
// (first use, never at activation) and starts over when the account, the auth mode, the cloud or the selection
// changes. Credentials never hold a token (vscodeSessionCredential.ts, cliCredential.ts).
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { jitSettings } from "../settings";
import { cloudByName, type Cloud } from "../azure/cloud";
import type { ArmCallLog, ArmSettings } from "../azure/clientOptions";
import { JitFailure } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { createJitApi, createVmAddressResolver, listVirtualMachines } from "../azure/lazy";
import type { VmSummary } from "../azure/vmAddress";
import type { ServerClock } from "../core/serverClock";
import type { Subscription, Tenant } from "../core/types";
import type { Accounts } from "../services";
import { createCliCredential } from "./cliCredential";
import { cloudChoice, type AuthProviderId } from "./cloudChoice";
import { loadDirectory, type Directory } from "./directory";
import { failedTenantsToShow, filterSubscriptions, type FailedTenant, type SelectionSource } from "./subscriptionFilter";
import { deferredJitApi, deferredVmAddresses, resolveTenant, type VmAddresses } from "./tenantRouting";
import { SignedInAs } from "./signedInAs";
import { shareTokens } from "./tokenCache";
import { SignInUnavailableError, silentSession, VsCodeSessionCredential } from "./vscodeSessionCredential";

export type AuthMode = "vscode" | "azureCli";

interface Setup {
  mode: AuthMode;
  cloud: Cloud;
  providerId: AuthProviderId;
  caPem?: string;
}

interface TenantClients {
  settings: ArmSettings;
  jit?: JitApi;
  vm?: ReturnType<typeof createVmAddressResolver>;
}

const affectingSetup = [
  "azureJit.authentication",
  "azureJit.customCloudCaFile",
  "microsoft-sovereign-cloud.environment",
  "microsoft-sovereign-cloud.customEnvironment",
];
const affectingSelection = ["azureJit.selectedSubscriptions", "azureResourceGroups.selectedSubscriptions"];

export class AzureAccounts implements Accounts, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private setup: Setup | undefined;
  private readonly tenants = new Map<string, TenantClients>();
  private directory: Promise<Directory> | undefined;
  private readonly tenantOf = new Map<string, string>();
  private readonly identity = new SignedInAs();

  constructor(
    private readonly userAgentPrefix: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly clock: ServerClock,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectingSetup.some((key) => e.affectsConfiguration(key))) this.reset("settings changed");
        else if (affectingSelection.some((key) => e.affectsConfiguration(key))) this.changed.fire();
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (this.setup?.mode === "vscode" && e.provider.id === this.setup.providerId) this.reset("account changed");
      }),
    );
  }

  get mode(): AuthMode {
    return jitSettings().authentication;
  }

  /** Forgets credentials, clients and the subscription list; the next call starts over. */
  reset(reason: string): void {
    this.log.info(`Accounts: starting over (${reason})`);
    this.setup = undefined;
    this.tenants.clear();
    this.directory = undefined;
    this.tenantOf.clear();
    this.identity.forget();
    this.changed.fire();
  }

  /** The signed-in user's name as the last token or session gave it (undefined before the first Azure call). */
  signedInAs(): string | undefined {
    return this.identity.get();
  }

  /** Re-list tenants and subscriptions next time (the refresh command), keeping credentials. */
  forgetDirectory(): void {
    this.directory = undefined;
  }

  async getSubscriptions(): Promise<Subscription[]> {
    return (await this.selection()).subscriptions;
  }

  /** The shown subscriptions, where that choice came from, every visible one, and the directories that refused. */
  async selection(): Promise<{
    subscriptions: Subscription[];
    source: SelectionSource;
    all: Subscription[];
    failedTenants: FailedTenant[];
  }> {
    const directory = await this.loadDirectory();
    const filtered = filterSubscriptions(
      directory.subscriptions,
      jitSettings().selectedSubscriptions,
      this.azureResourcesSelection(),
    );
    return {
      subscriptions: filtered.subscriptions,
      source: filtered.source,
      all: directory.subscriptions,
      failedTenants: failedTenantsToShow(directory.failedTenants, filtered),
    };
  }

  azureResourcesSelection(): unknown {
    return vscode.workspace.getConfiguration("azureResourceGroups").get("selectedSubscriptions");
  }

  async tenantList(): Promise<Tenant[]> {
    return (await this.loadDirectory()).tenants;
  }

  /** The JIT API with the subscription's tenant's credential; calls wait for the directory while that is unknown. */
  jitApi(subscriptionId: string): JitApi {
    return this.routed(subscriptionId, deferredJitApi, (tenantId) => {
      const clients = this.clientsFor(tenantId);
      clients.jit ??= createJitApi(clients.settings);
      return clients.jit;
    });
  }

  vmAddresses(subscriptionId: string): VmAddresses {
    return this.routed(subscriptionId, deferredVmAddresses, (tenantId) => {
      const clients = this.clientsFor(tenantId);
      clients.vm ??= createVmAddressResolver(clients.settings);
      return clients.vm;
    });
  }

  /** The client of the subscription's tenant; while that is unknown, one whose calls wait for the directory. */
  private routed<T>(subscriptionId: string, deferred: (get: () => Promise<T>) => T, clientOf: (tenantId: string | undefined) => T): T {
    const known = this.tenantOf.get(subscriptionId.toLowerCase());
    if (known !== undefined) return clientOf(known);
    return deferred(async () => clientOf(await this.tenantFor(subscriptionId)));
  }

  /** The subscription's VMs (all pages), with its tenant's credential: the "Not configured" group's source. */
  async listVirtualMachines(subscriptionId: string): Promise<VmSummary[]> {
    return listVirtualMachines(this.clientsFor(await this.tenantFor(subscriptionId)).settings, subscriptionId);
  }

  private tenantFor(subscriptionId: string): Promise<string | undefined> {
    return resolveTenant(subscriptionId, this.tenantOf, () => this.loadDirectory());
  }

  /** Is there a VS Code session for the cloud (no prompt)? The CLI mode cannot know without running `az`: true. */
  async isSignedIn(): Promise<boolean> {
    const setup = this.currentSetup();
    if (setup.mode === "azureCli") return true;
    try {
      return (await silentSession(vscode.authentication, setup.providerId, [setup.cloud.tokenScope])) !== undefined;
    } catch (e) {
      // Not "signed out": the welcome's Sign in would wait on the same provider. Say what to check instead.
      if (e instanceof SignInUnavailableError) throw new JitFailure({ kind: "invalidInput", message: e.message });
      throw e;
    }
  }

  /**
   * Prompts for a VS Code account (optionally for one tenant); in CLI mode, runs `az login` in a terminal.
   * When VS Code already holds a session for the tenant, its token is what was refused (MFA, consent, conditional
   * access) and createIfNone would hand the same one back: that case asks for a new session.
   */
  async signIn(tenantId?: string, options: { directoryName?: string } = {}): Promise<void> {
    const setup = this.currentSetup();
    if (setup.mode === "azureCli") {
      const terminal = vscode.window.createTerminal({ name: "az login" });
      terminal.show();
      // The tenant id comes from ARM: only a plain GUID goes into a shell command line.
      const safeTenant = tenantId && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(tenantId) ? tenantId : undefined;
      terminal.sendText(safeTenant ? `az login --tenant ${safeTenant}` : "az login");
      void vscode.window.showInformationMessage(
        vscode.l10n.t("When \"az login\" has finished in the terminal, refresh the Azure JIT Access view."),
      );
      return;
    }
    const scopes = [setup.cloud.tokenScope, ...(tenantId ? [`VSCODE_TENANT:${tenantId}`] : [])];
    const existing = tenantId
      ? await vscode.authentication.getSession(setup.providerId, scopes, { silent: true }).then(undefined, () => undefined)
      : undefined;
    const request: vscode.AuthenticationGetSessionOptions = existing
      ? {
          forceNewSession: {
            detail: vscode.l10n.t("Directory {0} did not accept your current sign-in. Sign in to it again.", options.directoryName ?? tenantId ?? ""),
          },
        }
      : { createIfNone: true };
    await vscode.authentication.getSession(setup.providerId, scopes, request);
    this.reset("signed in");
  }

  private loadDirectory(): Promise<Directory> {
    if (!this.directory) {
      const started = loadDirectory((tenantId) => this.clientsFor(tenantId).settings).then((directory) => {
        this.tenantOf.clear();
        for (const s of directory.subscriptions) this.tenantOf.set(s.subscriptionId.toLowerCase(), s.tenantId);
        for (const { tenant, error } of directory.failedTenants) {
          this.log.warn(`Directory ${tenant.tenantId} skipped: ${error.message}`);
        }
        return directory;
      });
      // A failure is not remembered: the next call (retry, refresh, sign-in) tries again.
      started.catch(() => {
        if (this.directory === started) this.directory = undefined;
      });
      this.directory = started;
    }
    return this.directory;
  }

  private clientsFor(tenantId: string | undefined): TenantClients {
    const key = tenantId?.toLowerCase() ?? "";
    let clients = this.tenants.get(key);
    if (!clients) {
      const setup = this.currentSetup();
      // One token per tenant and scope for all of the tenant's clients (tokenCache.ts).
      const credential = shareTokens(
        setup.mode === "azureCli"
          ? createCliCredential(tenantId, (token) => this.identity.noteToken(token))
          : new VsCodeSessionCredential(setup.providerId, tenantId, vscode.authentication, Date.now, (label) => this.identity.note(label)),
      );
      const settings: ArmSettings = {
        cloud: setup.cloud,
        credential,
        userAgentPrefix: this.userAgentPrefix,
        log: (e) => this.logCall(e),
        clock: this.clock,
        ...(setup.caPem ? { caPem: setup.caPem } : {}),
      };
      clients = { settings };
      this.tenants.set(key, clients);
    }
    return clients;
  }

  /** Throws a JitFailure (invalidInput) naming the setting when the cloud or CA settings are wrong. */
  private currentSetup(): Setup {
    if (this.setup) return this.setup;
    const sovereign = vscode.workspace.getConfiguration("microsoft-sovereign-cloud");
    const choice = cloudChoice(sovereign.get("environment"), sovereign.get("customEnvironment"));
    const cloud = cloudByName(choice.cloudName, choice.customResourceManagerUrl, choice.customTokenAudience);
    // The extra CA is for a custom cloud's Resource Manager only: public and sovereign clouds keep Node's roots alone.
    const caPem = cloud.name === "custom" ? readCaFile(jitSettings().customCloudCaFile) : undefined;
    const setup: Setup = { mode: this.mode, cloud, providerId: choice.providerId, ...(caPem ? { caPem } : {}) };
    this.log.info(
      `Accounts: ${setup.mode === "azureCli" ? "Azure CLI" : `VS Code account (${setup.providerId})`}, ` +
        `cloud ${cloud.name} ${cloud.resourceManagerEndpoint}${caPem ? ", extra CA from azureJit.customCloudCaFile" : ""}`,
    );
    this.setup = setup;
    return setup;
  }

  private logCall(e: ArmCallLog): void {
    const line = `${e.method} ${e.path} → ${e.status} in ${e.durationMs} ms${e.correlationId ? ` (correlation ${e.correlationId})` : ""}`;
    if (e.status === "error" || e.status >= 400) this.log.warn(line);
    else this.log.info(line);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function readCaFile(path: string | undefined): string | undefined {
  if (!path || !path.trim()) return undefined;
  try {
    return readFileSync(path.trim(), "utf8");
  } catch (e) {
    throw new JitFailure({
      kind: "invalidInput",
      message: vscode.l10n.t(
        "azureJit.customCloudCaFile: cannot read \"{0}\" ({1}). Point it at the custom cloud's CA certificate (PEM), or clear it.",
        path,
        e instanceof Error ? e.message : String(e),
      ),
    });
  }
}
