"use client";
import { copyText } from "@/components/ui/copy-button";
// The compare page's client side. It owns the view state (parsed from the URL by the server
// page), writes every change back to the URL with history.replaceState (no server round trip:
// the read model already holds every selected run, hidden ones included), and lays out the
// toolbar, the comparison table and the charts.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Check, Eye, Link2, Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";
import { TextDiff } from "@/components/diff/text-diff";
import { ArtifactDiff } from "@/components/compare/artifact-diff";
import { CompareCharts } from "@/components/compare/compare-charts";
import type { ChartRun } from "@/components/compare/compare-chart-shared";
import { Dialog } from "@/components/ui/dialog";
import { CompareTable } from "@/components/compare/compare-table";
import type { TableHandlers } from "@/components/compare/compare-table-layout";
import { runColor } from "@/components/compare/run-colors";
import { buildRows, type Row } from "@/components/compare/rows";
import {
  allDiffOnly,
  effectiveBaseline,
  moveRun,
  moveRunBefore,
  parseCompareState,
  serializeCompareState,
  setAllDiffOnly,
  setBaseline,
  setHidden,
  toggleSection,
  visibleRuns,
  type CompareState,
} from "@/lib/compare-state";
import { setMetricDirectionAction } from "@/lib/actions/compare";
import type { Direction } from "@/lib/metric-direction";
import type { CompareData } from "@/lib/schemas/compare";

const DEFAULT_CHARTS = 4;

