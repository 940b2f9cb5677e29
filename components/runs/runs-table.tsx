"use client";
// The experiment page's runs table. The server renders one page of rows with only the chosen
// columns; everything here (filter, sort, columns, pins, "vary", page, page size, view) is URL
// state, so changing it is a navigation the server answers with the next page, and a copied
// link reproduces the view. Selection for Compare lives in the URL too (?sel=), written with
// history.replaceState so ticking a box never re-fetches. This file composes the parts:
// use-runs-table-navigation.ts (URL state), runs-table-columns.tsx (column definitions),
// runs-table-pagination.tsx (footer).
import { useMemo } from "react";
import Link from "next/link";
import { getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { GitCompareArrows } from "lucide-react";
import { VirtualDataTable } from "@/components/data-table/virtual-data-table";
import { ColumnChooser } from "@/components/runs/column-chooser";
import { BulkRunActions } from "@/components/runs/run-lifecycle-actions";
import { RunFilterBox } from "@/components/runs/run-filter-box";
import { runHref } from "@/components/runs/run-cells";
import { runsTableColumns } from "@/components/runs/runs-table-columns";
import { RunsTablePagination } from "@/components/runs/runs-table-pagination";
import { useColumnSizing, useRunsTableNavigation, useWriteWidths } from "@/components/runs/use-runs-table-navigation";
import { Switch } from "@/components/ui/checkbox";
import { Kbd } from "@/components/ui/kbd";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, type FilterError, type KeyKind, type RunTableRow, type RunsTableState } from "@/lib/schemas/ui-runs-table";

export interface RunsTableProps {
  experimentId: string;
  state: RunsTableState;
  /** Visible columns after the name column (chosen minus those hidden by "vary"). */
  columns: string[];
  /** Chosen columns after the name column. */
  chosen: string[];
  rows: RunTableRow[];
  hasMore: boolean;
  filterError: FilterError | null;
  total: Promise<number | null>;
  keyCounts: Record<KeyKind, number>;
  hiddenByVary: number;
  emptyState: React.ReactNode;
}

