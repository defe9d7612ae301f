// The signed-in identity: which cloud, which credential per tenant, which subscriptions. Reads settings lazily
// (first use, never at activation) and starts over when the account, the auth mode, the cloud or the selection
// changes. Credentials never hold a token (vscodeSessionCredential.ts, cliCredential.ts).
import { readFileSync } from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import * as vscode from "vscode";
import { jitSettings, trustedSetting } from "../settings";
import { cloudByName, type Cloud } from "../azure/cloud";
import type { ArmCallLog } from "../azure/callLog";
import type { ArmSettings } from "../azure/clientOptions";
import type { ProxySettings } from "../azure/proxyAgent";
import { JitFailure } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { createJitApi, createVmAddressResolver, listVirtualMachines } from "../azure/lazy";
import type { VmSummary } from "../azure/vmAddress";
import type { ServerClock } from "../core/serverClock";
import type { Subscription, Tenant } from "../core/types";
import type { Accounts } from "../services";
import { azLoginCommand, challengeFromClaims } from "../core/claimsChallenge";
import { claimsChallengePolicy, type ChallengeAnswer } from "./claimsPolicy";
import { cliChallengeAnswer, vscodeChallengeAnswer } from "./challengePrompt";
import { ClaimsChallengeError } from "./claimsError";
import { AccountChoice, pickAccount } from "./accountChoice";
import { createCliCredential } from "./cliCredential";
import { cloudChoice, type AuthProviderId } from "./cloudChoice";
import { loadDirectory, type Directory } from "./directory";
import {
  failedTenantsToShow,
  filterSubscriptions,
  type FailedTenant,
  type SelectionSource,
} from "./subscriptionFilter";
import { deferredJitApi, deferredVmAddresses, resolveTenant, type VmAddresses } from "./tenantRouting";
import { SignedInAs } from "./signedInAs";
import { HomeToken } from "./homeToken";
import { shareTokens } from "./tokenCache";
import {
  ChallengeMemory,
  SignInUnavailableError,
  silentSession,
  silentSessionFor,
  VsCodeSessionCredential,
} from "./vscodeSessionCredential";

export type AuthMode = "vscode" | "azureCli";

interface Setup {
  mode: AuthMode;
  cloud: Cloud;
  providerId: AuthProviderId;
  caPem?: string;
}

interface TenantClients {
  settings: ArmSettings;
  /** The VS Code account's credential (undefined in Azure CLI mode): what answers a claims challenge. */
  session?: VsCodeSessionCredential;
  jit?: JitApi;
  vm?: ReturnType<typeof createVmAddressResolver>;
}

const affectingSetup = [
  "azureJit.authentication",
  "azureJit.customCloudCaFile",
  "microsoft-sovereign-cloud.environment",
  "microsoft-sovereign-cloud.customEnvironment",
  "http.proxy",
  "http.noProxy",
  "http.proxyStrictSSL",
  "http.proxySupport",
];
const affectingSelection = ["azureJit.selectedSubscriptions", "azureResourceGroups.selectedSubscriptions"];

