// Every command the extension contributes, by name: code registers and runs them through this constant, and
// `npm run lint` (scripts/check-commands.mjs) checks it against package.json both ways.
export const COMMAND = {
  signIn: "azureJit.signIn",
  useAzureCli: "azureJit.useAzureCli",
  useVsCodeAccount: "azureJit.useVsCodeAccount",
  chooseAccount: "azureJit.chooseAccount",
  selectSubscriptions: "azureJit.selectSubscriptions",
  refresh: "azureJit.refresh",
  showRequiredPermissions: "azureJit.showRequiredPermissions",
  retry: "azureJit.retry",
  showOutput: "azureJit.showOutput",
  enableJit: "azureJit.enableJit",
  editPolicy: "azureJit.editPolicy",
  disableJit: "azureJit.disableJit",
  deletePolicy: "azureJit.deletePolicy",
  showRequestHistory: "azureJit.showRequestHistory",
  exportRequestHistory: "azureJit.exportRequestHistory",
  requestAccess: "azureJit.requestAccess",
  quickRequest: "azureJit.quickRequest",
  reRequest: "azureJit.reRequest",
  keepOpen: "azureJit.keepOpen",
  stopKeepOpen: "azureJit.stopKeepOpen",
  extendNow: "azureJit.extendNow",
  connect: "azureJit.connect",
  copyAddress: "azureJit.copyAddress",
  showGrants: "azureJit.showGrants",
  revealInTree: "azureJit.revealInTree",
  goToVm: "azureJit.goToVm",
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];
