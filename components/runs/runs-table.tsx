"use client";
// The experiment page's runs table. The server renders one page of rows with only the chosen
// columns; everything here (filter, sort, columns, pins, "vary", page, page size, view) is URL
// state, so changing it is a navigation the server answers with the next page, and a copied
// link reproduces the view. Selection for Compare lives in the URL too (?sel=), written with
// history.replaceState so ticking a box never re-fetches.
import { Suspense, use, useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState, type Row } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, GitCompareArrows, Pin, PinOff, EyeOff, ArrowUpNarrowWide, ArrowDownWideNarrow } from "lucide-react";
import { VirtualDataTable, type ColumnMeta } from "@/components/data-table/virtual-data-table";
import { ColumnChooser } from "@/components/runs/column-chooser";
import { BulkRunActions } from "@/components/runs/run-lifecycle-actions";
import { RunFilterBox } from "@/components/runs/run-filter-box";
import { DurationCell, NameCell, ParentCell, RunIdCell, SourceCell, ValueCell, runHref } from "@/components/runs/run-cells";
import { Checkbox, Switch } from "@/components/ui/checkbox";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { Kbd } from "@/components/ui/kbd";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { guessDirection } from "@/lib/metric-direction";
import {
  ATTRIBUTE_LABELS,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  PAGE_SIZES,
  defaultColumnWidth,
  columnLabel,
  isSortable,
  parseColumnId,
  serializeRunsTableState,
  type FilterError,
  type KeyKind,
  type RunTableRow,
  type RunsTableState,
} from "@/lib/schemas/ui-runs-table";

