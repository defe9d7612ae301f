// The Azure layer as the extension loads it on first use (src/azure/lazy.ts): everything that needs the Azure SDK
// (core-client, core-rest-pipeline, the Azure CLI credential). The production build bundles this
// file on its own as dist/azure.js, so activation never evaluates the SDK (docs/architecture.md#activation).
// Only functions that build clients or make calls belong here; errors, types and the loader stay outside, and the
// core modules and errors.ts it imports are the extension's own (esbuild.mjs, src/azure/lazy.ts HOST_MODULES).
export { AzureCliCredential } from "@azure/identity";
export { createJitApi } from "./jit";
export { listSubscriptions, listTenants } from "./subscriptions";
export { createVmAddressResolver, listVirtualMachines } from "./vmAddress";
