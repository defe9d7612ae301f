// `--page-size`: list answers are cut into pages linked by absolute https nextLinks pointing back at the
// emulator itself (an http or foreign nextLink would break the SDK's bearer-token check).
import type { RouteContext } from "./context.js";

export function page<T>(
  ctx: RouteContext,
  items: T[],
  map: (item: T) => unknown,
): { value: unknown[]; nextLink?: string } {
  if (!ctx.pageSize) return { value: items.map(map) };
  const start = Math.max(0, Number.parseInt(ctx.query.get("$skipToken") ?? "0", 10) || 0);
  const slice = items.slice(start, start + ctx.pageSize);
  const out: { value: unknown[]; nextLink?: string } = { value: slice.map(map) };
  if (start + ctx.pageSize < items.length) {
    const next = new URLSearchParams(ctx.query);
    next.set("$skipToken", String(start + ctx.pageSize));
    out.nextLink = `${ctx.baseUrl}${ctx.path}?${next.toString()}`;
  }
  return out;
}
