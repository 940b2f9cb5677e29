"use client";
// The experiment's Traces tab: one server-rendered page of traces (filtered and sorted by
// search_traces on the server). Filter, sort, page and page size are URL state (?q, sort, dir,
// page, size — lib/schemas/ui-traces.ts), so every change is a navigation the server answers and
// a copied link reproduces the view. Ticking two rows enables Compare.
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, CircleAlert, GitCompareArrows, Search, X } from "lucide-react";
import { VirtualDataTable, type ColumnMeta } from "@/components/data-table/virtual-data-table";
import { Latency, PromptLinks, RunLink, TraceStateBadge, Tokens, traceHref } from "@/components/traces/trace-cells";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { TimeAgo } from "@/components/ui/time";
import { serializeTracesTableState, TRACE_PAGE_SIZES, type TraceSort, type TraceTableRow, type TracesTableState } from "@/lib/schemas/ui-traces";

const EXAMPLES = ["trace.status = 'ERROR'", "trace.name = 'qa_chain'", "trace.execution_time_ms > 1000", "tag.team = 'search'", "span.name = 'ChatOpenAI'"];

export interface TracesTableProps {
  state: TracesTableState;
  rows: TraceTableRow[];
  hasMore: boolean;
  filterError: string | null;
  emptyState: React.ReactNode;
}

