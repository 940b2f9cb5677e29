"use client";
// A generic, virtualized grid for a @tanstack/react-table instance: only the rows in view are in
// the DOM (so a page of 1,000 rows scrolls smoothly), the header sticks to the top, left-pinned
// columns stick to the left, and the keyboard works like a grid (↑/↓/Home/End/PgUp/PgDn move the
// focused row, Enter opens it, Space toggles its selection).
import { flexRender, type Column, type Row, type Table } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

export interface ColumnMeta {
  /** Right-align (numbers). */
  numeric?: boolean;
  /** Extra classes for the header cell. */
  headerClassName?: string;
  /** The column's name for assistive technology (the resize handle's label); defaults to its id. */
  label?: string;
}

function pinStyle<T>(column: Column<T, unknown>): React.CSSProperties {
  const pinned = column.getIsPinned();
  return {
    width: column.getSize(),
    minWidth: column.getSize(),
    maxWidth: column.getSize(),
    ...(pinned === "left" ? { position: "sticky", left: column.getStart("left"), zIndex: 1 } : {}),
  };
}

/**
 * The drag handle on a header's right edge: drag to resize, double-click to reset to the default
 * width; focusable, so ←/→ resize by 16px and Enter/Delete resets, from the keyboard too.
 */
function ResizeHandle<T>({ table, column, onStart }: { table: Table<T>; column: Column<T, unknown>; onStart: (e: unknown) => void }) {
  const resizing = column.getIsResizing();
  const name = (column.columnDef.meta as ColumnMeta | undefined)?.label ?? column.id;
  const min = column.columnDef.minSize ?? 20;
  const max = column.columnDef.maxSize ?? Number.MAX_SAFE_INTEGER;
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize column ${name}`}
      aria-valuenow={column.getSize()}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title="Drag to resize · double-click to reset"
      onMouseDown={onStart}
      onTouchStart={onStart}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={() => column.resetSize()}
      onKeyDown={(e) => {
        const step = e.key === "ArrowRight" ? 16 : e.key === "ArrowLeft" ? -16 : 0;
        if (step) {
          e.preventDefault();
          const size = Math.min(max, Math.max(min, column.getSize() + step));
          table.setColumnSizing((old) => ({ ...old, [column.id]: size }));
        } else if (e.key === "Enter" || e.key === "Delete" || e.key === "Backspace") {
          e.preventDefault();
          column.resetSize();
        }
      }}
      className="group/resize absolute top-0 right-0 z-10 flex h-full w-2 cursor-col-resize touch-none justify-end select-none outline-none"
    >
      <span
        aria-hidden
        className={cn(
          "h-full w-0.5 rounded-full transition-colors",
          resizing ? "bg-indigo-500" : "bg-transparent group-hover/header:bg-zinc-300 group-hover/resize:bg-indigo-400 group-focus-visible/resize:bg-indigo-500 dark:group-hover/header:bg-zinc-700",
        )}
      />
    </div>
  );
}

export function VirtualDataTable<T>({
  table,
  rowHeight = 36,
  maxHeight = "calc(100vh - 16rem)",
  onOpenRow,
  onToggleRow,
  isRowSelected,
  ariaLabel,
  totalRowCount,
  rowIndexOffset = 0,
  className,
}: {
  table: Table<T>;
  rowHeight?: number;
  maxHeight?: string;
  onOpenRow?: (row: Row<T>) => void;
  onToggleRow?: (row: Row<T>) => void;
  isRowSelected?: (row: Row<T>) => boolean;
  ariaLabel: string;
  /** All rows across pages (aria-rowcount), when known. */
  totalRowCount?: number;
  /** Index of this page's first row among all rows (aria-rowindex). */
  rowIndexOffset?: number;
  className?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const [focused, setFocused] = useState(0);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not React Compiler-safe; skipping memoization here is intended.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Render the first screenful on the server too (and identically on the first client render),
    // so rows are in the HTML before any script runs; the real size is measured after mount.
    initialRect: { width: 1280, height: 720 },
  });

  const focusRow = useCallback(
    (i: number) => {
      const idx = Math.max(0, Math.min(rows.length - 1, i));
      setFocused(idx);
      virtualizer.scrollToIndex(idx, { align: "auto" });
      const tryFocus = (attempt: number) => {
        const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${idx}"]`);
        if (el) el.focus({ preventScroll: true });
        else if (attempt < 5) requestAnimationFrame(() => tryFocus(attempt + 1));
      };
      requestAnimationFrame(() => tryFocus(0));
    },
    [rows.length, virtualizer],
  );

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>, row: Row<T>, index: number) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const onRowItself = e.target === e.currentTarget;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        return focusRow(index + 1);
      case "ArrowUp":
        e.preventDefault();
        return focusRow(index - 1);
      case "PageDown":
        e.preventDefault();
        return focusRow(index + page);
      case "PageUp":
        e.preventDefault();
        return focusRow(index - page);
      case "Home":
        if (!onRowItself) return;
        e.preventDefault();
        return focusRow(0);
      case "End":
        if (!onRowItself) return;
        e.preventDefault();
        return focusRow(rows.length - 1);
      case "Enter":
        if (!onRowItself) return;
        e.preventDefault();
        return onOpenRow?.(row);
      case " ":
        if (!onRowItself) return;
        e.preventDefault();
        return onToggleRow?.(row);
    }
  };

  const headerGroups = table.getHeaderGroups();
  const totalWidth = table.getTotalSize();
  const items = virtualizer.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={ariaLabel}
      aria-rowcount={totalRowCount !== undefined ? totalRowCount + 1 : -1}
      aria-colcount={table.getVisibleLeafColumns().length}
      className={cn("relative overflow-auto overscroll-contain rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950", className)}
      style={{ maxHeight }}
    >
      <div style={{ width: totalWidth, minWidth: "100%" }}>
        <div role="rowgroup" className="sticky top-0 z-20">
          {headerGroups.map((hg) => (
            <div key={hg.id} role="row" aria-rowindex={1} className="flex border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
              {hg.headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta | undefined;
                const pinned = header.column.getIsPinned() === "left";
                const lastPinned = pinned && header.column.getIsLastColumn("left");
                const sorted = header.column.getIsSorted();
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    style={pinStyle(header.column)}
                    className={cn(
                      "group/header relative flex h-9 shrink-0 items-center px-3 text-xs font-medium text-zinc-600 dark:text-zinc-400",
                      meta?.numeric && "justify-end text-right",
                      pinned && "bg-zinc-50 dark:bg-zinc-900",
                      lastPinned && "border-r border-zinc-200 dark:border-zinc-800",
                      meta?.headerClassName,
                    )}
                  >
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                    {header.column.getCanResize() && <ResizeHandle table={table} column={header.column} onStart={header.getResizeHandler()} />}
                  </div>
                );
              })}
              <div aria-hidden className="flex-1" />
            </div>
          ))}
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((vi) => {
            const row = rows[vi.index];
            const selected = isRowSelected?.(row) ?? false;
            return (
              <div
                key={row.id}
                role="row"
                data-row-index={vi.index}
                aria-rowindex={rowIndexOffset + vi.index + 2}
                aria-selected={selected}
                tabIndex={vi.index === focused ? 0 : -1}
                onFocus={(e) => {
                  if (e.target === e.currentTarget) setFocused(vi.index);
                }}
                onKeyDown={(e) => onKeyDown(e, row, vi.index)}
                className={cn(
                  "group absolute left-0 flex w-full border-b border-zinc-100 text-sm outline-none dark:border-zinc-800/70",
                  "focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset",
                  selected ? "bg-indigo-50 dark:bg-indigo-950" : "bg-white hover:bg-zinc-50 dark:bg-zinc-950 dark:hover:bg-zinc-900",
                )}
                style={{ height: rowHeight, transform: `translateY(${vi.start}px)` }}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                  const pinned = cell.column.getIsPinned() === "left";
                  const lastPinned = pinned && cell.column.getIsLastColumn("left");
                  return (
                    <div
                      key={cell.id}
                      role="gridcell"
                      style={pinStyle(cell.column)}
                      className={cn(
                        "flex shrink-0 items-center overflow-hidden px-3 whitespace-nowrap",
                        meta?.numeric && "justify-end text-right tabular-nums",
                        pinned &&
                          (selected ? "bg-indigo-50 dark:bg-indigo-950" : "bg-white group-hover:bg-zinc-50 dark:bg-zinc-950 dark:group-hover:bg-zinc-900"),
                        lastPinned && "border-r border-zinc-200 dark:border-zinc-800",
                      )}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  );
                })}
                <div aria-hidden className="flex-1" />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
