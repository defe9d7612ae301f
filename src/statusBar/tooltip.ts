import * as vscode from "vscode";
import { remainingText } from "../core/countdown";
import { grantKey, type RememberedGrant } from "../core/grantRecords";
import type { KeepOpenEntry } from "../core/renewal";

// Text only: VM names come from Azure, so they are appended as text (escaped), never as markdown.

function clock(ms: number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", timeZone };
  try {
    return new Date(ms).toLocaleTimeString(vscode.env.language, options);
  } catch {
    // A display language Intl does not know (e.g. the pseudo-locale): the runtime's default.
    return new Date(ms).toLocaleTimeString(undefined, options);
  }
}

export function grantEndText(grant: RememberedGrant, nowMs: number): string {
  if (grant.opening) return vscode.l10n.t("opening…");
  if (grant.endTimeUtc <= nowMs)
    return vscode.l10n.t("ended {0} ({1} UTC)", clock(grant.endTimeUtc), clock(grant.endTimeUtc, "UTC"));
  return vscode.l10n.t(
    "{0} left · ends {1} ({2} UTC)",
    remainingText(grant.endTimeUtc - nowMs),
    clock(grant.endTimeUtc),
    clock(grant.endTimeUtc, "UTC"),
  );
}

export function countdownTooltip(
  grants: readonly RememberedGrant[],
  pending: ReadonlyArray<{ vmName: string; port: number }>,
  nowMs: number,
  kept: readonly KeepOpenEntry[] = [],
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${vscode.l10n.t("Azure JIT access")}**\n\n`);
  for (const p of pending) {
    md.appendMarkdown("$(loading~spin) ");
    md.appendText(vscode.l10n.t("{0}:{1} — requesting…", p.vmName, p.port));
    md.appendMarkdown("\n\n");
  }
  for (const g of grants) {
    const keep = kept.find((e) => grantKey(e.policyId, e.vmId, e.port) === grantKey(g.policyId, g.vmId, g.port));
    md.appendMarkdown(g.opening ? "$(loading~spin) " : keep ? "$(sync) " : "$(shield) ");
    md.appendText(`${g.vmName}:${g.port} — ${grantEndText(g, nowMs)}`);
    md.appendMarkdown("\n\n");
    if (keep) {
      md.appendText(
        vscode.l10n.t(
          "Kept open: the same VM, port, source and justification are requested again shortly before each end, until {0} ({1} UTC). To stop, click and choose Stop Keeping Open.",
          clock(keep.capEndsAt),
          clock(keep.capEndsAt, "UTC"),
        ),
      );
      md.appendMarkdown("\n\n");
    }
  }
  md.appendText(vscode.l10n.t("At the end, established connections stay open; new connections are refused."));
  md.appendMarkdown("\n\n");
  md.appendText(vscode.l10n.t("Click for Connect, Re-request, Reveal in Tree and Copy Address."));
  return md;
}

/** Nothing is open: the grants that ended lately, and that a click re-requests them. */
export function endedTooltip(grants: readonly RememberedGrant[], nowMs: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${vscode.l10n.t("Azure JIT access has ended")}**\n\n`);
  for (const g of grants) {
    md.appendMarkdown("$(history) ");
    md.appendText(`${g.vmName}:${g.port} — ${grantEndText(g, nowMs)}`);
    md.appendMarkdown("\n\n");
  }
  md.appendText(vscode.l10n.t("Established connections stay open; new connections are refused."));
  md.appendMarkdown("\n\n");
  md.appendText(vscode.l10n.t("Click to Re-request the same access, Connect, Reveal in Tree or Dismiss."));
  return md;
}
