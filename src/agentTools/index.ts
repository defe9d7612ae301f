import type { Services } from "../services";
import { ConnectionDetailsTool, ListAccessTool, RequestAccessTool } from "./tools";

export interface AgentTools {
  readonly listAccess: ListAccessTool;
  readonly requestAccess: RequestAccessTool;
  readonly connectionDetails: ConnectionDetailsTool;
}

/**
 * The tools' objects. They are registered by the activation bundle (src/extension.ts), when this VS Code has the
 * language model tool API (`vscode.lm.registerTool`), as stand-ins that load this part and call them; without the
 * API the extension works as before, without them.
 */
export function createAgentTools(services: Services): AgentTools {
  return {
    listAccess: new ListAccessTool(services),
    requestAccess: new RequestAccessTool(services),
    connectionDetails: new ConnectionDetailsTool(services),
  };
}
