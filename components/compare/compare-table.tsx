"use client";
// The comparison grid: one scroll container (so run columns scroll horizontally in sync across
// every section), a sticky header row of run headers, a sticky first column of row labels, and
// rows virtualised with @tanstack/react-virtual (only what is on screen is in the DOM, with
// measured heights, so 600 rows × 50 runs stay smooth).
// The parts: compare-run-header.tsx, compare-row-view.tsx, compare-table-layout.ts.
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { cn } from "@/components/ui/cn";
import { CompareRowView } from "@/components/compare/compare-row-view";
import { CompareRunHeader } from "@/components/compare/compare-run-header";
import { COLUMN_WIDTH, LABEL_WIDTH, stickyLabel, type CompareTableProps } from "@/components/compare/compare-table-layout";
import type { Row } from "@/components/compare/rows";

const MAX_COLUMN_WIDTH = 560;
const NARROW_COLUMN_WIDTH = 224;

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


/** Below this many cells every row is rendered (small comparisons need no virtualisation). */
const RENDER_ALL_CELLS = 3000;
/** Height of the sticky app header the run headers stick under. */
const APP_HEADER = 48;

export function CompareTable(props: CompareTableProps) {
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
            <CompareRunHeader
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
                <CompareRowView row={row} {...rowProps} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
