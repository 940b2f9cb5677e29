"use client";
// One overlaid metric-history chart of the compared runs (fetched when it nears the viewport).
import { useCallback, useEffect, useMemo, useRef } from "react";
import { X } from "lucide-react";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { Skeleton } from "@/components/ui/card";
import { finite, type ChartRun, type Loaded } from "@/components/compare/compare-chart-shared";
import type { XAxis } from "@/lib/compare-state";

/** Calls onVisible once the element nears the viewport (at once when `eager`). */
function useInView<T extends Element>(onVisible: () => void, eager = false) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (eager) {
      onVisible();
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          onVisible();
          io.disconnect();
        }
      },
      { rootMargin: "200px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [onVisible, eager]);
  return ref;
}

const EAGER_HISTORY_RUNS = 10;


export function HistoryChart({
  metricKey,
  runs,
  xAxis,
  histories,
  request,
  onRemove,
}: {
  metricKey: string;
  runs: ChartRun[];
  xAxis: XAxis;
  histories: Loaded | undefined;
  request: (key: string) => void;
  onRemove: () => void;
}) {
  // A handful of runs: fetch right after mount (a small request); many: when scrolled to.
  const onVisible = useCallback(() => request(metricKey), [request, metricKey]);
  const ref = useInView<HTMLDivElement>(onVisible, runs.length <= EAGER_HISTORY_RUNS);
  const option = useMemo((): EChartsOption | null => {
    const loaded = histories?.data;
    if (!loaded) return null;
    const series = runs.map((r) => {
      const pts = loaded[r.id] ?? [];
      const t0 = pts.length ? Math.min(...pts.map((p) => p.timestamp)) : 0;
      return {
        type: "line" as const,
        name: r.name,
        showSymbol: pts.length <= 2,
        symbolSize: 5,
        sampling: "lttb" as const,
        lineStyle: { width: 1.5, color: r.color },
        itemStyle: { color: r.color },
        emphasis: { focus: "series" as const },
        data: pts.map((p) => [xAxis === "step" ? p.step : xAxis === "time" ? p.timestamp : (p.timestamp - t0) / 1000, finite(p.value)]),
      };
    });
    return {
      animation: false,
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: runs.length <= 12 ? "axis" : "item", confine: true },
      xAxis: {
        type: xAxis === "time" ? "time" : "value",
        name: xAxis === "step" ? "step" : xAxis === "time" ? "" : "seconds",
        nameLocation: "middle",
        nameGap: 26,
        scale: true,
      },
      yAxis: { type: "value", scale: true },
      series,
    };
  }, [histories, runs, xAxis]);
  const points = histories?.data ? runs.reduce((n, r) => n + (histories.data?.[r.id]?.length ?? 0), 0) : 0;

  return (
    <div ref={ref} className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid={`history-${metricKey}`}>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="min-w-0 flex-1 truncate font-mono text-xs font-semibold" title={metricKey}>
          {metricKey}
        </span>
        {option && <span className="text-[11px] text-zinc-500">{points.toLocaleString("en-US")} points</span>}
        <button type="button" onClick={onRemove} aria-label={`Remove ${metricKey} chart`} className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800">
          <X className="h-3.5 w-3.5" />
        </button>
      </div>
      <div className="p-2">
        {histories?.error ? (
          <p className="p-4 text-sm text-red-600">{histories.error}</p>
        ) : option ? (
          <EChart option={option} height={240} ariaLabel={`History of ${metricKey}`} />
        ) : (
          <Skeleton className="h-[240px] w-full" />
        )}
      </div>
    </div>
  );
}