export function TracesTable({ state, rows, hasMore, filterError, emptyState }: TracesTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [selected, setSelected] = useState<string[]>([]);

  const navigate = (changes: Partial<TracesTableState>) => {
    const next = { ...state, page: 1, ...changes };
    const qs = serializeTracesTableState(next);
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };
  const sortBy = (sort: TraceSort) => navigate({ sort, dir: state.sort === sort ? (state.dir === "asc" ? "desc" : "asc") : sort === "name" || sort === "status" ? "asc" : "desc" });
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  const columns = useMemo<ColumnDef<TraceTableRow>[]>(() => {
    const header = (label: string, sort?: TraceSort, numeric = false) =>
      function Header() {
        if (!sort) return <span>{label}</span>;
        const active = state.sort === sort;
        return (
          <button
            type="button"
            onClick={() => sortBy(sort)}
            aria-label={`Sort by ${label}`}
            title={active ? `Sorted ${state.dir === "asc" ? "ascending" : "descending"}` : undefined}
            className={cn("inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100", numeric && "ml-auto", active && "text-zinc-900 dark:text-zinc-100")}
          >
            {label}
            {active && (state.dir === "asc" ? <ArrowUp aria-hidden className="h-3.5 w-3.5" /> : <ArrowDown aria-hidden className="h-3.5 w-3.5" />)}
          </button>
        );
      };
    const num: ColumnMeta = { numeric: true };
    return [
      {
        id: "select",
        size: 40,
        enableResizing: false,
        header: () => <span className="sr-only">Select</span>,
        cell: ({ row }) => (
          <Checkbox tabIndex={-1} aria-label={`Select trace ${row.original.name ?? row.original.traceId}`} checked={selected.includes(row.original.traceId)} onChange={() => toggle(row.original.traceId)} />
        ),
      },
      {
        id: "name",
        size: 200,
        header: header("Name", "name"),
        cell: ({ row: { original: r } }) => (
          <div className="flex min-w-0 flex-col">
            <Link href={traceHref(r.traceId)} tabIndex={-1} className="truncate font-medium text-indigo-700 hover:underline dark:text-indigo-300" title={r.traceId}>
              {r.name || r.traceId}
            </Link>
          </div>
        ),
      },
      {
        id: "request",
        size: 220,
        header: header("Request"),
        cell: ({ row: { original: r } }) => (
          <span className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={r.requestPreview ?? undefined}>
            {r.requestPreview ?? "—"}
          </span>
        ),
      },
      { id: "status", size: 110, header: header("State", "status"), cell: ({ row }) => <TraceStateBadge state={row.original.state} /> },
      { id: "execution_time_ms", size: 90, meta: num, header: header("Latency", "execution_time_ms", true), cell: ({ row }) => <Latency ms={row.original.latencyMs} /> },
      { id: "total_tokens", size: 80, meta: num, header: header("Tokens", "total_tokens", true), cell: ({ row }) => <Tokens row={row.original} /> },
      { id: "prompts", size: 190, header: header("Prompts"), cell: ({ row }) => <PromptLinks prompts={row.original.prompts} className="flex-nowrap overflow-hidden" /> },
      { id: "run", size: 130, header: header("Run"), cell: ({ row }) => <RunLink run={row.original.run} /> },
      {
        id: "assessments",
        size: 130,
        header: header("Assessments"),
        cell: ({ row }) =>
          row.original.assessments.length === 0 ? (
            <span className="text-zinc-400 dark:text-zinc-500">—</span>
          ) : (
            <span className="flex gap-1 overflow-hidden">
              {row.original.assessments.map((a, i) => (
                <Badge key={i} tone={a.verdict === true ? "green" : a.verdict === false ? "red" : "neutral"} title={`${a.name}: ${a.value}`}>
                  {a.name}: {a.value}
                </Badge>
              ))}
            </span>
          ),
      },
      { id: "timestamp_ms", size: 130, header: header("Time", "timestamp_ms"), cell: ({ row }) => <TimeAgo ms={row.original.requestTime} className="text-zinc-600 dark:text-zinc-400" /> },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- sortBy/toggle only read state and selected, listed here
  }, [state.sort, state.dir, selected]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table is not React Compiler-safe; this component is not memoized by the compiler.
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.traceId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting: [{ id: state.sort, desc: state.dir === "desc" }], columnPinning: { left: ["select", "name"] } },
  });

  const from = (state.page - 1) * state.size;
  const compare = selected.slice(0, 2);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-2">
        <TraceFilterBox key={state.q} value={state.q} error={filterError} onApply={(q) => navigate({ q })} />
        {selected.length >= 2 ? (
          <Link href={`/traces/compare?traces=${compare.map(encodeURIComponent).join(",")}`} className={buttonClass({ variant: "primary" })}>
            <GitCompareArrows className="h-4 w-4" /> Compare {selected.length > 2 ? "first 2" : "2"}
          </Link>
        ) : (
          <span className={buttonClass({ variant: "primary", className: "pointer-events-none opacity-50" })} aria-disabled title="Select two traces to compare">
            <GitCompareArrows className="h-4 w-4" /> Compare
          </span>
        )}
        {selected.length > 0 && (
          <span className="self-center text-xs text-zinc-600 dark:text-zinc-400">
            {selected.length} selected ·{" "}
            <button type="button" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" onClick={() => setSelected([])}>
              Clear
            </button>
          </span>
        )}
      </div>

      <div className="relative">
        {pending && <div aria-hidden className="absolute inset-x-0 top-0 z-30 h-0.5 animate-pulse rounded-t-lg bg-indigo-500" />}
        {rows.length === 0 ? (
          filterError ? (
            <p className="rounded-lg border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">Fix the filter above, or clear it, to see traces.</p>
          ) : (
            emptyState
          )
        ) : (
          <VirtualDataTable
            table={table}
            ariaLabel="Traces"
            rowIndexOffset={from}
            className={cn(pending && "opacity-70 transition-opacity")}
            onOpenRow={(row) => router.push(traceHref(row.original.traceId))}
            onToggleRow={(row) => toggle(row.original.traceId)}
            isRowSelected={(row) => selected.includes(row.original.traceId)}
          />
        )}
      </div>

      {(rows.length > 0 || state.page > 1) && (
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="tabular-nums" data-testid="traces-range">
            {rows.length ? `${(from + 1).toLocaleString("en-US")}–${(from + rows.length).toLocaleString("en-US")}` : "none"}
            {hasMore ? " · more on the next page" : ""}
          </span>
          <div className="flex items-center gap-3">
            <label className="flex items-center gap-2">
              Rows per page
              <select
                value={state.size}
                onChange={(e) => navigate({ size: Number(e.target.value) })}
                className="h-8 rounded-md border border-zinc-300 bg-white px-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                {TRACE_PAGE_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" aria-label="Previous page" disabled={state.page <= 1} onClick={() => navigate({ page: state.page - 1 })} className={buttonClass({ variant: "ghost", size: "sm" })}>
              <ChevronLeft className="h-4 w-4" /> Prev
            </button>
            <span className="tabular-nums">Page {state.page.toLocaleString("en-US")}</span>
            <button type="button" aria-label="Next page" disabled={!hasMore} onClick={() => navigate({ page: state.page + 1 })} className={buttonClass({ variant: "ghost", size: "sm" })}>
              Next <ChevronRight className="h-4 w-4" />
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The search_traces filter box: Enter applies; the server parser's error is shown under it. */
function TraceFilterBox({ value, error, onApply }: { value: string; error: string | null; onApply: (q: string) => void }) {
  const [text, setText] = useState(value);
  const stale = text !== value;
  return (
    <form
      role="search"
      className="min-w-72 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim());
      }}
    >
      <div className="relative">
        <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-zinc-400" />
        <input
          type="search"
          aria-label="Filter traces"
          aria-invalid={error && !stale ? true : undefined}
          aria-describedby={error ? "trace-filter-error" : "trace-filter-help"}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={`Filter traces, e.g. ${EXAMPLES[0]}`}
          spellCheck={false}
          className={cn(
            "h-9 w-full rounded-md border bg-white pr-8 pl-8 font-mono text-sm outline-none focus:ring-2 focus:ring-indigo-500/40 dark:bg-zinc-900",
            error && !stale ? "border-red-400 dark:border-red-700" : "border-zinc-300 dark:border-zinc-700",
          )}
        />
        {text && (
          <button
            type="button"
            aria-label="Clear filter"
            onClick={() => {
              setText("");
              if (value) onApply("");
            }}
            className="absolute top-2 right-2 rounded p-0.5 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
          >
            <X className="h-4 w-4" />
          </button>
        )}
      </div>
      {error ? (
        <p id="trace-filter-error" role="alert" className="mt-1.5 flex items-start gap-1.5 text-xs text-red-700 dark:text-red-400">
          <CircleAlert aria-hidden className="mt-px h-3.5 w-3.5 shrink-0" />
          <span className="break-words">{error}</span>
        </p>
      ) : (
        <p id="trace-filter-help" className="mt-1.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
          search_traces grammar:{" "}
          {EXAMPLES.slice(1).map((x, i) => (
            <span key={x}>
              {i > 0 && " · "}
              <button type="button" className="font-mono hover:text-indigo-600 dark:hover:text-indigo-400" onClick={() => setText(x)}>
                {x}
              </button>
            </span>
          ))}
        </p>
      )}
    </form>
  );
}
