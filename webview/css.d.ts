// esbuild bundles the stylesheet imported by main.ts into dist/webview/main.css.
declare module "*.css";
