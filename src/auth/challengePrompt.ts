// The user's side of a claims challenge on a call that changes something (claimsPolicy.ts): a prompt that says
// why, then VS Code's challenge sign-in; in Azure CLI mode the exact `az login … --claims-challenge` command,
// copyable, and Retry. The refused call is then sent once more as it was: the form stays filled, the edit is kept.
import type { TokenCredential } from "@azure/core-auth";
import * as vscode from "vscode";
import { azLoginCommand, challengedAction, challengePrompt, type ClaimsChallenge } from "../core/claimsChallenge";
import { oneAnswerAtATime, type ChallengeAnswer } from "./claimsPolicy";
import type { VsCodeSessionCredential } from "./vscodeSessionCredential";

export function vscodeChallengeAnswer(credential: VsCodeSessionCredential, scope: string): ChallengeAnswer {
  return oneAnswerAtATime(async (challenge, request) => {
    const why = challengePrompt(challengedAction(request.method, request.url), challenge.claims);
    return credential.answer(challenge, [scope], async () => {
      const signIn = vscode.l10n.t("Sign In");
      const picked = await vscode.window.showWarningMessage(
        why,
        {
          modal: true,
          detail: vscode.l10n.t("What you asked for is kept: after the sign-in it is sent once more, unchanged."),
        },
        signIn,
      );
      return picked === signIn;
    });
  });
}

/** At most this many rounds of Copy Command before the prompt gives up (a modal closes on every button). */
const MAX_ROUNDS = 20;

export function cliChallengeAnswer(
  credential: TokenCredential,
  tenantId: string | undefined,
  scope: string,
): ChallengeAnswer {
  return oneAnswerAtATime(async (challenge, request) => {
    const command = cliCommandFor(challenge, tenantId, scope);
    if (!command) return undefined;
    const why = challengePrompt(challengedAction(request.method, request.url), challenge.claims);
    const copy = vscode.l10n.t("Copy Command");
    const retry = vscode.l10n.t("Retry");
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const picked = await vscode.window.showWarningMessage(
        why,
        {
          modal: true,
          detail: vscode.l10n.t(
            "The Azure CLI cannot answer this by itself. Run this command in a terminal, then choose Retry:\n\n{0}",
            command,
          ),
        },
        copy,
        retry,
      );
      if (picked === copy) {
        await vscode.env.clipboard.writeText(command);
        continue;
      }
      if (picked !== retry) return undefined;
      return (await credential.getToken(scope))?.token;
    }
    return undefined;
  });
}

/** The `az login` that answers this challenge, or undefined when a value is unfit for a command line. */
export function cliCommandFor(
  challenge: ClaimsChallenge,
  tenantId: string | undefined,
  scope: string,
): string | undefined {
  return azLoginCommand(tenantId, scope, challenge.claims.base64);
}
