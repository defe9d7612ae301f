// The bearer token goes only to the cloud's Resource Manager: the pipeline's last line against any other origin.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { t } from "../core/l10n";
import type { ArmSettings } from "./clientOptions";
import { JitFailure } from "./errors";

/**
 * Refuses, before anything is sent, any request to another origin (scheme, host, port) than the cloud's Resource
 * Manager: the bearer token is for that server only. The pagers check nextLinks themselves with a precise message;
 * this is the second line for any link the SDK follows on its own (redirects, pagers, polling locations).
 */
export function originGuardPolicy(settings: Pick<ArmSettings, "cloud">): PipelinePolicy {
  const allowed = new URL(settings.cloud.resourceManagerEndpoint).origin;
  return {
    name: "azureJitOriginGuard",
    async sendRequest(request, next) {
      const origin = originOf(request.url);
      if (origin !== allowed) {
        throw new JitFailure({
          kind: "service",
          message: t(
            "Refused to send a request to {0}: only this cloud's Resource Manager ({1}) gets your Azure token. A proxy or a misbehaving server pointed there.",
            origin ?? t("an unparsable address"),
            allowed,
          ),
        });
      }
      return next(request);
    },
  };
}

/** scheme://host:port of an absolute URL, or undefined. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
