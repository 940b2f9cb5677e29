"use client";
// One row of the comparison grid: a section header (collapse, "differences only"), an empty
// note, or a label cell plus one cell per visible run column.
import { memo } from "react";
import { ChevronDown, ChevronRight as ChevronClosed } from "lucide-react";
import { cn } from "@/components/ui/cn";
import {
  ArtifactCellView,
  ChartToggle,
  DiffButton,
  DirectionButton,
  MetricCellView,
  TraceCellView,
  ModelCellView,
  OverviewCellView,
  PromptCellView,
  TemplateCellView,
  ValueCellView,
} from "@/components/compare/cells";
import { LABEL_WIDTH, baseTint, cellBase, stickyLabel, type CompareTableProps, type TableHandlers } from "@/components/compare/compare-table-layout";
import { MODEL_FIELD_LABELS, type Row } from "@/components/compare/rows";
import type { CompareRunInfo } from "@/lib/schemas/compare";

export const CompareRowView = memo(function RowView({
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
}: { row: Row; columnWidth: number; first: number; last: number } & CompareTableProps) {
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
    case "trace":
      return <span className="text-sm text-zinc-600 dark:text-zinc-300">{row.label}</span>;
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
    case "trace":
      return <TraceCellView row={row} col={col} base={base} />;
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
