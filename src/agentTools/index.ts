import * as vscode from "vscode";
import type { Services } from "../services";
import { ConnectionDetailsTool, ListAccessTool, RequestAccessTool, TOOL } from "./tools";

export interface AgentTools {
  readonly listAccess: ListAccessTool;
  readonly requestAccess: RequestAccessTool;
  readonly connectionDetails: ConnectionDetailsTool;
}

/**
 * The agent tools, registered when this VS Code has the language model tool API (`vscode.lm.registerTool`);
 * without it the extension works as before, without them.
 */
export function registerAgentTools(services: Services): { tools: AgentTools } & vscode.Disposable {
  const tools: AgentTools = {
    listAccess: new ListAccessTool(services),
    requestAccess: new RequestAccessTool(services),
    connectionDetails: new ConnectionDetailsTool(services),
  };
  const registered: vscode.Disposable[] = [];
  if (typeof vscode.lm?.registerTool === "function") {
    registered.push(
      vscode.lm.registerTool(TOOL.listAccess, tools.listAccess),
      vscode.lm.registerTool(TOOL.requestAccess, tools.requestAccess),
      vscode.lm.registerTool(TOOL.connectionDetails, tools.connectionDetails),
    );
  } else {
    services.log.info("This VS Code has no language model tool API: the Copilot agent tools are not registered");
  }
  return { tools, dispose: () => registered.forEach((d) => d.dispose()) };
}
