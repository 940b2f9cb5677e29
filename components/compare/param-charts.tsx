"use client";
// Parallel coordinates (params that vary → a metric) and a scatter (any param or metric against a
// metric) of the compared runs.
import { useMemo } from "react";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { finite, selectClass, varyingParams, type CompareChartsProps as Props } from "@/components/compare/compare-chart-shared";
import type { AxisRef } from "@/lib/compare-state";
import type { CompareData } from "@/lib/schemas/compare";

const MAX_PARALLEL_AXES = 12;

export function ParallelChart({ data, runs, parallelMetric, onChange }: Props) {
  const params = useMemo(() => varyingParams(data, runs), [data, runs]);
  const metric = parallelMetric && data.metrics.some((m) => m.key === parallelMetric) ? parallelMetric : (data.metrics[0]?.key ?? null);
  const option = useMemo((): EChartsOption | null => {
    if (!metric || params.length === 0) return null;
    const axesParams = params.slice(0, MAX_PARALLEL_AXES);
    const mrow = data.metrics.find((m) => m.key === metric)!;
    const parallelAxis = [
      ...axesParams.map((p, dim) =>
        p.numeric
          ? { dim, name: p.key, type: "value" as const, scale: true }
          : { dim, name: p.key, type: "category" as const, data: [...new Set(p.values.map((v) => v ?? "—"))].sort() },
      ),
      { dim: axesParams.length, name: metric, type: "value" as const, scale: true, nameTextStyle: { fontWeight: "bold" as const } },
    ];
    const lines = runs.map((r, i) => ({
      name: r.name,
      value: [...axesParams.map((p) => (p.numeric ? Number(p.values[i]) : (p.values[i] ?? "—"))), finite(mrow.values[r.index]?.value ?? NaN) ?? "-"],
      lineStyle: { color: r.color, width: 2, opacity: 0.85 },
    }));
    return {
      animation: false,
      tooltip: { trigger: "item", confine: true, formatter: (p: unknown) => (p as { name: string }).name },
      parallel: { left: 48, right: 80, top: 36, bottom: 28, parallelAxisDefault: { nameLocation: "start", nameGap: 14, nameTextStyle: { fontSize: 11 }, axisLabel: { fontSize: 10 } } },
      parallelAxis,
      series: [{ type: "parallel", data: lines, smooth: false, inactiveOpacity: 0.1, activeOpacity: 1 }],
    } as EChartsOption;
  }, [data.metrics, metric, params, runs]);

  return (
    <Card>
      <CardHeader
        title="Parallel coordinates"
        description={`Params that differ between the visible runs${params.length > MAX_PARALLEL_AXES ? ` (first ${MAX_PARALLEL_AXES} of ${params.length})` : ""} → a metric.`}
        actions={
          data.metrics.length > 0 && (
            <select className={selectClass} value={metric ?? ""} onChange={(e) => onChange({ parallelMetric: e.target.value })} aria-label="Parallel coordinates metric">
              {data.metrics.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.key}
                </option>
              ))}
            </select>
          )
        }
      />
      <div className="p-3">
        {option ? (
          <EChart option={option} height={300} ariaLabel="Parallel coordinates of params and a metric" />
        ) : (
          <EmptyState title={metric ? "No params differ" : "No metrics"}>{metric ? "All visible runs share the same params." : "Log a metric to plot it against params."}</EmptyState>
        )}
      </div>
    </Card>
  );
}

function axisValue(data: CompareData, axis: AxisRef, index: number): number | string | null {
  if (axis.kind === "metric") {
    const v = data.metrics.find((m) => m.key === axis.key)?.values[index]?.value;
    return v === undefined || !Number.isFinite(v) ? null : v;
  }
  const v = data.params.find((p) => p.key === axis.key)?.values[index];
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : v;
}

export function ScatterChart({ data, runs, scatterX, scatterY, onChange }: Props) {
  const params = useMemo(() => varyingParams(data, runs), [data, runs]);
  const metrics = useMemo(() => data.metrics.map((m) => m.key), [data.metrics]);
  const y = scatterY && metrics.includes(scatterY) ? scatterY : (metrics[0] ?? null);
  const x = useMemo(
    (): AxisRef | null => scatterX ?? (params[0] ? { kind: "param", key: params[0].key } : metrics.length > 1 ? { kind: "metric", key: metrics.find((k) => k !== y)! } : null),
    [scatterX, params, metrics, y],
  );

  const option = useMemo((): EChartsOption | null => {
    if (!x || !y) return null;
    const pts = runs.map((r) => ({ r, xv: axisValue(data, x, r.index), yv: axisValue(data, { kind: "metric", key: y }, r.index) })).filter((p) => p.xv !== null && p.yv !== null);
    if (pts.length === 0) return null;
    const categorical = pts.some((p) => typeof p.xv === "string");
    const cats = categorical ? [...new Set(pts.map((p) => String(p.xv)))].sort() : [];
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 24, bottom: 44 },
      tooltip: { trigger: "item", confine: true, formatter: (p: unknown) => {
        const d = p as { seriesName: string; value: [number | string, number] };
        return `${d.seriesName}<br/>${x.key}: ${d.value[0]}<br/>${y}: ${d.value[1]}`;
      } },
      xAxis: categorical ? { type: "category", data: cats, name: x.key, nameLocation: "middle", nameGap: 28 } : { type: "value", scale: true, name: x.key, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value", scale: true, name: y, nameLocation: "end" },
      series: pts.map(({ r, xv, yv }) => ({
        type: "scatter" as const,
        name: r.name,
        symbolSize: 11,
        itemStyle: { color: r.color, borderColor: "#fff", borderWidth: 1 },
        label: runs.length <= 12 ? { show: true, position: "right" as const, formatter: r.name, fontSize: 10, color: "inherit" } : undefined,
        data: [[categorical ? String(xv) : (xv as number), yv as number]],
      })),
    } as EChartsOption;
  }, [data, runs, x, y]);

  const xValue = x ? `${x.kind === "param" ? "p" : "m"}:${x.key}` : "";
  return (
    <Card>
      <CardHeader
        title="Scatter"
        description="Any param or metric against a metric, one point per run."
        actions={
          <>
            <select
              className={cn(selectClass, "max-w-[11rem]")}
              value={xValue}
              aria-label="Scatter x axis"
              onChange={(e) => {
                const v = e.target.value;
                onChange({ scatterX: { kind: v.startsWith("p:") ? "param" : "metric", key: v.slice(2) } });
              }}
            >
              {!x && <option value="">x axis…</option>}
              <optgroup label="Params">
                {data.params.map((p) => (
                  <option key={p.key} value={`p:${p.key}`}>
                    {p.key}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Metrics">
                {metrics.map((k) => (
                  <option key={k} value={`m:${k}`}>
                    {k}
                  </option>
                ))}
              </optgroup>
            </select>
            <span className="text-xs text-zinc-500">vs</span>
            <select className={cn(selectClass, "max-w-[11rem]")} value={y ?? ""} aria-label="Scatter y axis" onChange={(e) => onChange({ scatterY: e.target.value })}>
              {metrics.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </>
        }
      />
      <div className="p-3">
        {option ? <EChart option={option} height={300} ariaLabel="Scatter of runs" /> : <EmptyState title="Nothing to plot">Pick an x axis and a metric that the visible runs have.</EmptyState>}
      </div>
    </Card>
  );
}
