"use client";
// The comparison grid: one scroll container (so run columns scroll horizontally in sync across
// every section), a sticky header row of run headers, a sticky first column of row labels, and
// rows virtualised with @tanstack/react-virtual (only what is on screen is in the DOM, with
// measured heights, so 600 rows × 50 runs stay smooth).
import { memo, useCallback, useLayoutEffect, useRef, useState } from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronLeft, ChevronRight, ChevronRight as ChevronClosed, EyeOff, GripVertical, Star } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import {
  ArtifactCellView,
  ChartToggle,
  DiffButton,
  DirectionButton,
  MetricCellView,
  ModelCellView,
  OverviewCellView,
  PromptCellView,
  TemplateCellView,
  ValueCellView,
} from "@/components/compare/cells";
import { MODEL_FIELD_LABELS, type Row } from "@/components/compare/rows";
import type { SectionId } from "@/lib/compare-state";
import type { CompareRunInfo } from "@/lib/schemas/compare";
import type { Direction } from "@/lib/metric-direction";

export const LABEL_WIDTH = 260;
export const COLUMN_WIDTH = 264;
const MAX_COLUMN_WIDTH = 560;
const NARROW_COLUMN_WIDTH = 224;

export interface TableHandlers {
  setBaseline: (runId: string) => void;
  move: (runId: string, delta: number) => void;
  moveBefore: (runId: string, beforeId: string | null) => void;
  hide: (runId: string) => void;
  toggleDiffOnly: (section: SectionId, on: boolean) => void;
  toggleCollapsed: (section: SectionId) => void;
  toggleDirection: (key: string, current: Direction) => void;
  toggleChart: (key: string) => void;
  openArtifactDiff: (path: string) => void;
  openSideBySide: (row: Row, col: number) => void;
}

interface Props {
  rows: Row[];
  runs: CompareRunInfo[];
  /** Indexes into `runs` of the visible runs, in order. */
  cols: number[];
  /** Position in `cols` of the baseline. */
  base: number;
  diffOnly: ReadonlySet<SectionId>;
  collapsed: ReadonlySet<SectionId>;
  charts: ReadonlySet<string>;
  /** data index → colour index */
  colorOf: (dataIndex: number) => string;
  handlers: TableHandlers;
}

function estimate(row: Row): number {
  switch (row.kind) {
    case "section":
      return 44;
    case "metric":
      return 52;
    case "prompt":
    case "template":
      return 140;
    case "model":
      return row.field === "model" || row.field === "flavors" ? 56 : 90;
    case "overview":
      return 40;
    default:
      return 38;
  }
}

const stickyLabel = "sticky left-0 z-10 shrink-0 border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950";
const cellBase = "shrink-0 border-r border-zinc-100 px-3 py-2 text-sm dark:border-zinc-800/60";
const baseTint = "bg-indigo-50/50 dark:bg-indigo-950/20";

/** Below this many cells every row is rendered (small comparisons need no virtualisation). */
const RENDER_ALL_CELLS = 3000;
/** Height of the sticky app header the run headers stick under. */
const APP_HEADER = 48;

