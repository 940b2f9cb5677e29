"use client";
// The run page's Metrics tab: a searchable grid with one chart per metric, over step, wall time
// or time since the run started. Charts load as they scroll into view.
import { Search } from "lucide-react";
import { useState } from "react";
import { MetricChart, type XAxisMode } from "@/components/metrics/metric-chart";
import { inputClass } from "@/components/ui/input";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const PAGE = 24;

export function MetricCharts({ runId, metrics }: { runId: string; metrics: { key: string; value: number }[] }) {
  const [query, setQuery] = useState("");
  const [xAxis, setXAxis] = useState<XAxisMode>("step");
  const [limit, setLimit] = useState(PAGE);
  if (metrics.length === 0) return <EmptyState title="No metrics logged">Metrics logged with mlflow.log_metric() are charted here, one chart per key.</EmptyState>;
  const q = query.trim().toLowerCase();
  const shown = q ? metrics.filter((m) => m.key.toLowerCase().includes(q)) : metrics;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative w-full max-w-xs">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-zinc-400" />
          <input type="search" aria-label="Search metrics" placeholder={`Search ${metrics.length} metrics…`} value={query} onChange={(e) => setQuery(e.target.value)} className={cn(inputClass, "h-8 pl-8")} />
        </div>
        <div role="radiogroup" aria-label="X axis" className="inline-flex rounded-md bg-zinc-100 p-0.5 text-xs dark:bg-zinc-800">
          {(
            [
              ["step", "Step"],
              ["time", "Wall time"],
              ["relative", "Relative time"],
            ] as const
          ).map(([v, label]) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={xAxis === v}
              onClick={() => setXAxis(v)}
              className={cn("rounded px-2.5 py-1 font-medium", xAxis === v ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400")}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Scroll or pinch on a chart to zoom</span>
      </div>
      {shown.length === 0 ? (
        <p className="py-8 text-center text-sm text-zinc-500">No metric matches “{query}”.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
          {shown.slice(0, limit).map((m) => (
            <MetricChart key={m.key} runId={runId} metricKey={m.key} latest={m.value} xAxis={xAxis} />
          ))}
        </div>
      )}
      {shown.length > limit && (
        <div className="text-center">
          <button type="button" onClick={() => setLimit(limit + PAGE)} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Show {Math.min(PAGE, shown.length - limit)} more of {shown.length - limit} remaining charts
          </button>
        </div>
      )}
    </div>
  );
}