const KIND_DOT: Record<KeyKind, string> = { metric: "bg-emerald-500", param: "bg-sky-500", tag: "bg-amber-500" };
const KIND_NAME: Record<KeyKind, string> = { metric: "Metric", param: "Param", tag: "Tag" };

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
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const [selected, setSelected] = useState<string[]>(() => (searchParams.get("sel") ?? "").split(",").filter(Boolean));
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const writeSelection = useCallback((next: string[]) => {
    setSelected(next);
    const url = new URL(window.location.href);
    if (next.length) url.searchParams.set("sel", next.join(","));
    else url.searchParams.delete("sel");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }, []);

  // The state the user last asked for: quick successive changes (tick two columns, then sort)
  // build on each other even before the server has answered the first.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);

  const navigate = useCallback(
    (changes: Partial<RunsTableState>, opts: { keepPage?: boolean } = {}) => {
      const next: RunsTableState = { ...latest.current, ...changes };
      latest.current = next;
      if (!opts.keepPage && changes.page === undefined) next.page = 1;
      const qs = new URLSearchParams(serializeRunsTableState(next));
      if (selected.length) qs.set("sel", selected.join(","));
      const s = qs.toString();
      startTransition(() => router.push(s ? `${pathname}?${s}` : pathname, { scroll: false }));
    },
    [selected, pathname, router],
  );

  const clearSelection = useCallback(() => writeSelection([]), [writeSelection]);

  const toggleRow = useCallback(
    (id: string) => writeSelection(selectedSet.has(id) ? selected.filter((x) => x !== id) : [...selected, id]),
    [selected, selectedSet, writeSelection],
  );

  const sortBy = useCallback(
    (id: string, dir?: "asc" | "desc") => {
      if (!isSortable(id)) return;
      if (!dir) {
        if (state.sort === id) dir = state.dir === "asc" ? "desc" : "asc";
        else {
          const c = parseColumnId(id);
          dir = c?.type === "metric" ? (guessDirection(c.key) === "lower" ? "asc" : "desc") : id === "name" || c?.type === "param" || c?.type === "tag" ? "asc" : "desc";
        }
      }
      navigate({ sort: id, dir });
    },
    [state.sort, state.dir, navigate],
  );

  // Ticks in the column chooser show at once, before the server answers with the new columns.
  const [colsView, setColsView] = useState({ base: chosen, cols: chosen });
  const shownChosen = colsView.base === chosen ? colsView.cols : chosen;
  const setChosen = useCallback(
    (cols: string[] | null) => {
      setColsView({ base: chosen, cols: cols ?? chosen });
      navigate({ cols, pin: cols ? latest.current.pin.filter((p) => cols.includes(p)) : latest.current.pin }, { keepPage: true });
    },
    [navigate, chosen],
  );
  const chosenNow = useCallback(() => latest.current.cols ?? chosen, [chosen]);

  const pageIds = rows.map((r) => r.id);
  const pageSelected = pageIds.filter((id) => selectedSet.has(id)).length;

  const columnDefs = useMemo<ColumnDef<RunTableRow>[]>(() => {
    const header = (id: string) => (
      <ColumnHeader
        id={id}
        sorted={state.sort === id ? state.dir : false}
        pinned={state.pin.includes(id)}
        onSort={(dir) => sortBy(id, dir)}
        onPin={(pin) => navigate({ pin: pin ? [...latest.current.pin, id] : latest.current.pin.filter((p) => p !== id) }, { keepPage: true })}
        onHide={id === "name" ? undefined : () => setChosen(chosenNow().filter((c) => c !== id))}
      />
    );
    const defs: ColumnDef<RunTableRow>[] = [
      {
        id: "select",
        size: 40,
        enableResizing: false,
        header: () => (
          <Checkbox
            aria-label="Select all runs on this page"
            checked={rows.length > 0 && pageSelected === rows.length}
            indeterminate={pageSelected > 0 && pageSelected < rows.length}
            onChange={(e) => writeSelection(e.target.checked ? [...new Set([...selected, ...pageIds])] : selected.filter((id) => !pageIds.includes(id)))}
          />
        ),
        cell: ({ row }) => <Checkbox tabIndex={-1} aria-label={`Select run ${row.original.name}`} checked={selectedSet.has(row.original.id)} onChange={() => toggleRow(row.original.id)} />,
      },
      {
        id: "name",
        size: defaultColumnWidth("name"),
        meta: { label: ATTRIBUTE_LABELS.name } satisfies ColumnMeta,
        header: () => header("name"),
        cell: ({ row }) => <NameCell row={row.original} experimentId={experimentId} onShowChildren={(id) => navigate({ q: `tags.\`mlflow.parentRunId\` = '${id}'` })} />,
      },
    ];
    for (const id of columns) {
      const c = parseColumnId(id);
      if (!c) continue;
      const meta: ColumnMeta = { numeric: c.type === "metric" || id === "duration", label: columnLabel(id) };
      let cell: ColumnDef<RunTableRow>["cell"];
      if (c.type === "attribute") {
        cell = {
          name: undefined,
          status: ({ row }: { row: Row<RunTableRow> }) => <StatusBadge status={row.original.status} />,
          start: ({ row }: { row: Row<RunTableRow> }) => <TimeAgo ms={row.original.startTime} className="text-zinc-600 dark:text-zinc-400" />,
          end: ({ row }: { row: Row<RunTableRow> }) => <TimeAgo ms={row.original.endTime} className="text-zinc-600 dark:text-zinc-400" />,
          duration: ({ row }: { row: Row<RunTableRow> }) => <DurationCell row={row.original} />,
          user: ({ row }: { row: Row<RunTableRow> }) => <span className="truncate">{row.original.userId || <span className="text-zinc-300 dark:text-zinc-700">—</span>}</span>,
          source: ({ row }: { row: Row<RunTableRow> }) => <SourceCell value={row.original.values.source} />,
          run_id: ({ row }: { row: Row<RunTableRow> }) => <RunIdCell id={row.original.id} />,
          parent: ({ row }: { row: Row<RunTableRow> }) => <ParentCell row={row.original} experimentId={experimentId} />,
        }[c.key];
      } else {
        const kind = c.type;
        cell = ({ row }) => <ValueCell value={row.original.values[id]} kind={kind} />;
      }
      defs.push({ id, size: defaultColumnWidth(id), header: () => header(id), cell, meta });
    }
    return defs;
  }, [columns, state.sort, state.dir, state.pin, rows.length, pageSelected, selected, selectedSet, pageIds, experimentId, sortBy, navigate, setChosen, chosenNow, toggleRow, writeSelection]);

  // Column widths: dragged locally (every mouse move re-renders, no server round trip) and written
  // to the URL (?w=, only non-default widths) with history.replaceState when a drag ends, like the
  // selection. A server answer (any other navigation) carries them back in `state.widths`.
  const [sizingView, setSizingView] = useState<{ base: Record<string, number>; sizing: ColumnSizingState }>({ base: state.widths, sizing: state.widths });
  const sizing = sizingView.base === state.widths ? sizingView.sizing : state.widths;
  const setSizing = useCallback(
    (updater: ColumnSizingState | ((old: ColumnSizingState) => ColumnSizingState)) =>
      setSizingView((v) => {
        const old = v.base === state.widths ? v.sizing : state.widths;
        return { base: state.widths, sizing: typeof updater === "function" ? updater(old) : updater };
      }),
    [state.widths],
  );

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

  const resizing = table.getState().columnSizingInfo.isResizingColumn;
  useEffect(() => {
    if (resizing) return;
    const widths = Object.fromEntries(Object.entries(sizing).filter(([id]) => id !== "select"));
    const cur = latest.current;
    const qsNow = serializeRunsTableState(cur);
    const qsNext = serializeRunsTableState({ ...cur, widths });
    if (qsNow === qsNext) return;
    latest.current = { ...cur, widths };
    const url = new URL(window.location.href);
    const w = new URLSearchParams(qsNext).get("w");
    if (w) url.searchParams.set("w", w);
    else url.searchParams.delete("w");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }, [sizing, resizing]);

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
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="tabular-nums" data-testid="runs-range">
            {rows.length ? `${(from + 1).toLocaleString("en-US")}–${(from + rows.length).toLocaleString("en-US")}` : "0"} of{" "}
            <Suspense fallback={<span className="inline-block h-3 w-10 animate-pulse rounded bg-zinc-200 align-middle dark:bg-zinc-800" />}>
              <Total promise={total} />
            </Suspense>{" "}
            runs
          </span>
          <div className="flex items-center gap-3">
            <label className="flex items-center gap-2">
              Rows per page
              <select
                aria-label="Rows per page"
                value={state.size}
                onChange={(e) => navigate({ size: Number(e.target.value) })}
                className="h-8 rounded-md border border-zinc-300 bg-white px-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                {PAGE_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex items-center gap-1">
              <button
                type="button"
                aria-label="Previous page"
                disabled={state.page <= 1}
                onClick={() => navigate({ page: state.page - 1 })}
                className={buttonClass({ variant: "ghost", size: "sm" })}
              >
                <ChevronLeft className="h-4 w-4" /> Prev
              </button>
              <span className="px-1 tabular-nums">
                Page {state.page.toLocaleString("en-US")}
                <Suspense fallback={null}>
                  <PageCount promise={total} size={state.size} />
                </Suspense>
              </span>
              <button type="button" aria-label="Next page" disabled={!hasMore} onClick={() => navigate({ page: state.page + 1 })} className={buttonClass({ variant: "ghost", size: "sm" })}>
                Next <ChevronRight className="h-4 w-4" />
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function Total({ promise }: { promise: Promise<number | null> }) {
  const n = use(promise);
  return <span data-testid="runs-total">{n === null ? "?" : n.toLocaleString("en-US")}</span>;
}

