"use client";
// Charts of the compared runs: overlaid metric histories (one chart per chosen metric, every
// visible run on the same axes; histories are fetched only when a chart scrolls into view),
// parallel coordinates over the params that vary → a chosen metric, and a scatter of any param
// or metric against a metric. Colours match the run headers.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { X } from "lucide-react";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { Card, CardHeader, EmptyState, Skeleton } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { looksLikePromptTemplate } from "@/components/compare/rows";
import { loadMetricHistoriesAction } from "@/lib/actions/compare";
import type { AxisRef, XAxis } from "@/lib/compare-state";
import type { CompareData, MetricHistories } from "@/lib/schemas/compare";

export interface ChartRun {
  id: string;
  name: string;
  color: string;
  /** Index into data.runs. */
  index: number;
}

interface Props {
  data: CompareData;
  runs: ChartRun[];
  charts: string[];
  xAxis: XAxis;
  parallelMetric: string | null;
  scatterX: AxisRef | null;
  scatterY: string | null;
  onChange: (patch: { charts?: string[]; xAxis?: XAxis; parallelMetric?: string | null; scatterX?: AxisRef | null; scatterY?: string | null }) => void;
}

const selectClass =
  "h-8 max-w-[16rem] rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export function CompareCharts(props: Props) {
  const { data, runs, charts } = props;
  const metricKeys = useMemo(() => data.metrics.map((m) => m.key), [data.metrics]);
  const allRunIds = useMemo(() => data.runs.map((r) => r.id), [data.runs]);

  // Histories, fetched once per metric for every run in the comparison (hiding runs never refetches).
  const [histories, setHistories] = useState<Record<string, Loaded>>({});
  const requested = useRef(new Set<string>());
  const request = useCallback(
    (key: string) => {
      if (requested.current.has(key)) return;
      requested.current.add(key);
      loadMetricHistoriesAction({ runIds: allRunIds, metricKey: key, maxPoints: 1000 })
        .then((r) => setHistories((h) => ({ ...h, [key]: r.ok ? { data: r.data } : { error: r.message } })))
        .catch((e: unknown) => setHistories((h) => ({ ...h, [key]: { error: e instanceof Error ? e.message : String(e) } })));
    },
    [allRunIds],
  );

  const addable = metricKeys.filter((k) => !charts.includes(k));

  return (
    <div className="space-y-4" id="charts">
      <Card>
        <CardHeader
          title="Metric histories"
          description="Every visible run on the same axes, one chart per metric. Click the chart icon next to a metric to add it here."
          actions={
            <>
              <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
                X axis
                <select className={selectClass} value={props.xAxis} onChange={(e) => props.onChange({ xAxis: e.target.value as XAxis })} aria-label="History x axis">
                  <option value="step">Step</option>
                  <option value="time">Wall time</option>
                  <option value="rel">Relative time</option>
                </select>
              </label>
              {addable.length > 0 && (
                <select
                  className={selectClass}
                  value=""
                  aria-label="Add a history chart"
                  onChange={(e) => e.target.value && props.onChange({ charts: [...charts, e.target.value] })}
                >
                  <option value="">+ Add chart…</option>
                  {addable.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              )}
            </>
          }
        />
        <div className="p-4">
          {metricKeys.length === 0 ? (
            <EmptyState title="No metrics to chart">None of the compared runs logged a metric.</EmptyState>
          ) : charts.length === 0 ? (
            <EmptyState title="No charts chosen">Pick a metric with “Add chart”.</EmptyState>
          ) : (
            <div className="grid gap-4 md:grid-cols-2">
              {charts.map((key) => (
                <HistoryChart
                  key={key}
                  metricKey={key}
                  runs={runs}
                  xAxis={props.xAxis}
                  histories={histories[key]}
                  request={request}
                  onRemove={() => props.onChange({ charts: charts.filter((k) => k !== key) })}
                />
              ))}
            </div>
          )}
        </div>
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <ParallelChart {...props} />
        <ScatterChart {...props} />
      </div>
    </div>
  );
}

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

type Loaded = { data?: MetricHistories; error?: string };

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function HistoryChart({
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

/** Params whose value is not the same for every visible run (prompt-like text excluded). */
function varyingParams(data: CompareData, runs: ChartRun[]) {
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

const MAX_PARALLEL_AXES = 12;

function ParallelChart({ data, runs, parallelMetric, onChange }: Props) {
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

function ScatterChart({ data, runs, scatterX, scatterY, onChange }: Props) {
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
