// ARM's own error answers, verbatim where the real text is known (docs/azure-behaviour.md).
import { reply, type Reply } from "./context.js";
import { armError } from "./wire.js";

export const SUBSCRIPTION_ID = /^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$/;

export function missingApiVersion(): Reply {
  return reply(
    400,
    armError(
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    ),
  );
}

export function unsupportedApiVersion(version: string, type: string, supported: string[]): Reply {
  return reply(
    400,
    armError(
      "NoRegisteredProviderFound",
      `No registered resource provider found for location 'global' and API version '${version}' for type '${type}'. The supported api-versions are '${supported.join(", ")}'.`,
    ),
  );
}

export function invalidSubscriptionId(id: string): Reply {
  return reply(
    400,
    armError("InvalidSubscriptionId", `The provided subscription identifier '${id}' is malformed or invalid.`),
  );
}

export function subscriptionNotFound(id: string): Reply {
  return reply(404, armError("SubscriptionNotFound", `The subscription '${id}' could not be found.`));
}

export function resourceGroupNotFound(name: string): Reply {
  return reply(404, armError("ResourceGroupNotFound", `Resource group '${name}' could not be found.`));
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): Reply {
  return reply(
    404,
    armError(
      "ResourceNotFound",
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  );
}

export function pathNotFound(path: string): Reply {
  return reply(404, armError("NotFound", `No HTTP resource was found that matches the request URI '${path}'.`));
}

export function methodNotAllowed(method: string): Reply {
  return reply(405, armError("MethodNotAllowed", `The requested resource does not support http method '${method}'.`));
}

export function authorizationFailed(user: string, objectId: string, action: string, scope: string): Reply {
  return reply(
    403,
    armError(
      "AuthorizationFailed",
      `The client '${user}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  );
}

export function invalidContent(detail: string): Reply {
  return reply(
    400,
    armError("InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
  );
}

export function badRequest(message: string): Reply {
  return reply(400, armError("BadRequest", message));
}
