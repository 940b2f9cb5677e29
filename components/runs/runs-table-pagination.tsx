"use client";
// The runs table's footer: the range shown, the total (streamed in: counting can be slow),
// rows per page and prev/next.
import { Suspense, use } from "react";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { PAGE_SIZES } from "@/lib/schemas/ui-runs-table";

export function RunsTablePagination({
  page,
  size,
  shown,
  hasMore,
  total,
  onPage,
  onSize,
}: {
  page: number;
  size: number;
  /** Rows on this page. */
  shown: number;
  hasMore: boolean;
  total: Promise<number | null>;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
}) {
  const from = (page - 1) * size;
  return (
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="tabular-nums" data-testid="runs-range">
            {shown ? `${(from + 1).toLocaleString("en-US")}–${(from + shown).toLocaleString("en-US")}` : "0"} of{" "}
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
                value={size}
                onChange={(e) => onSize(Number(e.target.value))}
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
                disabled={page <= 1}
                onClick={() => onPage(page - 1)}
                className={buttonClass({ variant: "ghost", size: "sm" })}
              >
                <ChevronLeft className="h-4 w-4" /> Prev
              </button>
              <span className="px-1 tabular-nums">
                Page {page.toLocaleString("en-US")}
                <Suspense fallback={null}>
                  <PageCount promise={total} size={size} />
                </Suspense>
              </span>
              <button type="button" aria-label="Next page" disabled={!hasMore} onClick={() => onPage(page + 1)} className={buttonClass({ variant: "ghost", size: "sm" })}>
                Next <ChevronRight className="h-4 w-4" />
              </button>
            </div>
          </div>
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
