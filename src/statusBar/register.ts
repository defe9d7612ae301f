import * as vscode from "vscode";
import type { Services } from "../services";
import { registerConnectedWindow, windowAlias } from "./connectedWindow";
import { CountdownItem } from "./countdownItem";
import { registerNotices } from "./notices";
import { registerShowGrants } from "./showGrants";

/**
 * The status bar part: the countdown item (it draws Services.grants), the notices the tracker finds due, and
 * azureJit.showGrants (the item's click). No network here.
 */
export function registerStatusBar(services: Services): vscode.Disposable & { readonly countdown: CountdownItem } {
  const countdown = new CountdownItem(services, windowAlias());
  const all = vscode.Disposable.from(
    countdown,
    registerNotices(services),
    registerShowGrants(services),
    registerConnectedWindow(services),
  );
  return Object.assign(all, { countdown });
}
