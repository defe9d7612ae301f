// Entry point of the request form webview: restores state (hide/show keeps it through getState), installs the
// translations the host sent, draws the form and relays messages. Host messages are from our own extension,
// but are still rendered as text only.
import "./form.css";
import { setTranslator } from "../src/core/l10n";
import type { FormInit, HostMessage, SavedState } from "../src/requestForm/protocol";
import { initialValues } from "../src/requestForm/formModel";
import { RequestFormView } from "./form";
import { vscodeApi } from "./vscodeApi";

function embeddedInit(): FormInit {
  const node = document.getElementById("azure-jit-state");
  return JSON.parse(node?.textContent ?? "null") as FormInit;
}

function installTranslations(bundle: Record<string, string>): void {
  setTranslator((message, ...args) => {
    const translated = Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message] : message;
    return translated.replace(/\{(\d+)\}/g, (whole, i: string) =>
      args[Number(i)] === undefined ? whole : String(args[Number(i)]),
    );
  });
}

function start(): void {
  const vscode = vscodeApi();
  const embedded = embeddedInit();
  const saved: SavedState | undefined = vscode.getState();
  // Hide/show reloads the same render: restore it. A new render (new target, window reload) starts from its init,
  // which after a reload carries the results screen the host restored.
  const usable = saved?.v === 1 && saved.init?.renderId === embedded.renderId ? saved : undefined;
  const init = usable?.init ?? embedded;
  installTranslations(init.l10n ?? {});
  const values = usable?.values ?? init.values ?? initialValues(init.policy, init.settings, init.vmId, init.portNumber);
  const root = document.getElementById("app")!;
  const view = new RequestFormView(
    root,
    init,
    {
      post: (m) => vscode.postMessage(m),
      save: (s) => vscode.setState(s),
      now: () => Date.now() + (init.serverOffsetMs || 0),
    },
    values,
    usable?.phase ?? init.phase,
  );
  window.addEventListener("message", (event: MessageEvent<HostMessage>) => {
    const m = event.data;
    if (!m || typeof m !== "object") return;
    switch (m.type) {
      case "policy":
        view.setPolicy(m.policy);
        break;
      case "phase":
        view.setPhase(m.phase);
        break;
      case "errors":
        view.showHostErrors(m.errors);
        break;
    }
  });
  vscode.postMessage({ type: "ready" });
}

start();
