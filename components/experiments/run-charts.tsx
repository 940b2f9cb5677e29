"use client";
// The experiment's Charts view: a panel per metric (bars for one-step metrics, lines for
// histories), a scatter and a full-width parallel-coordinates panel whose brushing selects runs
// for every other panel. Panels follow the table's filter; adding, removing and resizing them
// rewrites `p` in the URL (lib/schemas/ui-run-charts.ts). At 10k runs the server sends a sample
// (lib/domain/runs/charts.ts) and the header says so.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Maximize2, Minimize2, X } from "lucide-react";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { RunFilterBox } from "@/components/runs/run-filter-box";
import { runColor } from "@/components/compare/run-colors";
import { EmptyState, Skeleton } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/lib/format";
import { loadMetricHistoriesAction } from "@/lib/actions/compare";
import type { MetricHistories } from "@/lib/schemas/compare";
import type { FilterError } from "@/lib/schemas/ui-runs-table";
import {
  axisToken,
  groupByLabel,
  groupByToken,
  parseAxis,
  parseGroupBy,
  writeRunChartsState,
  type ChartAxis,
  type ChartPanel,
  type GroupBy,
  type PanelSize,
  type RunChartsState,
} from "@/lib/schemas/ui-run-charts";

export interface ChartsRun {
  id: string;
  name: string;
  order: number;
  leading: boolean;
  group: string | null;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

export interface ChartsData {
  total: number;
  sampled: boolean;
  runs: ChartsRun[];
  metrics: { key: string; history: boolean }[];
  params: { key: string; numeric: boolean; distinct: number }[];
  groups: { value: string | null; count: number; metrics: Record<string, { n: number; mean: number; min: number; max: number }> }[] | null;
  moreMetricKeys: number;
}

const AUTO_METRIC_PANELS = 24;
/** Bars per run (ungrouped) and lines per history chart: the first runs in the table's order. */
const BAR_RUNS = 30;
const LINE_RUNS = 10;

const selectClass = "h-8 max-w-[14rem] rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/** The panels shown when the URL names none: parallel coordinates, one per metric, a scatter. */
export function autoPanels(data: ChartsData): ChartPanel[] {
  return [
    { type: "parallel", size: 3, axes: [] },
    ...data.metrics.slice(0, AUTO_METRIC_PANELS).map((m): ChartPanel => ({ type: "metric", size: 1, key: m.key })),
    { type: "scatter", size: 1, x: null, y: null },
  ];
}

function axisLabel(a: ChartAxis) {
  return a.key;
}

function axisValue(run: ChartsRun, a: ChartAxis): number | string | null {
  if (a.kind === "metric") {
    const v = run.metrics[a.key];
    return v === undefined || !Number.isFinite(v) ? null : v;
  }
  const v = run.params[a.key];
  if (v === undefined) return null;
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : v;
}

/** Parallel axes when none are chosen: params that vary (up to 6), then up to 3 metrics. */
function defaultParallelAxes(data: ChartsData): ChartAxis[] {
  const params = data.params.filter((p) => p.distinct > 1).slice(0, 6).map((p): ChartAxis => ({ kind: "param", key: p.key }));
  const metrics = data.metrics.filter((m) => !m.key.startsWith("system/")).slice(0, 3).map((m): ChartAxis => ({ kind: "metric", key: m.key }));
  return [...params, ...metrics];
}

type Intervals = Record<string, [number, number][]>;

export function RunCharts({
  experimentId,
  data,
  state,
  filter,
  filterError,
}: {
  experimentId: string;
  data: ChartsData;
  state: RunChartsState;
  filter: string;
  filterError: FilterError | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const panels = useMemo(() => state.panels ?? autoPanels(data), [state.panels, data]);

  const navigate = useCallback(
    (patch: Partial<RunChartsState>, extra?: Record<string, string | null>) => {
      const next = writeRunChartsState(new URLSearchParams(searchParams.toString()), { ...state, panels, ...patch });
      for (const [k, v] of Object.entries(extra ?? {})) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      next.delete("page");
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [searchParams, state, panels, pathname, router],
  );
  const setPanels = (next: ChartPanel[]) => navigate({ panels: next });

  // Brushing on parallel coordinates: intervals per axis token → the runs inside all of them.
  const [brush, setBrush] = useState<Intervals>({});
  const parallel = panels.find((p): p is Extract<ChartPanel, { type: "parallel" }> => p.type === "parallel");
  const parallelAxes = useMemo(() => (parallel && parallel.axes.length ? parallel.axes : defaultParallelAxes(data)), [parallel, data]);
  const selected = useMemo(() => {
    const active = Object.entries(brush).filter(([, iv]) => iv.length > 0);
    if (!active.length) return null;
    const ids = new Set<string>();
    for (const run of data.runs) {
      const inside = active.every(([token, iv]) => {
        const axis = parseAxis(token);
        if (!axis) return true;
        const v = axisValue(run, axis);
        if (v === null) return false;
        const x = typeof v === "number" && isNumericAxis(data, axis) ? v : categoryIndex(data, axis, v);
        return iv.some(([lo, hi]) => x >= lo && x <= hi);
      });
      if (inside) ids.add(run.id);
    }
    return ids;
  }, [brush, data]);
  const runs = useMemo(() => (selected ? data.runs.filter((r) => selected.has(r.id)) : data.runs), [data.runs, selected]);
  const brushFilter = useMemo(() => filterFromBrush(data, brush), [data, brush]);

  const groupColors = useMemo(() => {
    const m = new Map<string | null, string>();
    (data.groups ?? []).forEach((g, i) => m.set(g.value, runColor(i)));
    return m;
  }, [data.groups]);
  const colorOf = useCallback((r: ChartsRun) => (state.group ? (groupColors.get(r.group) ?? "#a1a1aa") : runColor(r.order)), [state.group, groupColors]);

  const metricKeysInPanels = new Set(panels.filter((p) => p.type === "metric").map((p) => (p as { key: string }).key));
  const addable = data.metrics.filter((m) => !metricKeysInPanels.has(m.key));

  return (
    <div className="space-y-4" data-testid="run-charts">
      <div className="flex flex-wrap items-start gap-2">
        <RunFilterBox experimentId={experimentId} value={filter} error={filterError} onApply={(q) => navigate({}, { q: q || null })} />
        <label className="flex h-9 items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
          Group by
          <select
            className={selectClass}
            aria-label="Group runs by"
            value={state.group ? groupByToken(state.group) : ""}
            onChange={(e) => navigate({ group: parseGroupBy(e.target.value) })}
          >
            <option value="">No grouping</option>
            <option value="prompt">Prompt version</option>
            <optgroup label="Params">
              {data.params.map((p) => (
                <option key={p.key} value={`p:${p.key}`}>
                  {p.key}
                </option>
              ))}
            </optgroup>
            {state.group?.kind === "tag" && (
              <optgroup label="Tags">
                <option value={groupByToken(state.group)}>{state.group.key}</option>
              </optgroup>
            )}
          </select>
        </label>
        <select
          className={cn(selectClass, "h-9")}
          aria-label="Add a chart panel"
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (!v) return;
            if (v === "@scatter") setPanels([...panels, { type: "scatter", size: 1, x: null, y: null }]);
            else if (v === "@parallel") setPanels([{ type: "parallel", size: 3, axes: [] }, ...panels]);
            else setPanels([...panels, { type: "metric", size: 1, key: v }]);
          }}
        >
          <option value="">+ Add panel…</option>
          <option value="@scatter">Scatter</option>
          {!parallel && <option value="@parallel">Parallel coordinates</option>}
          {addable.length > 0 && (
            <optgroup label="Metrics">
              {addable.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.key}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        {state.panels && (
          <button type="button" className="h-9 px-1 text-xs text-zinc-500 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100" onClick={() => navigate({ panels: null })}>
            Reset panels
          </button>
        )}
      </div>

      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="charts-summary">
        {data.total.toLocaleString("en-US")} {data.total === 1 ? "run matches" : "runs match"}
        {filter ? " the filter" : ""}
        {data.sampled && (
          <>
            {" "}· charts show a sample of {data.runs.length.toLocaleString("en-US")} (the first {BAR_RUNS} in the table&apos;s order and an even spread of the rest)
          </>
        )}
        {state.group && data.groups && (
          <>
            {" "}· grouped by <b>{groupByLabel(state.group)}</b>: {data.groups.length} groups, counts and mean/min/max over all {data.total.toLocaleString("en-US")} runs
          </>
        )}
        {data.moreMetricKeys > 0 && <> · {data.moreMetricKeys} more metric keys not charted</>}
      </p>

      {selected && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-100">
          <span>
            <b>{selected.size.toLocaleString("en-US")}</b> of {data.runs.length.toLocaleString("en-US")} charted runs selected by brushing
          </span>
          {brushFilter.filter && (
            <button
              type="button"
              className="font-medium underline"
              onClick={() => {
                setBrush({});
                navigate({}, { q: filter ? `${filter} AND ${brushFilter.filter}` : brushFilter.filter });
              }}
            >
              Filter the table to these ranges
            </button>
          )}
          {brushFilter.skipped.length > 0 && <span className="text-xs opacity-80">({brushFilter.skipped.join(", ")}: not expressible as a filter)</span>}
          <button type="button" className="ml-auto text-xs underline" onClick={() => setBrush({})}>
            Clear selection
          </button>
        </div>
      )}

      {data.total === 0 ? (
        <EmptyState title="No runs to chart">{filter ? "No run matches the filter." : "Log runs with metrics and they are charted here."}</EmptyState>
      ) : panels.length === 0 ? (
        <EmptyState title="No panels">Add one with “Add panel”, or reset to the automatic panels.</EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          {panels.map((panel, i) => {
            const update = (p: ChartPanel | null) => setPanels(p ? panels.map((q, j) => (j === i ? p : q)) : panels.filter((_, j) => j !== i));
            const key = panel.type === "metric" ? `m:${panel.key}` : `${panel.type}:${i}`;
            return (
              <PanelFrame key={key} panel={panel} title={panelTitle(panel)} onChange={update}>
                {panel.type === "metric" ? (
                  <MetricPanel metricKey={panel.key} data={data} runs={runs} group={state.group} colorOf={colorOf} groupColors={groupColors} />
                ) : panel.type === "scatter" ? (
                  <ScatterPanel panel={panel} data={data} runs={runs} colorOf={colorOf} onChange={update} />
                ) : (
                  <ParallelPanel panel={panel} axes={parallelAxes} data={data} colorOf={colorOf} onBrush={setBrush} onChange={update} />
                )}
              </PanelFrame>
            );
          })}
        </div>
      )}
    </div>
  );
}

function panelTitle(p: ChartPanel) {
  return p.type === "metric" ? p.key : p.type === "scatter" ? "Scatter" : "Parallel coordinates";
}

const SPAN: Record<PanelSize, string> = { 1: "lg:col-span-1", 2: "lg:col-span-2", 3: "lg:col-span-3" };

function PanelFrame({ panel, title, onChange, children }: { panel: ChartPanel; title: string; onChange: (p: ChartPanel | null) => void; children: React.ReactNode }) {
  const canResize = panel.type !== "parallel";
  const next = (panel.size % 3) + 1;
  return (
    <section aria-label={`${title} panel`} className={cn("min-w-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40", SPAN[panel.size])}>
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <h3 className={cn("min-w-0 flex-1 truncate text-sm font-medium", panel.type === "metric" && "font-mono")} title={title}>
          {title}
        </h3>
        {canResize && (
          <button
            type="button"
            onClick={() => onChange({ ...panel, size: next as PanelSize })}
            aria-label={`${next > panel.size ? "Widen" : "Narrow"} ${title} panel`}
            title={next > panel.size ? "Wider" : "Narrower"}
            className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            {next > panel.size ? <Maximize2 className="h-3.5 w-3.5" /> : <Minimize2 className="h-3.5 w-3.5" />}
          </button>
        )}
        <button
          type="button"
          onClick={() => onChange(null)}
          aria-label={`Remove ${title} panel`}
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <X className="h-3.5 w-3.5" />
        </button>
      </header>
      <div className="p-2">{children}</div>
    </section>
  );
}

// ───────────────────────────── Metric panels ─────────────────────────────

function MetricPanel({
  metricKey,
  data,
  runs,
  group,
  colorOf,
  groupColors,
}: {
  metricKey: string;
  data: ChartsData;
  runs: ChartsRun[];
  group: GroupBy | null;
  colorOf: (r: ChartsRun) => string;
  groupColors: Map<string | null, string>;
}) {
  const meta = data.metrics.find((m) => m.key === metricKey);
  if (!meta) return <p className="p-6 text-center text-sm text-zinc-500">No charted run logged {metricKey}.</p>;
  if (meta.history) return <HistoryPanel metricKey={metricKey} runs={runs} colorOf={colorOf} />;
  if (group && data.groups) return <GroupBars metricKey={metricKey} groups={data.groups} colors={groupColors} />;
  return <RunBars metricKey={metricKey} runs={runs} colorOf={colorOf} />;
}

function RunBars({ metricKey, runs, colorOf }: { metricKey: string; runs: ChartsRun[]; colorOf: (r: ChartsRun) => string }) {
  const shown = useMemo(() => runs.filter((r) => Number.isFinite(r.metrics[metricKey])).slice(0, BAR_RUNS), [runs, metricKey]);
  const option = useMemo(
    (): EChartsOption => ({
      animation: false,
      grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", confine: true, formatter: (p: unknown) => { const d = p as { name: string; value: number }; return `${escapeHtml(d.name)}<br/><b>${formatNumber(d.value, 6)}</b>`; } },
      xAxis: { type: "category", data: shown.map((r) => r.name), axisLabel: { show: shown.length <= 12, fontSize: 10, interval: 0, rotate: shown.length > 6 ? 30 : 0, width: 80, overflow: "truncate" } },
      yAxis: { type: "value", scale: false, axisLabel: { fontSize: 11, formatter: (v: number) => formatNumber(v, 3) } },
      series: [{ type: "bar", data: shown.map((r) => ({ value: r.metrics[metricKey], itemStyle: { color: colorOf(r) } })), barMaxWidth: 28 }],
    }),
    [shown, metricKey, colorOf],
  );
  if (!shown.length) return <p className="p-6 text-center text-sm text-zinc-500">No selected run logged {metricKey}.</p>;
  return (
    <>
      <EChart option={option} height={220} ariaLabel={`${metricKey} per run, bar chart`} />
      <p className="px-1 text-[11px] text-zinc-500 dark:text-zinc-400">
        one-step metric · {shown.length} {shown.length === 1 ? "run" : "runs"}
        {runs.length > shown.length ? ` (the first ${shown.length} in the table's order)` : ""}
      </p>
    </>
  );
}

function GroupBars({ metricKey, groups, colors }: { metricKey: string; groups: NonNullable<ChartsData["groups"]>; colors: Map<string | null, string> }) {
  const shown = groups.filter((g) => g.metrics[metricKey]);
  const option = useMemo((): EChartsOption => {
    const names = shown.map((g) => g.value ?? "(none)");
    return {
      animation: false,
      grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        confine: true,
        formatter: (p: unknown) => {
          const i = (Array.isArray(p) ? p[0] : p) as { dataIndex: number };
          const g = shown[i.dataIndex];
          const s = g.metrics[metricKey];
          return `${escapeHtml(g.value ?? "(none)")} · ${g.count} runs<br/>mean <b>${formatNumber(s.mean, 5)}</b><br/>min ${formatNumber(s.min, 5)} · max ${formatNumber(s.max, 5)} (n=${s.n})`;
        },
      },
      xAxis: { type: "category", data: names, axisLabel: { fontSize: 10, interval: 0, rotate: names.length > 5 ? 30 : 0, width: 90, overflow: "truncate" } },
      yAxis: { type: "value", axisLabel: { fontSize: 11, formatter: (v: number) => formatNumber(v, 3) } },
      series: [
        { type: "bar", name: "mean", data: shown.map((g) => ({ value: g.metrics[metricKey].mean, itemStyle: { color: colors.get(g.value) } })), barMaxWidth: 36 },
        { type: "scatter", name: "min", symbol: "rect", symbolSize: [16, 2], itemStyle: { color: "#71717a" }, data: shown.map((g) => g.metrics[metricKey].min) },
        { type: "scatter", name: "max", symbol: "rect", symbolSize: [16, 2], itemStyle: { color: "#71717a" }, data: shown.map((g) => g.metrics[metricKey].max) },
      ],
    };
  }, [shown, metricKey, colors]);
  if (!shown.length) return <p className="p-6 text-center text-sm text-zinc-500">No group has {metricKey}.</p>;
  return (
    <>
      <EChart option={option} height={220} ariaLabel={`${metricKey} mean per group, bar chart`} />
      <p className="px-1 text-[11px] text-zinc-500 dark:text-zinc-400">bar = mean, ticks = min and max, per group</p>
    </>
  );
}

function HistoryPanel({ metricKey, runs, colorOf }: { metricKey: string; runs: ChartsRun[]; colorOf: (r: ChartsRun) => string }) {
  const shown = useMemo(() => runs.filter((r) => r.metrics[metricKey] !== undefined).slice(0, LINE_RUNS), [runs, metricKey]);
  const idsKey = shown.map((r) => r.id).join(",");
  const [loaded, setLoaded] = useState<{ ids: string; data?: MetricHistories; error?: string } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((e) => e.some((x) => x.isIntersecting) && (setVisible(true), io.disconnect()), { rootMargin: "300px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    if (!visible || !idsKey) return;
    let live = true;
    loadMetricHistoriesAction({ runIds: idsKey.split(","), metricKey, maxPoints: 500 }).then(
      (r) => live && setLoaded(r.ok ? { ids: idsKey, data: r.data } : { ids: idsKey, error: r.message ?? "Could not load the histories" }),
      (e: unknown) => live && setLoaded({ ids: idsKey, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [visible, idsKey, metricKey]);

  const histories = loaded?.ids === idsKey ? loaded.data : undefined;
  const option = useMemo((): EChartsOption | null => {
    if (!histories) return null;
    return {
      animation: false,
      grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", confine: true },
      xAxis: { type: "value", scale: true, axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 11, formatter: (v: number) => formatNumber(v, 3) } },
      series: shown.map((r) => {
        const pts = histories[r.id] ?? [];
        return {
          type: "line" as const,
          name: r.name,
          // A run with a single point among lines: a visible marker, never an invisible line.
          showSymbol: pts.length <= 1,
          symbolSize: 6,
          sampling: "lttb" as const,
          lineStyle: { width: 1.5, color: colorOf(r) },
          itemStyle: { color: colorOf(r) },
          data: pts.map((p) => [p.step, Number.isFinite(p.value) ? p.value : null]),
        };
      }),
    };
  }, [histories, shown, colorOf]);

  return (
    <div ref={ref}>
      {!shown.length ? (
        <p className="p-6 text-center text-sm text-zinc-500">No selected run logged {metricKey}.</p>
      ) : loaded?.error ? (
        <p role="alert" className="p-4 text-sm text-red-600 dark:text-red-400">
          {loaded.error}
        </p>
      ) : option ? (
        <EChart option={option} height={220} ariaLabel={`${metricKey} history over steps, line chart`} />
      ) : (
        <Skeleton className="h-[220px] w-full" />
      )}
      <p className="px-1 text-[11px] text-zinc-500 dark:text-zinc-400">
        history over steps · {shown.length} {shown.length === 1 ? "run" : "runs"}
        {runs.length > shown.length ? ` (the first ${shown.length} in the table's order)` : ""}
      </p>
    </div>
  );
}

// ───────────────────────────── Scatter ─────────────────────────────

function AxisSelect({ data, value, onChange, label }: { data: ChartsData; value: ChartAxis | null; onChange: (a: ChartAxis | null) => void; label: string }) {
  return (
    <select className={cn(selectClass, "max-w-[10rem]")} aria-label={label} value={value ? axisToken(value) : ""} onChange={(e) => onChange(parseAxis(e.target.value))}>
      {!value && <option value="">{label}…</option>}
      <optgroup label="Metrics">
        {data.metrics.map((m) => (
          <option key={m.key} value={`m:${m.key}`}>
            {m.key}
          </option>
        ))}
      </optgroup>
      <optgroup label="Params">
        {data.params.map((p) => (
          <option key={p.key} value={`p:${p.key}`}>
            {p.key}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

function ScatterPanel({
  panel,
  data,
  runs,
  colorOf,
  onChange,
}: {
  panel: Extract<ChartPanel, { type: "scatter" }>;
  data: ChartsData;
  runs: ChartsRun[];
  colorOf: (r: ChartsRun) => string;
  onChange: (p: ChartPanel) => void;
}) {
  const [x, y] = useMemo((): [ChartAxis | null, ChartAxis | null] => {
    const metrics = data.metrics.filter((m) => !m.key.startsWith("system/"));
    const varying = data.params.find((p) => p.distinct > 1);
    return [
      panel.x ?? (varying ? { kind: "param", key: varying.key } : metrics[1] ? { kind: "metric", key: metrics[1].key } : null),
      panel.y ?? (metrics[0] ? { kind: "metric", key: metrics[0].key } : null),
    ];
  }, [panel.x, panel.y, data.metrics, data.params]);
  const option = useMemo((): EChartsOption | null => {
    if (!x || !y) return null;
    const pts = runs.map((r) => ({ r, xv: axisValue(r, x), yv: axisValue(r, y) })).filter((p) => p.xv !== null && p.yv !== null);
    if (!pts.length) return null;
    const xCat = pts.some((p) => typeof p.xv === "string");
    const yCat = pts.some((p) => typeof p.yv === "string");
    const cats = (vs: (number | string | null)[]) => [...new Set(vs.map(String))].sort();
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 28, containLabel: true },
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: (p: unknown) => {
          const d = p as { data: { name: string; value: [unknown, unknown] } };
          return `${escapeHtml(d.data.name)}<br/>${escapeHtml(x.key)}: ${escapeHtml(String(d.data.value[0]))}<br/>${escapeHtml(y.key)}: ${escapeHtml(String(d.data.value[1]))}`;
        },
      },
      xAxis: xCat ? { type: "category", data: cats(pts.map((p) => p.xv)), name: axisLabel(x), nameLocation: "middle", nameGap: 24 } : { type: "value", scale: true, name: axisLabel(x), nameLocation: "middle", nameGap: 24 },
      yAxis: yCat ? { type: "category", data: cats(pts.map((p) => p.yv)) } : { type: "value", scale: true },
      series: [
        {
          type: "scatter",
          symbolSize: pts.length > 300 ? 5 : 9,
          large: pts.length > 2000,
          data: pts.map((p) => ({ name: p.r.name, value: [xCat ? String(p.xv) : p.xv, yCat ? String(p.yv) : p.yv], itemStyle: { color: colorOf(p.r), opacity: 0.85 } })),
        },
      ],
    } as EChartsOption;
  }, [runs, x, y, colorOf]);
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
        <AxisSelect data={data} value={x} label="Scatter x axis" onChange={(a) => onChange({ ...panel, x: a })} />
        vs
        <AxisSelect data={data} value={y} label="Scatter y axis" onChange={(a) => onChange({ ...panel, y: a })} />
      </div>
      {option ? <EChart option={option} height={240} ariaLabel="Scatter of runs" /> : <p className="p-6 text-center text-sm text-zinc-500">Pick two axes the charted runs have.</p>}
    </div>
  );
}

// ───────────────────────────── Parallel coordinates ─────────────────────────────

function isNumericAxis(data: ChartsData, a: ChartAxis) {
  return a.kind === "metric" || !!data.params.find((p) => p.key === a.key)?.numeric;
}

function categories(data: ChartsData, a: ChartAxis): string[] {
  return [...new Set(data.runs.map((r) => r.params[a.key]).filter((v): v is string => v !== undefined))].sort();
}

function categoryIndex(data: ChartsData, a: ChartAxis, v: number | string) {
  return categories(data, a).indexOf(String(v));
}

/** The brushed ranges as an MLflow filter: metric ranges exactly, a param axis brushed to one value. */
function filterFromBrush(data: ChartsData, brush: Intervals): { filter: string; skipped: string[] } {
  const clauses: string[] = [];
  const skipped: string[] = [];
  const quoteKey = (k: string) => (/^[A-Za-z_][\w.]*$/.test(k) ? k : `\`${k}\``);
  for (const [token, iv] of Object.entries(brush)) {
    if (!iv.length) continue;
    const a = parseAxis(token);
    if (!a) continue;
    if (a.kind === "metric" && iv.length === 1) {
      clauses.push(`metrics.${quoteKey(a.key)} >= ${iv[0][0]} AND metrics.${quoteKey(a.key)} <= ${iv[0][1]}`);
      continue;
    }
    if (a.kind === "param" && !isNumericAxis(data, a)) {
      const cats = categories(data, a);
      const inside = cats.filter((_, i) => iv.some(([lo, hi]) => i >= lo && i <= hi));
      if (inside.length === 1) {
        clauses.push(`params.${quoteKey(a.key)} = '${inside[0].replace(/'/g, "\\'")}'`);
        continue;
      }
    }
    skipped.push(a.key);
  }
  return { filter: clauses.join(" AND "), skipped };
}

function ParallelPanel({
  panel,
  axes,
  data,
  colorOf,
  onBrush,
  onChange,
}: {
  panel: Extract<ChartPanel, { type: "parallel" }>;
  axes: ChartAxis[];
  data: ChartsData;
  colorOf: (r: ChartsRun) => string;
  onBrush: (f: (b: Intervals) => Intervals) => void;
  onChange: (p: ChartPanel) => void;
}) {
  // The option never depends on the brush, so re-rendering keeps the brushed areas.
  const option = useMemo((): EChartsOption | null => {
    if (axes.length < 2) return null;
    const parallelAxis = axes.map((a, dim) => {
      const name = a.key.length > 22 ? `${a.key.slice(0, 21)}…` : a.key;
      return isNumericAxis(data, a)
        ? { dim, id: axisToken(a), name, type: "value" as const, scale: true }
        : { dim, id: axisToken(a), name, type: "category" as const, data: categories(data, a).map((c) => (c.length > 18 ? `${c.slice(0, 17)}…` : c)) };
    });
    const lines = data.runs.map((r) => ({
      name: r.name,
      value: axes.map((a) => {
        const v = axisValue(r, a);
        if (v === null) return isNumericAxis(data, a) ? null : "";
        return isNumericAxis(data, a) ? Number(v) : categoryIndex(data, a, v);
      }),
      lineStyle: { color: colorOf(r) },
    }));
    return {
      animation: false,
      tooltip: { trigger: "item", confine: true, formatter: (p: unknown) => escapeHtml((p as { name: string }).name) },
      parallel: {
        left: 60,
        right: 60,
        top: 44,
        bottom: 24,
        parallelAxisDefault: {
          nameLocation: "end",
          nameGap: 14,
          nameTextStyle: { fontSize: 12, fontWeight: "bold" as const },
          axisLabel: { fontSize: 11 },
          areaSelectStyle: { width: 18 },
        },
      },
      parallelAxis,
      series: [{ type: "parallel", data: lines, lineStyle: { width: data.runs.length > 300 ? 0.6 : 1.5, opacity: data.runs.length > 300 ? 0.35 : 0.8 }, inactiveOpacity: 0.03, activeOpacity: 1, progressive: 500 }],
    } as EChartsOption;
  }, [axes, data, colorOf]);

  const onEvents = useMemo(
    () => ({
      axisareaselected: (p: unknown) => {
        const e = p as { parallelAxisId?: string; intervals?: [number, number][] };
        if (!e.parallelAxisId) return;
        onBrush((b) => ({ ...b, [e.parallelAxisId!]: e.intervals ?? [] }));
      },
    }),
    [onBrush],
  );

  const available: ChartAxis[] = [...data.params.map((p): ChartAxis => ({ kind: "param", key: p.key })), ...data.metrics.map((m): ChartAxis => ({ kind: "metric", key: m.key }))].filter(
    (a) => !axes.some((b) => axisToken(b) === axisToken(a)),
  );
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
        <span>Axes:</span>
        {axes.map((a) => (
          <span key={axisToken(a)} className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 font-mono dark:bg-zinc-800">
            {a.key}
            <button type="button" aria-label={`Remove axis ${a.key}`} className="text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100" onClick={() => onChange({ ...panel, axes: axes.filter((b) => b !== a) })}>
              <X className="h-3 w-3" />
            </button>
          </span>
        ))}
        {available.length > 0 && (
          <select className={selectClass} aria-label="Add an axis" value="" onChange={(e) => { const a = parseAxis(e.target.value); if (a) onChange({ ...panel, axes: [...axes, a] }); }}>
            <option value="">+ axis…</option>
            {available.map((a) => (
              <option key={axisToken(a)} value={axisToken(a)}>
                {a.kind === "metric" ? "metric" : "param"}: {a.key}
              </option>
            ))}
          </select>
        )}
        <span className="ml-auto text-zinc-500 dark:text-zinc-400">Drag along an axis to select runs; the other panels follow.</span>
      </div>
      {option ? (
        <EChart option={option} height={300} onEvents={onEvents} ariaLabel="Parallel coordinates of params and metrics; drag along an axis to select runs" />
      ) : (
        <p className="p-6 text-center text-sm text-zinc-500">Pick at least two axes (params that vary and metrics).</p>
      )}
    </div>
  );
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
