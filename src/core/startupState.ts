// What the activation wiring (src/extension.ts) reads to decide whether the parts load when the window starts or
// wait for their first use (docs/architecture.md#activation). The globalState keys live here, not in the parts that
// write them, so the wiring can read them without loading those parts. Pure: the state is passed in.

/** globalState keys, each written by one part: grants/grantMemory.ts, grants/tracker.ts, walkthrough/firstRun.ts. */
export const STATE_KEY = {
  lastRequests: "azureJit.grants.lastRequests",
  openGrants: "azureJit.grants.open",
  keepOpen: "azureJit.grants.keepOpen",
  walkthroughShown: "azureJit.walkthroughShown",
} as const;

/** How long after its end a remembered grant still loads the parts at startup (for its "has ended" notice). */
export const ENDED_NOTICE_MS = 15 * 60_000;

export interface StartupFacts {
  state: { get<T>(key: string): T | undefined };
  nowMs: number;
  remoteName: string | undefined;
  folderAuthorities: readonly string[];
}

/**
 * Whether the parts must load at startup: something must show or run without the view being opened — a grant that
 * may still be open (the countdown and its end notice), a kept-open grant (its renewals), a window Connect opened
 * (its grant's countdown), or the first run in a profile (the walkthrough). Otherwise nothing is loaded until used.
 */
export function partsNeededAtStartup(facts: StartupFacts): boolean {
  // Any entry whose time field is still ahead: globalState is shared by versions, so anything else counts as none.
  const anyAhead = (key: string, field: string, afterMs: number): boolean => {
    const value = facts.state.get<unknown>(key);
    return (
      Array.isArray(value) &&
      value.some((e: unknown) => {
        const at = typeof e === "object" && e !== null ? (e as Record<string, unknown>)[field] : undefined;
        return typeof at === "number" && at > afterMs;
      })
    );
  };
  return (
    // A grant that ended a moment ago still gets its "has ended" notice after a reload.
    anyAhead(STATE_KEY.openGrants, "endTimeUtc", facts.nowMs - ENDED_NOTICE_MS) ||
    anyAhead(STATE_KEY.keepOpen, "capEndsAt", facts.nowMs) ||
    facts.state.get<unknown>(STATE_KEY.walkthroughShown) !== true ||
    connectedToManagedHost(facts.remoteName, facts.folderAuthorities)
  );
}

/** The `Host` aliases Connect writes start so (core/sshConfigBlock.ts HOST_ALIAS_PREFIX; a unit test ties the two). */
export const MANAGED_ALIAS_PREFIX = "azure-jit-";

/**
 * A Remote - SSH window on a host Connect wrote: the cheap form of core/connectedWindow.ts's `connectedAlias`, so
 * the wiring does not bundle the ssh_config code; the parts then find the VM with the full rule.
 */
function connectedToManagedHost(remoteName: string | undefined, folderAuthorities: readonly string[]): boolean {
  if (remoteName !== "ssh-remote") return false;
  return folderAuthorities.some((authority) => {
    const m = /^ssh-remote\+(.+)$/i.exec(authority);
    if (!m?.[1]) return false;
    try {
      return decodeURIComponent(m[1]).toLowerCase().startsWith(MANAGED_ALIAS_PREFIX);
    } catch {
      return false; // a malformed %-escape is no alias of ours
    }
  });
}
