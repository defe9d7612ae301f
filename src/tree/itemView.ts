// What a tree item looks like, as plain data: the presentation modules compute it without VS Code (so unit tests
// can check every label, description, icon, tooltip and contextValue), and treeProvider.ts turns it into a TreeItem.

export interface IconView {
  /** Codicon id, e.g. "pass-filled" or "sync~spin". */
  id: string;
  /** Theme colour id, e.g. "charts.green". */
  color?: string;
}

export interface CommandView {
  command: string;
  title: string;
  /** Pass the tree node as the command's argument. */
  withNode?: boolean;
}

export type Collapsible = "none" | "collapsed" | "expanded";

export interface ItemView {
  /** Stable across refreshes: VS Code keeps selection and expansion by it. */
  id: string;
  label: string;
  description?: string;
  /**
   * Markdown with every remote value escaped (see markdown.ts); rendered untrusted. Screen readers read the label
   * and description; the tooltip is what hover and the e2e harness can inspect.
   */
  tooltip?: string;
  icon?: IconView;
  contextValue: string;
  collapsible: Collapsible;
  command?: CommandView;
}