function PageCount({ promise, size }: { promise: Promise<number | null>; size: number }) {
  const n = use(promise);
  if (n === null) return null;
  return <> of {Math.max(1, Math.ceil(n / size)).toLocaleString("en-US")}</>;
}

function ColumnHeader({
  id,
  sorted,
  pinned,
  onSort,
  onPin,
  onHide,
}: {
  id: string;
  sorted: "asc" | "desc" | false;
  pinned: boolean;
  onSort: (dir?: "asc" | "desc") => void;
  onPin: (pin: boolean) => void;
  onHide?: () => void;
}) {
  const c = parseColumnId(id);
  const sortable = isSortable(id);
  const label = c?.type === "attribute" ? ATTRIBUTE_LABELS[c.key] : columnLabel(id);
  const kind = c && c.type !== "attribute" ? c.type : null;
  const items = [
    ...(sortable
      ? [
          { label: "Sort ascending", icon: <ArrowUpNarrowWide className="h-3.5 w-3.5" />, onSelect: () => onSort("asc") },
          { label: "Sort descending", icon: <ArrowDownWideNarrow className="h-3.5 w-3.5" />, onSelect: () => onSort("desc") },
        ]
      : []),
    ...(id !== "name"
      ? [pinned ? { label: "Unpin column", icon: <PinOff className="h-3.5 w-3.5" />, onSelect: () => onPin(false) } : { label: "Pin column", icon: <Pin className="h-3.5 w-3.5" />, onSelect: () => onPin(true) }]
      : []),
    ...(onHide ? [{ label: "Hide column", icon: <EyeOff className="h-3.5 w-3.5" />, onSelect: onHide }] : []),
  ];
  const title = kind ? `${KIND_NAME[kind]}: ${c!.key}` : label;
  const content = (
    <>
      {kind && <span aria-hidden className={cn("h-1.5 w-1.5 shrink-0 rounded-full", KIND_DOT[kind])} />}
      <span className={cn("truncate", kind && "font-mono")}>{label}</span>
      {pinned && <Pin aria-label="pinned" className="h-3 w-3 shrink-0 text-zinc-400" />}
      {sorted === "asc" && <ArrowUp aria-hidden className="h-3.5 w-3.5 shrink-0 text-indigo-600 dark:text-indigo-400" />}
      {sorted === "desc" && <ArrowDown aria-hidden className="h-3.5 w-3.5 shrink-0 text-indigo-600 dark:text-indigo-400" />}
    </>
  );
  return (
    <div className="relative flex min-w-0 flex-1 items-center">
      {sortable ? (
        <button
          type="button"
          onClick={() => onSort()}
          title={`${title} — click to sort`}
          className={cn("flex min-w-0 flex-1 items-center gap-1.5 rounded px-0.5 py-1 text-left hover:text-zinc-900 dark:hover:text-zinc-100", c?.type === "metric" && "justify-end", sorted && "text-zinc-900 dark:text-zinc-100")}
        >
          {content}
        </button>
      ) : (
        <span title={title} className={cn("flex min-w-0 flex-1 items-center gap-1.5", (c?.type === "metric" || id === "duration") && "justify-end")}>
          {content}
        </span>
      )}
      {items.length > 0 && (
        <span className="absolute top-1/2 right-0 -translate-y-1/2 rounded-md bg-zinc-50 opacity-0 shadow-[-8px_0_8px_-2px] shadow-zinc-50 group-hover/header:opacity-100 focus-within:opacity-100 dark:bg-zinc-900 dark:shadow-zinc-900">
          <DropdownMenu label={`Column ${label}`} items={items} />
        </span>
      )}
    </div>
  );
}
