// The agent tools' names (declared in core/contributionIds.ts for the activation bundle), the port states they report, and their size limits.

export { TOOL } from "../core/contributionIds";

/** What the listing reports per port, as the model reads it. */
export type ToolPortState = "open" | "opening" | "closed";
export const TOOL_PORT_STATES: readonly ToolPortState[] = ["open", "opening", "closed"];
/** At most this many ports in one listing: the model is told to filter when there are more. */
export const MAX_LISTED_PORTS = 200;
/** The longest text field the model may pass (a name, a source, a justification). */
export const MAX_TEXT_FIELD = 1000;
