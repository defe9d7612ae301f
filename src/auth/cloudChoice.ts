// Which cloud the user chose, from the settings VS Code's own Microsoft authentication reads
// (`microsoft-sovereign-cloud.environment` / `.customEnvironment`), so the extension signs in to and talks to the
// same cloud as every other Azure extension. Pure: the caller reads the settings.
import type { CloudName } from "../azure/cloud";

export type AuthProviderId = "microsoft" | "microsoft-sovereign-cloud";

export interface CloudChoice {
  cloudName: CloudName;
  /** For "custom": the customEnvironment's resourceManagerEndpointUrl (validated by cloudByName). */
  customResourceManagerUrl?: string;
  /**
   * For "custom": the customEnvironment's activeDirectoryResourceId, the audience ARM tokens must carry. Azure
   * Stack Hub's differs from its endpoint (https://management.<domain>/<guid>), so it cannot be derived.
   */
  customTokenAudience?: string;
  /** The VS Code authentication provider that issues tokens for this cloud. */
  providerId: AuthProviderId;
}

/** `environment` values as VS Code's microsoft-sovereign-cloud provider (and azureauth) define them. */
export function cloudChoice(environment: unknown, customEnvironment: unknown): CloudChoice {
  switch (environment) {
    case "ChinaCloud":
      return { cloudName: "AzureChinaCloud", providerId: "microsoft-sovereign-cloud" };
    case "USGovernment":
      return { cloudName: "AzureUSGovernment", providerId: "microsoft-sovereign-cloud" };
    case "custom": {
      const env = (customEnvironment && typeof customEnvironment === "object" ? customEnvironment : {}) as {
        resourceManagerEndpointUrl?: unknown;
        activeDirectoryResourceId?: unknown;
      };
      const url = env.resourceManagerEndpointUrl;
      const audience = env.activeDirectoryResourceId;
      return {
        cloudName: "custom",
        ...(typeof url === "string" ? { customResourceManagerUrl: url } : {}),
        ...(typeof audience === "string" && audience.trim() !== "" ? { customTokenAudience: audience.trim() } : {}),
        providerId: "microsoft-sovereign-cloud",
      };
    }
    default:
      return { cloudName: "AzureCloud", providerId: "microsoft" };
  }
}