export function CompareView({ data, initialState }: { data: CompareData; initialState: CompareState }) {
  const [state, setState] = useState(initialState);
  const [directionOverrides, setDirectionOverrides] = useState<Record<string, Direction>>({});
  const [directionError, setDirectionError] = useState<string | null>(null);
  const [sideBySide, setSideBySide] = useState<{ row: Row; col: number } | null>(null);

  // URL ⇄ state. Writes replace the entry (toggles should not flood the back button).
  const query = serializeCompareState(state);
  useEffect(() => {
    if (window.location.search.slice(1) !== query) window.history.replaceState(window.history.state, "", `${window.location.pathname}?${query}`);
  }, [query]);
  useEffect(() => {
    const onPop = () => setState(parseCompareState(new URLSearchParams(window.location.search)));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const index = useMemo(() => new Map(data.runs.map((r, i) => [r.id, i])), [data.runs]);
  const visibleIds = useMemo(() => visibleRuns(state).filter((id) => index.has(id)), [state, index]);
  const cols = useMemo(() => visibleIds.map((id) => index.get(id)!), [visibleIds, index]);
  const baselineId = effectiveBaseline({ ...state, runs: state.runs.filter((id) => index.has(id)) }) ?? visibleIds[0];
  const base = Math.max(0, visibleIds.indexOf(baselineId));
  const colorOf = useCallback((i: number) => runColor(i), []);

  const diffOnly = useMemo(() => new Set(state.diffOnly), [state.diffOnly]);
  const collapsed = useMemo(() => new Set(state.collapsed), [state.collapsed]);
  // Default charts: metrics with a history (latest value past step 0) first.
  const defaultCharts = useMemo(() => {
    const stepped = data.metrics.filter((m) => m.values.some((v) => v && v.step > 0)).map((m) => m.key);
    const rest = data.metrics.map((m) => m.key).filter((k) => !stepped.includes(k));
    return [...stepped, ...rest].slice(0, DEFAULT_CHARTS);
  }, [data.metrics]);
  const charts = state.charts ?? defaultCharts;
  const chartSet = useMemo(() => new Set(charts), [charts]);

  const rows = useMemo(
    () => buildRows(data, { cols, baseline: cols[base] ?? 0, diffOnly, collapsed, filter: state.filter, directionOverrides }),
    [data, cols, base, diffOnly, collapsed, state.filter, directionOverrides],
  );

  // Handlers read the latest state through a ref so the table's memoised rows keep one identity.
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const handlers = useMemo<TableHandlers>(
    () => ({
      setBaseline: (id) => setState((s) => setBaseline(s, id)),
      move: (id, delta) => setState((s) => moveRun(s, id, delta)),
      moveBefore: (id, before) => setState((s) => moveRunBefore(s, id, before)),
      hide: (id) => setState((s) => setHidden(s, id, true)),
      toggleDiffOnly: (section, on) => setState((s) => ({ ...s, diffOnly: toggleSection(s.diffOnly, section, on) })),
      toggleCollapsed: (section) => setState((s) => ({ ...s, collapsed: toggleSection(s.collapsed, section, !s.collapsed.includes(section)) })),
      toggleChart: (key) =>
        setState((s) => {
          const current = s.charts ?? defaultCharts;
          return { ...s, charts: current.includes(key) ? current.filter((k) => k !== key) : [...current, key] };
        }),
      toggleDirection: (key, current) => {
        const next: Direction = current === "higher" ? "lower" : "higher";
        setDirectionOverrides((o) => ({ ...o, [key]: next }));
        const s = stateRef.current;
        const experimentIds = [...new Set(visibleRuns(s).flatMap((id) => (index.has(id) ? [data.runs[index.get(id)!].experimentId] : [])))];
        setMetricDirectionAction({ experimentIds, metricKey: key, direction: next })
          .then((r) => setDirectionError(r.ok ? null : `Could not save the direction of ${key}: ${r.message}`))
          .catch((e: unknown) => setDirectionError(`Could not save the direction of ${key}: ${e instanceof Error ? e.message : String(e)}`));
      },
      openArtifactDiff: (path) => setState((s) => ({ ...s, artifact: path })),
      openSideBySide: (row, col) => setSideBySide({ row, col }),
    }),
    [data.runs, defaultCharts, index],
  );

  const hiddenRuns = state.hidden.filter((id) => index.has(id)).map((id) => data.runs[index.get(id)!]);
  const experimentsCount = new Set(cols.map((c) => data.runs[c].experimentId)).size;
  const chartRuns: ChartRun[] = useMemo(() => cols.map((c) => ({ id: data.runs[c].id, name: data.runs[c].name || data.runs[c].id.slice(0, 8), color: runColor(c), index: c })), [cols, data.runs]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">Compare runs</h1>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            {cols.length} run{cols.length === 1 ? "" : "s"}
            {experimentsCount > 1 ? ` across ${experimentsCount} experiments` : ` in ${data.runs[cols[0]]?.experimentName ?? "—"}`}
            {hiddenRuns.length > 0 && ` · ${hiddenRuns.length} hidden`}
            {" · baseline "}
            <span className="font-medium text-zinc-700 dark:text-zinc-200">{data.runs[cols[base]]?.name}</span>
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <FilterBox value={state.filter} onChange={(filter) => setState((s) => ({ ...s, filter }))} />
          <label className="flex h-9 cursor-pointer items-center gap-2 rounded-md border border-zinc-300 px-3 text-sm select-none dark:border-zinc-700">
            <input
              type="checkbox"
              className="h-4 w-4 accent-indigo-600"
              checked={allDiffOnly(state)}
              onChange={(e) => setState((s) => setAllDiffOnly(s, e.target.checked))}
              aria-label="Differences only (all sections)"
            />
            Differences only
          </label>
          {hiddenRuns.length > 0 && <HiddenRunsMenu runs={hiddenRuns} onShow={(ids) => setState((s) => ids.reduce((acc, id) => setHidden(acc, id, false), s))} />}
          <CopyLinkButton query={query} />
          <a href="#charts" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
            Charts ↓
          </a>
        </div>
      </div>

      {data.missing.length > 0 && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          {data.missing.length} run{data.missing.length === 1 ? "" : "s"} in the link no longer exist{data.missing.length === 1 ? "s" : ""} and {data.missing.length === 1 ? "was" : "were"} left out:{" "}
          <span className="font-mono text-xs">{data.missing.join(", ")}</span>
        </p>
      )}
      {directionError && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          {directionError}
        </p>
      )}

      <CompareTable rows={rows} runs={data.runs} cols={cols} base={base} diffOnly={diffOnly} collapsed={collapsed} charts={chartSet} colorOf={colorOf} handlers={handlers} />

      <CompareCharts
        data={data}
        runs={chartRuns}
        charts={charts}
        xAxis={state.xAxis}
        parallelMetric={state.parallelMetric}
        scatterX={state.scatterX}
        scatterY={state.scatterY}
        onChange={(patch) => setState((s) => ({ ...s, ...patch }))}
      />

      <Dialog wide open={state.artifact !== null} title={<span className="font-mono">{state.artifact}</span>} onClose={() => setState((s) => ({ ...s, artifact: null }))}>
        {state.artifact && <ArtifactDiff path={state.artifact} runs={cols.map((c) => ({ run: data.runs[c], colorIndex: c }))} baseline={baselineId} />}
      </Dialog>

      <Dialog wide open={sideBySide !== null} title={sideBySide ? sideBySideTitle(sideBySide.row) : ""} onClose={() => setSideBySide(null)}>
        {sideBySide && <SideBySide row={sideBySide.row} col={sideBySide.col} base={base} names={cols.map((c) => data.runs[c].name)} />}
      </Dialog>
    </div>
  );
}

