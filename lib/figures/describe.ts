import type { FigureSpec, Layout, Trace } from "./types.js";

/**
 * The `text/plain` form of a figure: what it shows in words, for consoles, logs and
 * readers without JavaScript — title, axes, each series with its size and range, controls.
 */
export function describeFigure(spec: FigureSpec): string {
  const lines: string[] = [];
  const title = textOf(spec.layout["title"]);
  lines.push(`Figure${title ? `: ${title}` : ""} (${spec.data.length} series)`);
  for (const axis of Object.keys(spec.layout).filter((k) => /^[xy]axis\d*$/.test(k)).sort()) {
    const label = textOf((spec.layout[axis] as Layout | undefined)?.["title"]);
    if (label) lines.push(`  ${axis}: ${label}`);
  }
  spec.data.forEach((trace, i) => lines.push(`  [${i}] ${describeTrace(trace)}`));
  for (const [kind, key] of [["slider", "sliders"], ["menu", "updatemenus"]] as const) {
    const controls = spec.layout[key];
    if (Array.isArray(controls)) {
      for (const c of controls as Layout[]) {
        const steps = (c["steps"] ?? c["buttons"]) as Layout[] | undefined;
        const prefix = (textOf((c["currentvalue"] as Layout | undefined)?.["prefix"]) || "").replace(/[\s=:]+$/, "");
        const labels = (steps ?? []).map((s) => String(s["label"] ?? ""));
        lines.push(`  ${kind}${prefix ? ` ${prefix.trim()}` : ""}: ${summariseLabels(labels)}`);
      }
    }
  }
  return lines.join("\n");
}

function describeTrace(trace: Trace): string {
  const type = trace.type ?? "scatter";
  const name = trace.name ? `"${trace.name}" ` : "";
  if (trace.z !== undefined) {
    const rows = trace.z.length;
    const cols = rows > 0 ? (trace.z[0]?.length ?? 0) : 0;
    return `${name}${type} ${rows}×${cols}, z ${range(trace.z.flat())}`;
  }
  if (type === "histogram") return `${name}histogram of ${(trace.x ?? trace.y ?? []).length} values, ${range(trace.x ?? trace.y ?? [])}`;
  const n = (trace.y ?? trace.x ?? []).length;
  const parts = [`${name}${type}${trace.mode ? ` (${trace.mode})` : ""}, ${n} points`];
  if (trace.x !== undefined) parts.push(`x ${range(trace.x)}`);
  if (trace.y !== undefined) parts.push(`y ${range(trace.y)}`);
  return parts.join(", ");
}

/** "∈ [min, max]" of the finite numbers in `values`, or the categories. */
function range(values: unknown[]): string {
  const nums = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (nums.length === 0) {
    return values.length > 0 ? `categories ${summariseLabels(values.map(String))}` : "empty";
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of nums) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return `∈ [${fmt(lo)}, ${fmt(hi)}]`;
}

function summariseLabels(labels: string[]): string {
  if (labels.length <= 6) return labels.join(", ");
  return `${labels.slice(0, 3).join(", ")}, …, ${labels.slice(-2).join(", ")} (${labels.length})`;
}

/** Compact number formatting: 4 significant digits. */
export function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function textOf(title: unknown): string {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as Layout)["text"] === "string") return (title as Layout)["text"] as string;
  return "";
}