export function RunsTable(props: RunsTableProps) {
  const { experimentId, state, columns, chosen, rows, hasMore, filterError, total, keyCounts, hiddenByVary, emptyState } = props;
  const { router, pending, latest, selected, selectedSet, writeSelection, clearSelection, toggleRow, navigate, sortBy, shownChosen, setChosen, chosenNow } = useRunsTableNavigation(state, chosen);

  const columnDefs = useMemo(
    () =>
      runsTableColumns({
        experimentId,
        columns,
        state: { sort: state.sort, dir: state.dir, pin: state.pin },
        rows,
        selected,
        selectedSet,
        writeSelection,
        toggleRow,
        sortBy,
        onPin: (id, pin) => navigate({ pin: pin ? [...latest.current.pin, id] : latest.current.pin.filter((p) => p !== id) }, { keepPage: true }),
        onHide: (id) => setChosen(chosenNow().filter((c) => c !== id)),
        onShowChildren: (id) => navigate({ q: `tags.\`mlflow.parentRunId\` = '${id}'` }),
      }),
    [columns, state.sort, state.dir, state.pin, rows, selected, selectedSet, experimentId, sortBy, navigate, setChosen, chosenNow, toggleRow, writeSelection, latest],
  );

  const { sizing, setSizing } = useColumnSizing(state.widths);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table is not React Compiler-safe; this component is not memoized by the compiler.
  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableColumnResizing: true,
    columnResizeMode: "onChange",
    defaultColumn: { minSize: MIN_COLUMN_WIDTH, maxSize: MAX_COLUMN_WIDTH },
    onColumnSizingChange: setSizing,
    state: {
      sorting: [{ id: state.sort, desc: state.dir === "desc" }],
      columnPinning: { left: ["select", "name", ...state.pin.filter((p) => columns.includes(p))] },
      columnSizing: sizing,
    },
  });

  useWriteWidths(sizing, table.getState().columnSizingInfo.isResizingColumn, latest);

  const compareHref = `/compare?runs=${selected.join(",")}`;
  const from = (state.page - 1) * state.size;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-2">
        <RunFilterBox experimentId={experimentId} value={state.q} error={filterError} onApply={(q) => navigate({ q })} />
        <select
          aria-label="Which runs"
          value={state.view}
          onChange={(e) => navigate({ view: e.target.value as RunsTableState["view"] })}
          className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="active">Active runs</option>
          <option value="deleted">Deleted runs</option>
          <option value="all">All runs</option>
        </select>
        <ColumnChooser
          experimentId={experimentId}
          chosen={shownChosen}
          keyCounts={keyCounts}
          onToggle={(id, on) => {
            const cur = chosenNow();
            setChosen(on ? [...cur.filter((c) => c !== id), id] : cur.filter((c) => c !== id));
          }}
          onReset={() => navigate({ cols: null, pin: [] }, { keepPage: true })}
        />
        {selected.length > 0 && (state.view === "active" || state.view === "all") && <BulkRunActions runIds={selected} mode="delete" onDone={clearSelection} />}
        {selected.length > 0 && (state.view === "deleted" || state.view === "all") && <BulkRunActions runIds={selected} mode="restore" onDone={clearSelection} />}
        {selected.length >= 2 ? (
          <Link href={compareHref} className={buttonClass({ variant: "primary" })}>
            <GitCompareArrows className="h-4 w-4" /> Compare {selected.length}
          </Link>
        ) : (
          <span className={buttonClass({ variant: "primary", className: "pointer-events-none opacity-50" })} aria-disabled title="Select two or more runs to compare">
            <GitCompareArrows className="h-4 w-4" /> Compare
          </span>
        )}
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <div className="flex items-center gap-4">
          <Switch checked={state.vary} onChange={(v) => navigate({ vary: v }, { keepPage: true })} label={<span className="text-zinc-700 dark:text-zinc-300">Only columns that vary</span>} />
          {state.vary && hiddenByVary > 0 && (
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {hiddenByVary} identical column{hiddenByVary === 1 ? "" : "s"} hidden
            </span>
          )}
          {selected.length > 0 && (
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              {selected.length} selected ·{" "}
              <button type="button" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" onClick={() => writeSelection([])}>
                Clear
              </button>
            </span>
          )}
        </div>
        <p className="hidden items-center gap-1.5 text-xs text-zinc-500 lg:flex dark:text-zinc-400">
          <Kbd>↑</Kbd>
          <Kbd>↓</Kbd> move <Kbd>Enter</Kbd> open <Kbd>Space</Kbd> select
        </p>
      </div>

      <div className="relative">
        {pending && <div aria-hidden className="absolute inset-x-0 top-0 z-30 h-0.5 animate-pulse overflow-hidden rounded-t-lg bg-indigo-500" />}
        {rows.length === 0 ? (
          filterError ? (
            <p className="rounded-lg border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
              Fix the filter above, or clear it, to see runs.
            </p>
          ) : (
            emptyState
          )
        ) : (
          <VirtualDataTable
            table={table}
            ariaLabel="Runs"
            rowIndexOffset={from}
            className={cn(pending && "opacity-70 transition-opacity")}
            onOpenRow={(row) => router.push(runHref(experimentId, row.original.id))}
            onToggleRow={(row) => toggleRow(row.original.id)}
            isRowSelected={(row) => selectedSet.has(row.original.id)}
          />
        )}
      </div>

      {(rows.length > 0 || state.page > 1) && (
        <RunsTablePagination page={state.page} size={state.size} shown={rows.length} hasMore={hasMore} total={total} onPage={(page) => navigate({ page })} onSize={(size) => navigate({ size })} />
      )}
    </div>
  );
}
