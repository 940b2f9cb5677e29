"use client";
// One metric's history as an ECharts line (canvas). A long history is sampled in SQL to 1,000
// steps (first and last kept, one index probe each — see lib/domain/metric-series.ts) and
// thinned again by ECharts' LTTB sampling, so a million-step metric costs the same to fetch and
// draw as a short one. Loads when scrolled into view.
import { Loader2 } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { getMetricSeriesAction, type MetricSeries } from "@/lib/actions/runs";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { Num } from "@/components/ui/num";
import { formatDuration, formatNumber, formatTimestamp } from "@/lib/format";

export type XAxisMode = "step" | "time" | "relative";

export function MetricChart({ runId, metricKey, latest, xAxis, height = 200 }: { runId: string; metricKey: string; latest: number; xAxis: XAxisMode; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [series, setSeries] = useState<MetricSeries | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        io.disconnect();
      }
    }, { rootMargin: "300px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!visible) return;
    let live = true;
    getMetricSeriesAction({ runId, key: metricKey }).then(
      (r) => {
        if (!live) return;
        if (r.ok) setSeries(r.data);
        else setError(r.message ?? "Could not load the history");
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : "Could not load the history"),
    );
    return () => {
      live = false;
    };
  }, [visible, runId, metricKey]);

  const option = useMemo<EChartsOption | null>(() => {
    if (!series) return null;
    const t0 = series.points[0]?.[1] ?? 0;
    const x = (p: [number, number, number]) => (xAxis === "step" ? p[0] : xAxis === "time" ? p[1] : p[1] - t0);
    const data = series.points.map((p) => [x(p), Number.isFinite(p[2]) ? p[2] : null, p[0]]);
    const single = data.length <= 1;
    const fmtX = (v: number) => (xAxis === "step" ? formatNumber(v) : xAxis === "time" ? formatTimestamp(v).slice(5, 16) : formatDuration(v));
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "line" },
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { value: [number, number | null, number] };
          const [xv, yv, step] = p.value;
          const where = xAxis === "step" ? `step ${formatNumber(step)}` : `${xAxis === "time" ? formatTimestamp(xv) : formatDuration(xv)} · step ${formatNumber(step)}`;
          return `<div style="font-size:12px"><div style="opacity:.7">${where}</div><b>${yv === null ? "NaN" : formatNumber(yv, 6)}</b></div>`;
        },
      },
      xAxis: {
        type: xAxis === "time" ? "time" : "value",
        min: "dataMin",
        max: "dataMax",
        axisLabel: { hideOverlap: true, fontSize: 11, formatter: xAxis === "time" ? undefined : (v: number) => fmtX(v) },
        splitLine: { show: false },
      },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 11, formatter: (v: number) => formatNumber(v, 3) }, splitLine: { lineStyle: { opacity: 0.4 } } },
      dataZoom: [{ type: "inside", throttle: 50 }],
      series: [
        {
          type: "line",
          data,
          showSymbol: single,
          symbolSize: 6,
          sampling: "lttb",
          connectNulls: false,
          lineStyle: { width: 1.5 },
          color: "#6366f1",
          emphasis: { disabled: true },
        },
      ],
    };
  }, [series, xAxis]);

  return (
    <figure ref={ref} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40" aria-label={`Metric ${metricKey}`}>
      <figcaption className="mb-1 flex items-baseline justify-between gap-3">
        <span className="truncate font-mono text-sm font-medium" title={metricKey}>
          {metricKey}
        </span>
        <span className="shrink-0 text-sm text-zinc-600 dark:text-zinc-300">
          <Num value={latest} digits={5} />
        </span>
      </figcaption>
      <div style={{ height }}>
        {error ? (
          <p role="alert" className="p-4 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : option ? (
          <EChart option={option} height={height} ariaLabel={`${metricKey} over ${xAxis === "step" ? "steps" : "time"}`} />
        ) : (
          <div className="flex h-full items-center justify-center text-zinc-400">
            <Loader2 className="h-4 w-4 animate-spin" />
          </div>
        )}
      </div>
      {series && series.points.length > 0 && (
        <p className="mt-1 text-right text-[11px] text-zinc-400 tabular-nums">
          {series.points.length.toLocaleString("en-US")} {series.sampled ? "sampled " : ""}points · steps {formatNumber(series.points[0][0])}–{formatNumber(series.points[series.points.length - 1][0])}
        </p>
      )}
    </figure>
  );
}
