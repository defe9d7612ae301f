// The Azure layer, loaded on the first call that needs it (src/azure/sdk.ts; in the production build the second
// bundle dist/azure.js). Same names and signatures as the modules they come from, so callers only change the path.
// Loading is synchronous: the first call that builds a client waits for it once, activation never does.
import type { TokenCredential } from "@azure/core-auth";
import * as coreErrors from "../core/errors";
import * as l10n from "../core/l10n";
import * as redact from "../core/redact";
import * as resourceId from "../core/resourceId";
import type { Subscription, Tenant } from "../core/types";
import type { ArmSettings } from "./clientOptions";
import * as azureErrors from "./errors";
import type { JitApi } from "./jit";
import type * as Sdk from "./sdk";
import type { VmAddressResolver, VmSummary } from "./vmAddress";

let loaded: typeof Sdk | undefined;

/**
 * The modules dist/azure.js takes from this bundle instead of carrying its own copies (one translator, one
 * JitFailure class). esbuild.mjs fails the build when the Azure layer imports a core module missing here.
 */
const HOST_MODULES: Record<string, unknown> = {
  "core/errors": coreErrors,
  "core/l10n": l10n,
  "core/redact": redact,
  "core/resourceId": resourceId,
  "azure/errors": azureErrors,
};
// Set when this module loads, so the bench can load dist/azure.js on its own (bench/activation.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for("azure-jit-access.hostModules")] = HOST_MODULES;

/** The Azure layer; the first call loads it. */
export function azureSdk(): typeof Sdk {
  if (!loaded) {
    // esbuild.mjs turns this into require("./azure.js"), the second bundle beside dist/extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require("./sdk") as typeof Sdk;
  }
  return loaded;
}

/** Has the Azure layer been loaded yet (the activation check in test/unit/azure)? */
export function azureSdkLoaded(): boolean {
  return loaded !== undefined;
}

export const createJitApi = (settings: ArmSettings): JitApi => azureSdk().createJitApi(settings);
export const createVmAddressResolver = (settings: ArmSettings): VmAddressResolver =>
  azureSdk().createVmAddressResolver(settings);
export const listVirtualMachines = (settings: ArmSettings, subscriptionId: string): Promise<VmSummary[]> =>
  azureSdk().listVirtualMachines(settings, subscriptionId);
export const listSubscriptions = (settings: ArmSettings): Promise<Subscription[]> =>
  azureSdk().listSubscriptions(settings);
export const listTenants = (settings: ArmSettings): Promise<Tenant[]> => azureSdk().listTenants(settings);
/** @azure/identity's AzureCliCredential, from the Azure layer. */
export const newAzureCliCredential = (options: { tenantId?: string }): TokenCredential =>
  new (azureSdk().AzureCliCredential)(options);
