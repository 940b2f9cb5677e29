// The experiment page's Charts view state as it lives in the URL, beside the runs table's own
// state (?q=…&view=… are shared: the panels follow the table's filter). Pure (no server-only):
// the page parses it on the server, the charts view rewrites it in the browser.
//
//   tab=charts              the Charts view (absent = the table)
//   p=<panel>,<panel>,…     the panels in order ("p=" = none; absent = built automatically)
//     m~<size>~<metric>             one metric: bars when it is a scalar, lines when a history
//     s~<size>~<axis>~<axis>        scatter, x then y
//     pc~<size>~<axis>;<axis>;…     parallel coordinates (empty axis list = chosen automatically)
//   <axis> = m:<metric key> | p:<param key>; <size> = 1 (a third) | 2 (two thirds) | 3 (full width)
//   g=p:<key> | t:<key> | prompt    group runs by a param, a tag or the linked prompt version
//
// MLflow keys are letters, digits and `_ / . - : space` (lib/domain/validation.ts), so `,`, `~`
// and `;` never occur inside one.
import type { SearchParams } from "@/lib/schemas/ui-runs-table";

export type ChartAxis = { kind: "metric" | "param"; key: string };
export type PanelSize = 1 | 2 | 3;

export type ChartPanel =
  | { type: "metric"; size: PanelSize; key: string }
  | { type: "scatter"; size: PanelSize; x: ChartAxis | null; y: ChartAxis | null }
  | { type: "parallel"; size: PanelSize; axes: ChartAxis[] };

export type GroupBy = { kind: "param" | "tag"; key: string } | { kind: "prompt" };

export interface RunChartsState {
  tab: "table" | "charts";
  /** null = build the panels automatically from the experiment's metrics. */
  panels: ChartPanel[] | null;
  group: GroupBy | null;
}

export const MAX_PANELS = 60;
const KEY = /^[\p{L}\p{N}_/.\- :]{1,250}$/u;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export function parseAxis(s: string): ChartAxis | null {
  const kind = s.startsWith("m:") ? "metric" : s.startsWith("p:") ? "param" : null;
  const key = s.slice(2);
  return kind && KEY.test(key) ? { kind, key } : null;
}

export function axisToken(a: ChartAxis): string {
  return `${a.kind === "metric" ? "m" : "p"}:${a.key}`;
}

function parseSize(s: string | undefined): PanelSize {
  return s === "2" ? 2 : s === "3" ? 3 : 1;
}

export function parsePanel(token: string): ChartPanel | null {
  const [type, size, ...rest] = token.split("~");
  if (type === "m" && rest.length === 1 && KEY.test(rest[0])) return { type: "metric", size: parseSize(size), key: rest[0] };
  if (type === "s" && rest.length === 2) return { type: "scatter", size: parseSize(size), x: parseAxis(rest[0]), y: parseAxis(rest[1]) };
  if (type === "pc" && rest.length <= 1) {
    const axes = (rest[0] ?? "").split(";").filter(Boolean).map(parseAxis).filter((a): a is ChartAxis => a !== null);
    return { type: "parallel", size: 3, axes: axes.slice(0, 24) };
  }
  return null;
}

export function panelToken(p: ChartPanel): string {
  if (p.type === "metric") return `m~${p.size}~${p.key}`;
  if (p.type === "scatter") return `s~${p.size}~${p.x ? axisToken(p.x) : ""}~${p.y ? axisToken(p.y) : ""}`;
  return `pc~3~${p.axes.map(axisToken).join(";")}`;
}

export function parseGroupBy(s: unknown): GroupBy | null {
  if (typeof s !== "string") return null;
  if (s === "prompt") return { kind: "prompt" };
  const kind = s.startsWith("p:") ? "param" : s.startsWith("t:") ? "tag" : null;
  const key = s.slice(2);
  return kind && KEY.test(key) ? { kind, key } : null;
}

export function groupByToken(g: GroupBy): string {
  return g.kind === "prompt" ? "prompt" : `${g.kind === "param" ? "p" : "t"}:${g.key}`;
}

export function groupByLabel(g: GroupBy): string {
  return g.kind === "prompt" ? "prompt version" : g.key;
}

export function parseRunChartsState(params: SearchParams | URLSearchParams): RunChartsState {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : first(params[k]));
  const tab = get("tab") === "charts" ? "charts" : "table";
  const raw = get("p");
  let panels: ChartPanel[] | null = null;
  if (typeof raw === "string" && raw.length <= 20_000) {
    panels = raw
      .split(",")
      .filter(Boolean)
      .map(parsePanel)
      .filter((p): p is ChartPanel => p !== null)
      .slice(0, MAX_PANELS);
  }
  return { tab, panels, group: parseGroupBy(get("g")) };
}

/** Writes the charts state into `p` (a copy of the current query), leaving other keys alone. */
export function writeRunChartsState(current: URLSearchParams, state: RunChartsState): URLSearchParams {
  const p = new URLSearchParams(current);
  if (state.tab === "charts") p.set("tab", "charts");
  else p.delete("tab");
  if (state.panels) p.set("p", state.panels.map(panelToken).join(","));
  else p.delete("p");
  if (state.group) p.set("g", groupByToken(state.group));
  else p.delete("g");
  return p;
}