export function CompareTable(props: Props) {
  const { rows, runs, cols, base, handlers } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  const headScrollRef = useRef<HTMLDivElement>(null);
  const bodyScrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [available, setAvailable] = useState(0);
  const [hydrated, setHydrated] = useState(false);

  // Where the body starts in the page (the window virtualiser counts from there), and how wide
  // the table may be (few runs get wider columns).
  useLayoutEffect(() => {
    const measure = () => {
      if (bodyRef.current) setScrollMargin(Math.round(bodyRef.current.getBoundingClientRect().top + window.scrollY));
      if (rootRef.current) setAvailable(rootRef.current.clientWidth);
      setHydrated(true);
    };
    measure();
    const ro = new ResizeObserver(measure);
    if (rootRef.current) ro.observe(rootRef.current);
    ro.observe(document.body);
    return () => ro.disconnect();
  }, []);

  // Few runs share the width (up to MAX_COLUMN_WIDTH each); many runs get narrower columns.
  const minWidth = cols.length > 6 ? NARROW_COLUMN_WIDTH : COLUMN_WIDTH;
  const columnWidth = Math.max(minWidth, Math.min(MAX_COLUMN_WIDTH, Math.floor((available - LABEL_WIDTH - 2) / Math.max(1, cols.length))));
  const renderAll = rows.length * Math.max(1, cols.length) <= RENDER_ALL_CELLS;

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => estimate(rows[i]),
    getItemKey: (i) => rows[i].id,
    overscan: renderAll ? rows.length : 8,
    scrollMargin,
    // Lets the server render the first screen of rows (the same on the client's first render).
    initialRect: { width: 1280, height: 1000 },
  });

  // One horizontal position for header and body: scrolling either moves the other.
  const syncing = useRef(false);
  const sync = (from: HTMLDivElement | null, to: HTMLDivElement | null) => {
    if (!from || !to || syncing.current) return;
    if (to.scrollLeft !== from.scrollLeft) {
      syncing.current = true;
      to.scrollLeft = from.scrollLeft;
      requestAnimationFrame(() => (syncing.current = false));
    }
  };

  // Columns are virtualised too: a row renders only the run columns in view (plus one each side).
  const [range, setRange] = useState<[number, number]>([0, Math.min(cols.length, 8)]);
  const updateRange = useCallback(() => {
    const el = bodyScrollRef.current;
    if (!el) return;
    const first = Math.max(0, Math.floor(el.scrollLeft / columnWidth) - 1);
    const last = Math.min(cols.length, Math.ceil((el.scrollLeft + el.clientWidth - LABEL_WIDTH) / columnWidth) + 1);
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, [columnWidth, cols.length]);
  useLayoutEffect(() => {
    updateRange();
    const el = bodyScrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(updateRange);
    ro.observe(el);
    return () => ro.disconnect();
  }, [updateRange]);
  const visibleRange: [number, number] = renderAll ? [0, cols.length] : [Math.min(range[0], cols.length), Math.min(range[1], cols.length)];

  const width = LABEL_WIDTH + cols.length * columnWidth;
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const rowProps = { ...props, columnWidth, first: visibleRange[0], last: visibleRange[1] };

  return (
    <div
      ref={rootRef}
      className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
      role="table"
      aria-label="Run comparison"
      aria-rowcount={rows.length + 1}
      aria-colcount={cols.length + 1}
      data-testid="compare-table"
      data-hydrated={hydrated || undefined}
    >
      {/* Header: run columns (sticks under the app header; scrolls horizontally with the body) */}
      <div
        ref={headScrollRef}
        onScroll={() => sync(headScrollRef.current, bodyScrollRef.current)}
        className="sticky z-20 overflow-x-auto [scrollbar-width:thin] overflow-y-hidden rounded-t-lg border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
        style={{ top: APP_HEADER }}
      >
        <div role="row" className="flex" style={{ width }}>
          <div role="columnheader" className={cn(stickyLabel, "z-30 flex flex-col justify-end px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400")} style={{ width: LABEL_WIDTH }}>
            <span className="font-medium text-zinc-700 dark:text-zinc-300">
              {cols.length} run{cols.length === 1 ? "" : "s"}
            </span>
            <span>Deltas are against the baseline (★). Drag a header to reorder.</span>
          </div>
          {cols.map((c, j) => (
            <RunHeader
              key={runs[c].id}
              run={runs[c]}
              color={props.colorOf(c)}
              isBase={j === base}
              first={j === 0}
              last={j === cols.length - 1}
              only={cols.length <= 1}
              width={columnWidth}
              dragging={dragging}
              dropTarget={dropTarget}
              setDragging={setDragging}
              setDropTarget={setDropTarget}
              handlers={handlers}
            />
          ))}
        </div>
      </div>

      {/* Body: virtualised rows, scrolled by the window vertically and by this box horizontally */}
      <div
        ref={bodyScrollRef}
        onScroll={() => {
          sync(bodyScrollRef.current, headScrollRef.current);
          updateRange();
        }}
        className="overflow-x-auto overflow-y-hidden [scrollbar-width:thin]">
        <div ref={bodyRef} role="rowgroup" className="relative" style={{ width, height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
              >
                <RowView row={row} {...rowProps} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const RunHeader = memo(function RunHeader({
  run,
  color,
  isBase,
  first,
  last,
  only,
  width,
  dragging,
  dropTarget,
  setDragging,
  setDropTarget,
  handlers,
}: {
  run: CompareRunInfo;
  color: string;
  isBase: boolean;
  first: boolean;
  last: boolean;
  only: boolean;
  width: number;
  dragging: string | null;
  dropTarget: string | null;
  setDragging: (id: string | null) => void;
  setDropTarget: (fn: (t: string | null) => string | null) => void;
  handlers: TableHandlers;
}) {
  const name = run.name || run.id.slice(0, 8);
  return (
    <div
      role="columnheader"
      aria-label={name}
      data-run-id={run.id}
      data-baseline={isBase || undefined}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData("text/x-run-id", run.id);
        e.dataTransfer.effectAllowed = "move";
        setDragging(run.id);
      }}
      onDragEnd={() => {
        setDragging(null);
        setDropTarget(() => null);
      }}
      onDragOver={(e) => {
        if (!dragging || dragging === run.id) return;
        e.preventDefault();
        setDropTarget(() => run.id);
      }}
      onDragLeave={() => setDropTarget((t) => (t === run.id ? null : t))}
      onDrop={(e) => {
        e.preventDefault();
        const id = e.dataTransfer.getData("text/x-run-id");
        if (id && id !== run.id) handlers.moveBefore(id, run.id);
        setDragging(null);
        setDropTarget(() => null);
      }}
      className={cn(
        "group relative shrink-0 border-r border-zinc-200 px-3 pt-2.5 pb-1.5 dark:border-zinc-800",
        isBase && baseTint,
        dragging === run.id && "opacity-50",
        dropTarget === run.id && "shadow-[inset_3px_0_0_0_var(--color-indigo-500)]",
      )}
      style={{ width }}
    >
      <div className="absolute inset-x-0 top-0 h-1" style={{ background: color }} aria-hidden />
      <div className="flex items-center gap-1">
        <GripVertical className="h-3.5 w-3.5 shrink-0 cursor-grab text-zinc-300 dark:text-zinc-600" aria-hidden />
        <Link href={`/experiments/${run.experimentId}/runs/${run.id}`} className="truncate text-sm font-semibold hover:underline" title={run.name}>
          {name}
        </Link>
      </div>
      <div className="mt-0.5 flex items-center gap-1 pl-[18px] text-xs text-zinc-500 dark:text-zinc-400">
        <span className="truncate" title={run.experimentName}>
          {run.experimentName}
        </span>
        {run.lifecycleStage === "deleted" && (
          <span className="shrink-0 rounded bg-red-100 px-1 text-[10px] font-medium text-red-700 dark:bg-red-950 dark:text-red-300">deleted</span>
        )}
      </div>
      <div className="mt-1.5 flex items-center gap-1 pl-3.5">
        {isBase ? (
          <span className="inline-flex h-6 items-center gap-1 rounded-full bg-indigo-600 px-2 text-[11px] font-medium text-white dark:bg-indigo-500" data-testid="baseline-badge">
            <Star className="h-3 w-3 fill-current" /> Baseline
          </span>
        ) : (
          <button
            type="button"
            onClick={() => handlers.setBaseline(run.id)}
            className="inline-flex h-6 items-center gap-1 rounded-full px-2 text-[11px] font-medium text-zinc-600 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
            aria-label={`Use ${name} as baseline`}
          >
            <Star className="h-3 w-3" /> Set baseline
          </button>
        )}
        <span className="ml-auto flex items-center">
          <IconButton label={`Move ${name} left`} disabled={first} onClick={() => handlers.move(run.id, -1)}>
            <ChevronLeft className="h-3.5 w-3.5" />
          </IconButton>
          <IconButton label={`Move ${name} right`} disabled={last} onClick={() => handlers.move(run.id, 1)}>
            <ChevronRight className="h-3.5 w-3.5" />
          </IconButton>
          <IconButton label={`Hide ${name}`} disabled={only} onClick={() => handlers.hide(run.id)}>
            <EyeOff className="h-3.5 w-3.5" />
          </IconButton>
        </span>
      </div>
    </div>
  );
});

function IconButton({ label, onClick, disabled, children }: { label: string; onClick: () => void; disabled?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className="inline-flex h-6 w-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:pointer-events-none disabled:opacity-30 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      {children}
    </button>
  );
}

const RowView = memo(function RowView({
  row,
  runs,
  cols,
  base,
  diffOnly,
  collapsed,
  charts,
  handlers,
  columnWidth,
  first,
  last,
}: { row: Row; columnWidth: number; first: number; last: number } & Props) {
  if (row.kind === "section") {
    const on = diffOnly.has(row.section);
    const isCollapsed = collapsed.has(row.section);
    return (
      <div role="row" className="flex h-11 items-center border-y border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900" data-testid={`section:${row.section}`}>
        <div role="rowheader" className="sticky left-0 flex items-center gap-3 px-2" aria-label={row.label}>
          <button
            type="button"
            onClick={() => handlers.toggleCollapsed(row.section)}
            aria-expanded={!isCollapsed}
            aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${row.label}`}
            className="inline-flex items-center gap-1.5 rounded px-1 py-0.5 text-sm font-semibold hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
          >
            {isCollapsed ? <ChevronClosed className="h-4 w-4" /> : <ChevronDown className="h-4 w-4" />}
            <h3 id={`section-${row.section}`}>{row.label}</h3>
          </button>
          <span className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
            {row.matched < row.total ? `${row.matched} of ${row.total}` : row.total} {row.total === 1 ? "row" : "rows"} ·{" "}
            <span className={row.differing ? "text-amber-700 dark:text-amber-400" : ""}>{row.differing} differ</span>
            {on && row.shown < row.matched ? ` · ${row.matched - row.shown} equal hidden` : ""}
          </span>
          <label className="flex cursor-pointer items-center gap-1.5 text-xs whitespace-nowrap text-zinc-600 select-none dark:text-zinc-300">
            <input
              type="checkbox"
              className="h-3.5 w-3.5 accent-indigo-600"
              checked={on}
              onChange={(e) => handlers.toggleDiffOnly(row.section, e.target.checked)}
              aria-label={`${row.label}: differences only`}
            />
            Differences only
          </label>
        </div>
      </div>
    );
  }
  if (row.kind === "empty") {
    return (
      <div role="row" className="flex border-b border-zinc-100 dark:border-zinc-800/60">
        <div role="cell" className="sticky left-0 px-4 py-3 text-sm text-zinc-500 italic dark:text-zinc-400">
          {row.text}
        </div>
      </div>
    );
  }

  const label = rowLabel(row, charts, handlers);
  return (
    <div role="row" className="flex border-b border-zinc-100 hover:bg-zinc-50/60 dark:border-zinc-800/60 dark:hover:bg-zinc-900/40" data-testid={`row:${row.id}`} data-differs={row.differs || undefined}>
      <div
        role="rowheader"
        className={cn(stickyLabel, "flex items-start gap-1 px-3 py-2", row.differs && "shadow-[inset_3px_0_0_0_var(--color-amber-400)]")}
        style={{ width: LABEL_WIDTH }}
      >
        {label}
      </div>
      {first > 0 && <div aria-hidden className="shrink-0" style={{ width: first * columnWidth }} />}
      {cols.slice(first, last).map((c, k) => {
        const j = first + k;
        return (
          <div key={runs[c].id} role="cell" aria-colindex={j + 2} className={cn(cellBase, "min-w-0", j === base && baseTint)} style={{ width: columnWidth }}>
            <CellView row={row} col={j} base={base} run={runs[c]} baseRun={runs[cols[base]]} onSideBySide={(col) => handlers.openSideBySide(row, col)} />
          </div>
        );
      })}
    </div>
  );
});

function rowLabel(row: Exclude<Row, { kind: "section" | "empty" }>, charts: ReadonlySet<string>, handlers: TableHandlers) {
  const keyClass = "min-w-0 flex-1 truncate font-mono text-xs leading-5";
  switch (row.kind) {
    case "overview":
      return <span className="text-sm text-zinc-600 dark:text-zinc-300">{row.label}</span>;
    case "value":
      return (
        <span className={keyClass} title={row.key}>
          {row.key}
        </span>
      );
    case "metric":
      return (
        <>
          <span className={keyClass} title={row.key}>
            {row.key}
          </span>
          <DirectionButton direction={row.direction} source={row.directionSource} onToggle={() => handlers.toggleDirection(row.key, row.direction)} />
          <ChartToggle active={charts.has(row.key)} onToggle={() => handlers.toggleChart(row.key)} />
        </>
      );
    case "prompt":
      return (
        <span className="min-w-0 flex-1">
          <span className="block truncate font-mono text-xs font-semibold" title={row.name}>
            {row.name}
          </span>
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400">registered prompt</span>
        </span>
      );
    case "template":
      return (
        <span className="min-w-0 flex-1">
          <span className="block truncate font-mono text-xs font-semibold" title={row.key}>
            {row.key}
          </span>
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400">param (template)</span>
        </span>
      );
    case "model":
      return (
        <span className="min-w-0 flex-1">
          {row.field === "model" ? (
            <span className="block truncate font-mono text-xs font-semibold" title={row.name}>
              {row.name}
            </span>
          ) : (
            <span className="block pl-3 text-xs text-zinc-600 dark:text-zinc-300">{MODEL_FIELD_LABELS[row.field]}</span>
          )}
        </span>
      );
    case "artifact":
      return (
        <>
          <span className={keyClass} title={row.path}>
            {row.path}
          </span>
          {row.textLike && row.presentIn >= 2 && <DiffButton onClick={() => handlers.openArtifactDiff(row.path)} />}
        </>
      );
  }
}

function CellView({
  row,
  col,
  base,
  run,
  baseRun,
  onSideBySide,
}: {
  row: Exclude<Row, { kind: "section" | "empty" }>;
  col: number;
  base: number;
  run: CompareRunInfo;
  baseRun: CompareRunInfo;
  onSideBySide: (col: number) => void;
}) {
  switch (row.kind) {
    case "overview":
      return <OverviewCellView row={row} run={run} baseRun={baseRun} isBase={col === base} />;
    case "value":
      return <ValueCellView row={row} col={col} base={base} />;
    case "metric":
      return <MetricCellView row={row} col={col} base={base} />;
    case "prompt":
      return <PromptCellView row={row} col={col} base={base} onSideBySide={onSideBySide} />;
    case "template":
      return <TemplateCellView row={row} col={col} base={base} onSideBySide={onSideBySide} />;
    case "model":
      return <ModelCellView row={row} col={col} base={base} />;
    case "artifact":
      return <ArtifactCellView row={row} col={col} base={base} />;
  }
}
