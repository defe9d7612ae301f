// The getting-started walkthrough opens by itself once: the first time the extension runs in a profile, never on
// the starts after it. Kept free of `vscode` so the rule is tested on its own (test/unit/walkthrough/).

import { STATE_KEY } from "../core/startupState";

export const WALKTHROUGH_ID = "gettingStarted";
/** globalState key: set once the walkthrough was opened by itself. */
export const SHOWN_KEY = STATE_KEY.walkthroughShown;

export interface FlagStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/**
 * Opens the walkthrough when it was never shown in this profile, and records that it was (before opening, so a
 * failing open is not retried on every start). Returns whether it opened.
 */
export async function openOnce(state: FlagStore, open: () => Thenable<unknown>): Promise<boolean> {
  if (state.get<boolean>(SHOWN_KEY) === true) return false;
  await state.update(SHOWN_KEY, true);
  await open();
  return true;
}
