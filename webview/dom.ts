// The only way the webviews (the request form and the history panel) create elements: text goes in through
// textContent, attributes through setAttribute with names fixed in code, so nothing from Azure or the user is ever
// parsed as HTML.
type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith("on")) throw new Error("event handlers are attached with addEventListener");
    node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function setText(node: Element, text: string): void {
  node.textContent = text;
}