function sideBySideTitle(row: Row): string {
  if (row.kind === "prompt") return `Prompt ${row.name}`;
  if (row.kind === "template") return `Param ${row.key}`;
  return "Diff";
}

function SideBySide({ row, col, base, names }: { row: Row; col: number; base: number; names: string[] }) {
  let before = "";
  let after = "";
  let beforeLabel = `${names[base]} (baseline)`;
  let afterLabel = names[col];
  if (row.kind === "prompt") {
    const b = row.entries[base];
    const a = row.entries[col];
    before = b?.template ?? "";
    after = a?.template ?? "";
    if (b) beforeLabel += ` · v${b.version}`;
    if (a) afterLabel += ` · v${a.version}`;
  } else if (row.kind === "template") {
    before = row.values[base] ?? "";
    after = row.values[col] ?? "";
  }
  return <TextDiff before={before} after={after} mode="split" context={-1} beforeLabel={beforeLabel} afterLabel={afterLabel} />;
}

function FilterBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  // Follow outside changes (back/forward) without an effect: reset while rendering.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 200);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <div className="relative w-56">
      <Search className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-zinc-400" aria-hidden />
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Filter keys…" aria-label="Filter keys" className={cn(inputClass, "pl-8")} />
    </div>
  );
}

function HiddenRunsMenu({ runs, onShow }: { runs: { id: string; name: string }[]; onShow: (ids: string[]) => void }) {
  return (
    <details className="relative">
      <summary className="flex h-9 cursor-pointer list-none items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm select-none hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
        <Eye className="h-4 w-4" /> {runs.length} hidden
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <ul className="max-h-72 overflow-auto">
          {runs.map((r) => (
            <li key={r.id} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800">
              <span className="min-w-0 flex-1 truncate">{r.name || r.id}</span>
              <button type="button" className="text-xs text-indigo-700 hover:underline dark:text-indigo-300" onClick={() => onShow([r.id])}>
                Show
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="mt-1 w-full rounded px-2 py-1 text-left text-xs text-indigo-700 hover:bg-zinc-50 dark:text-indigo-300 dark:hover:bg-zinc-800" onClick={() => onShow(runs.map((r) => r.id))}>
          Show all
        </button>
      </div>
    </details>
  );
}

function CopyLinkButton({ query }: { query: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      onClick={async () => {
        await copyText(`${window.location.origin}${window.location.pathname}?${query}`);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? <Check className="h-4 w-4 text-emerald-600" /> : <Link2 className="h-4 w-4" />}
      {copied ? "Copied" : "Copy link"}
    </Button>
  );
}
