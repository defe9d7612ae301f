// The ids of what package.json contributes besides commands (core/commandIds.ts): the view, the request form's
// webview type and the agent tools' names. A module of constants only, so the activation bundle (src/extension.ts)
// can register their stand-ins without loading the parts that implement them.

/** The JIT policies view (contributes.views.azureJit). */
export const VIEW_ID = "azureJit.policies";

/** The request form's webview panel type (activationEvents: onWebviewPanel). */
export const REQUEST_FORM_VIEW_TYPE = "azureJit.requestForm";

/** The tools' names, as contributes.languageModelTools declares them (a test checks the two agree). */
export const TOOL = {
  listAccess: "azure-jit_listAccess",
  requestAccess: "azure-jit_requestAccess",
  connectionDetails: "azure-jit_connectionDetails",
} as const;