export class AzureAccounts implements Accounts, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private setup: Setup | undefined;
  private readonly tenants = new Map<string, TenantClients>();
  /** The home tenant's last CLI token, lent to that tenant by id (homeToken.ts); new with every start-over. */
  private homeToken = new HomeToken();
  private directory: Promise<Directory> | undefined;
  private readonly tenantOf = new Map<string, string>();
  private readonly identity = new SignedInAs();
  /**
   * Claims challenges answered and refused, per directory (kept across resets: a sign-in resets). A directory's first
   * refusal (a background read: polling, the tree) reloads the view once, which then shows one "Sign in again" item
   * for that directory (selection()); repeats change nothing, so nothing prompts or reloads again.
   */
  private readonly challenges = new ChallengeMemory((tenantKey) => {
    this.log.warn(
      `Directory ${tenantKey || "(home)"}: Azure asks for a new sign-in (claims challenge); the view offers it once.`,
    );
    this.changed.fire();
  });

  private readonly accountChoice: AccountChoice;

  constructor(
    private readonly userAgentPrefix: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly clock: ServerClock,
    /** Where the chosen Microsoft account is remembered (the extension's global state). */
    memento?: vscode.Memento,
  ) {
    this.accountChoice = new AccountChoice(memento);
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset("workspace trusted")),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectingSetup.some((key) => e.affectsConfiguration(key))) {
          this.challenges.clear();
          this.reset("settings changed");
        } else if (affectingSelection.some((key) => e.affectsConfiguration(key))) this.changed.fire();
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (this.setup?.mode !== "vscode" || e.provider.id !== this.setup.providerId) return;
        const providerId = this.setup.providerId;
        // The chosen account was signed out: back to VS Code's preference rather than a sign-in that cannot succeed.
        const chosen = this.accountChoice.get();
        if (chosen) {
          void Promise.resolve(vscode.authentication.getAccounts(providerId)).then(
            async (accounts) => {
              if (!accounts.some((a) => a.id === chosen.id)) await this.accountChoice.set(undefined);
              this.reset("account changed");
            },
            () => this.reset("account changed"),
          );
        } else this.reset("account changed");
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
    this.homeToken = new HomeToken();
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
    const failedTenants = failedTenantsToShow(directory.failedTenants, filtered);
    return {
      subscriptions: filtered.subscriptions,
      source: filtered.source,
      all: directory.subscriptions,
      failedTenants: [...failedTenants, ...this.challengedDirectories(directory, failedTenants)],
    };
  }

  /** One item per directory whose token Azure refused with a claims challenge on a background read. */
  private challengedDirectories(directory: Directory, alreadyShown: FailedTenant[]): FailedTenant[] {
    const shown = new Set(alreadyShown.map((f) => f.tenant.tenantId.toLowerCase()));
    return this.challenges.refusedTenants().flatMap((key) => {
      const tenant = directory.tenants.find((t) => t.tenantId.toLowerCase() === key);
      const challenge = this.challenges.refusedFor(key);
      if (!tenant || !challenge || shown.has(key)) return [];
      return [
        {
          tenant,
          error: {
            kind: "notSignedIn" as const,
            message: vscode.l10n.t("Sign in again (multifactor) to continue"),
            claimsChallenge: challenge,
          },
        },
      ];
    });
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
  private routed<T>(
    subscriptionId: string,
    deferred: (get: () => Promise<T>) => T,
    clientOf: (tenantId: string | undefined) => T,
  ): T {
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
      const account = this.accountChoice.get();
      const scopes = [setup.cloud.tokenScope];
      const session = account
        ? await silentSessionFor(vscode.authentication, setup.providerId, scopes, account)
        : await silentSession(vscode.authentication, setup.providerId, scopes);
      return session !== undefined;
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
    // A claims challenge Azure sent on a background read (MFA, CAE, an authentication context): this sign-in answers it.
    const refusedTenant = tenantId ?? this.challenges.refusedTenants()[0];
    const refused = refusedTenant === undefined ? undefined : this.challenges.refusedFor(refusedTenant);
    const challengeTenant = refusedTenant === "" ? undefined : refusedTenant;
    if (setup.mode === "azureCli") {
      const terminal = vscode.window.createTerminal({ name: "az login" });
      terminal.show();
      // The tenant id comes from ARM: only a plain GUID goes into a shell command line.
      const safeTenant =
        tenantId && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(tenantId) ? tenantId : undefined;
      const answering = refused
        ? azLoginCommand(challengeTenant, setup.cloud.tokenScope, refused.claims.base64)
        : undefined;
      terminal.sendText(answering ?? (safeTenant ? `az login --tenant ${safeTenant}` : "az login"));
      if (refused && answering) this.challenges.noteAnswered(challengeTenant, refused);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('When "az login" has finished in the terminal, refresh the Azure JIT Access view.'),
      );
      return;
    }
    if (refused) {
      const session = this.clientsFor(challengeTenant).session;
      if (session) {
        await session.signInFor(refused, [setup.cloud.tokenScope]);
        this.reset("signed in, claims challenge answered");
        return;
      }
    }
    const scopes = [setup.cloud.tokenScope, ...(tenantId ? [`VSCODE_TENANT:${tenantId}`] : [])];
    const existing = tenantId
      ? await vscode.authentication
          .getSession(setup.providerId, scopes, { silent: true })
          .then(undefined, () => undefined)
      : undefined;
    const request: vscode.AuthenticationGetSessionOptions = existing
      ? {
          forceNewSession: {
            detail: vscode.l10n.t(
              "Directory {0} did not accept your current sign-in. Sign in to it again.",
              options.directoryName ?? tenantId ?? "",
            ),
          },
        }
      : { createIfNone: true };
    const account = this.accountChoice.get();
    await vscode.authentication.getSession(setup.providerId, scopes, { ...request, ...(account ? { account } : {}) });
    this.reset("signed in");
  }

  /** The account in use when VS Code holds several (undefined: VS Code's preference). */
  chosenAccount(): { id: string; label: string } | undefined {
    return this.accountChoice.get();
  }

  /**
   * Lets the user pick which Microsoft account to use (or sign in with another); remembered, and everything reloads
   * for it. In Azure CLI mode the CLI's own account applies: says so.
   */
  async chooseAccount(): Promise<void> {
    const setup = this.currentSetup();
    if (setup.mode === "azureCli") {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Azure JIT Access uses the Azure CLI\'s sign-in: run "az login" (or "az account set") to change the account.',
        ),
      );
      return;
    }
    const picked = await pickAccount(setup.providerId, this.accountChoice.get());
    if (!picked) return;
    if (picked === "new") {
      const session = await vscode.authentication.getSession(setup.providerId, [setup.cloud.tokenScope], {
        createIfNone: true,
        clearSessionPreference: true,
      });
      await this.accountChoice.set(session.account);
    } else {
      await this.accountChoice.set(picked);
    }
    this.challenges.clear();
    this.reset("account chosen");
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
      const scope = setup.cloud.tokenScope;
      let credential: TokenCredential;
      let session: VsCodeSessionCredential | undefined;
      let answer: ChallengeAnswer;
      if (setup.mode === "azureCli") {
        const cli = rememberRefusals(
          createCliCredential(tenantId, (token) => this.identity.noteToken(token)),
          tenantId,
          this.challenges,
        );
        // One token per tenant and scope for all of the tenant's clients (tokenCache.ts), and the home tenant's one
        // for that tenant asked for by its id (homeToken.ts): one `az` process fewer before the first row.
        const fetched = (ms: number) => this.log.info(`Token: from the Azure CLI in ${ms} ms`);
        credential =
          tenantId === undefined
            ? shareTokens(this.homeToken.tap(cli), Date.now, fetched)
            : this.homeToken.lend(shareTokens(cli, Date.now, fetched), tenantId, () =>
                this.log.info(`Token: the home tenant's serves tenant ${tenantId} (its own tid)`),
              );
        // Retry after `az login --claims-challenge` asks the CLI itself: the shared token is the refused one.
        answer = cliChallengeAnswer(cli, tenantId, scope);
      } else {
        session = new VsCodeSessionCredential(
          setup.providerId,
          tenantId,
          vscode.authentication,
          Date.now,
          (label) => this.identity.note(label),
          this.challenges,
          () => this.accountChoice.get(),
        );
        credential = shareTokens(session, Date.now, (ms) => this.log.info(`Token: from VS Code's account in ${ms} ms`));
        answer = vscodeChallengeAnswer(session, scope);
      }
      const settings: ArmSettings = {
        cloud: setup.cloud,
        credential,
        userAgentPrefix: this.userAgentPrefix,
        log: (e) => this.logCall(e),
        clock: this.clock,
        // A refused policy edit or request is answered with a sign-in and sent once more (claimsPolicy.ts).
        authPolicies: [claimsChallengePolicy(answer)],
        proxy: vscodeProxySettings(),
        ...(setup.caPem ? { caPem: setup.caPem } : {}),
      };
      clients = { settings, ...(session ? { session } : {}) };
      this.tenants.set(key, clients);
    }
    return clients;
  }

  /** Throws a JitFailure (invalidInput) naming the setting when the cloud or CA settings are wrong. */
  private currentSetup(): Setup {
    if (this.setup) return this.setup;
    // Where the token goes: in Restricted Mode a workspace must not point it at its own "cloud".
    const choice = cloudChoice(
      trustedSetting("microsoft-sovereign-cloud", "environment"),
      trustedSetting("microsoft-sovereign-cloud", "customEnvironment"),
    );
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

/**
 * VS Code's proxy settings, as the Azure calls should honour them (src/azure/proxyAgent.ts; HTTPS_PROXY and NO_PROXY
 * count too). `http.proxySupport: off` means VS Code sends extension traffic directly: then only the environment's.
 */
function vscodeProxySettings(): ProxySettings {
  // Through trustedSetting: a workspace must not route the Azure token through a proxy of its choosing.
  if (trustedSetting("http", "proxySupport") === "off") return {};
  const url = trustedSetting("http", "proxy");
  const noProxy = trustedSetting("http", "noProxy");
  const strictSSL = trustedSetting("http", "proxyStrictSSL");
  return {
    ...(typeof url === "string" && url.trim() ? { url: url.trim() } : {}),
    ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((h): h is string => typeof h === "string") } : {}),
    ...(strictSSL === false ? { strictSSL: false } : {}),
  };
}

/** The CLI credential, noting each claims challenge it refuses (what "Sign in again" then answers). */
function rememberRefusals(
  inner: TokenCredential,
  tenantId: string | undefined,
  memory: ChallengeMemory,
): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (e) {
        if (e instanceof ClaimsChallengeError) {
          const challenge = challengeFromClaims(e.claims);
          if (challenge) memory.noteRefused(tenantId, challenge);
        }
        throw e;
      }
    },
  };
}

function readCaFile(path: string | undefined): string | undefined {
  if (!path || !path.trim()) return undefined;
  try {
    return readFileSync(path.trim(), "utf8");
  } catch (e) {
    throw new JitFailure({
      kind: "invalidInput",
      message: vscode.l10n.t(
        'azureJit.customCloudCaFile: cannot read "{0}" ({1}). Point it at the custom cloud\'s CA certificate (PEM), or clear it.',
        path,
        e instanceof Error ? e.message : String(e),
      ),
    });
  }
}
