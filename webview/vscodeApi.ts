// The API VS Code injects into a webview. Declared here because the webview bundle has no @types for it.
import type { SavedState, WebviewMessage } from "../src/requestForm/protocol";

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
