// Shared by the compare charts: their props, the select style, and which params vary.
import { looksLikePromptTemplate } from "@/components/compare/rows";
import type { AxisRef, XAxis } from "@/lib/compare-state";
import type { CompareData, MetricHistories } from "@/lib/schemas/compare";

export interface ChartRun {
  id: string;
  name: string;
  color: string;
  /** Index into data.runs. */
  index: number;
}

export interface CompareChartsProps {
  data: CompareData;
  runs: ChartRun[];
  charts: string[];
  xAxis: XAxis;
  parallelMetric: string | null;
  scatterX: AxisRef | null;
  scatterY: string | null;
  onChange: (patch: { charts?: string[]; xAxis?: XAxis; parallelMetric?: string | null; scatterX?: AxisRef | null; scatterY?: string | null }) => void;
}

export const selectClass =
  "h-8 max-w-[16rem] rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export type Loaded = { data?: MetricHistories; error?: string };

export const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Params whose value is not the same for every visible run (prompt-like text excluded). */
export function varyingParams(data: CompareData, runs: ChartRun[]) {
  const out: { key: string; values: (string | null)[]; numeric: boolean }[] = [];
  for (const p of data.params) {
    const values = runs.map((r) => p.values[r.index] ?? null);
    if (new Set(values).size <= 1) continue;
    if (values.some((v) => looksLikePromptTemplate(p.key, v) || (v !== null && v.length > 80))) continue;
    const present = values.filter((v): v is string => v !== null);
    const numeric = present.length === values.length && present.every((v) => v.trim() !== "" && Number.isFinite(Number(v)));
    out.push({ key: p.key, values, numeric });
  }
  return out;
}
