// Core logic must not import `vscode`, yet its messages reach users. Core calls t(); the extension installs
// vscode.l10n.t at activation, so the same strings are translated there, and tests read the English text.
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

const format: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });

let current: Translate = format;

/** Translates and formats a message with `{0}`-style placeholders, like `vscode.l10n.t`. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return current(message, ...args);
}

export function setTranslator(translate: Translate): void {
  current = translate;
}
