// Which Azure Resource Manager to talk to and which token audience it needs. The SDK clients default their token
// scope to public ARM even when given another endpoint (docs/azure-behaviour.md#token-scope), so the scope travels with the cloud.
import { t } from "../core/l10n";
import { trimTrailingSlashes } from "../core/resourceId";
import { JitFailure } from "./errors";

export type CloudName = "AzureCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";

export interface Cloud {
  name: CloudName;
  /** No trailing slash. */
  resourceManagerEndpoint: string;
  tokenScope: string;
}

const known: Record<Exclude<CloudName, "custom">, string> = {
  AzureCloud: "https://management.azure.com",
  AzureChinaCloud: "https://management.chinacloudapi.cn",
  AzureUSGovernment: "https://management.usgovcloudapi.net",
};

/** `customTokenAudience`: a custom cloud's token audience when it is not its endpoint (activeDirectoryResourceId). */
export function cloudByName(name: CloudName, customResourceManagerUrl?: string, customTokenAudience?: string): Cloud {
  if (name !== "custom") {
    const endpoint = known[name];
    if (!endpoint)
      throw invalid(
        t('Unknown Azure cloud "{0}": use AzureCloud, AzureChinaCloud, AzureUSGovernment or custom.', String(name)),
      );
    return { name, resourceManagerEndpoint: endpoint, tokenScope: `${endpoint}/.default` };
  }
  const endpoint = customEndpoint(customResourceManagerUrl);
  return {
    name,
    resourceManagerEndpoint: endpoint,
    tokenScope: `${customAudience(customTokenAudience) ?? endpoint}/.default`,
  };
}

function customAudience(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return plainAddress("activeDirectoryResourceId", text);
}

function customEndpoint(text: string | undefined): string {
  const field = "resourceManagerEndpointUrl";
  if (!text || !text.trim()) {
    throw invalid(t("The custom cloud needs {0}: the https:// address of its Azure Resource Manager.", field));
  }
  return plainAddress(field, text, { https: true });
}

/** A custom environment's URL setting as origin + path without trailing slashes; refuses anything else. */
function plainAddress(field: string, text: string, options: { https?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid(
      t('The custom cloud\'s {0} "{1}" is not a URL: it must look like https://management.example.com/.', field, text),
    );
  }
  // The SDK refuses bearer tokens over plain http (docs/azure-behaviour.md#bearer-over-http): say so now instead of on the first call.
  if (options.https && url.protocol !== "https:") {
    throw invalid(
      t('The custom cloud\'s {0} "{1}" must start with https:// (Azure sends tokens only over TLS).', field, text),
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw invalid(
      t('The custom cloud\'s {0} "{1}" must be a plain address without query, fragment or user name.', field, text),
    );
  }
  return trimTrailingSlashes(`${url.origin}${url.pathname}`);
}

function invalid(message: string): JitFailure {
  return new JitFailure({ kind: "invalidInput", message });
}
