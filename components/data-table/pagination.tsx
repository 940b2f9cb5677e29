import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** Server-rendered pager: "1–25 of 312" and prev/next links that keep the other URL params. */
export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
  noun = "items",
  className,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
  noun?: string;
  className?: string;
}) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = (target: number, label: string, icon: React.ReactNode, disabled: boolean) =>
    disabled ? (
      <span aria-disabled className="inline-flex h-8 items-center gap-1 rounded-md px-2.5 text-sm text-zinc-300 dark:text-zinc-700">
        {icon}
        {label}
      </span>
    ) : (
      <Link
        href={hrefFor(target)}
        scroll={false}
        className="inline-flex h-8 items-center gap-1 rounded-md px-2.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        {icon}
        {label}
      </Link>
    );
  return (
    <nav aria-label="Pagination" className={cn("flex items-center justify-between gap-4 text-sm text-zinc-500 dark:text-zinc-400", className)}>
      <span className="tabular-nums">
        {from.toLocaleString("en-US")}–{to.toLocaleString("en-US")} of {total.toLocaleString("en-US")} {noun}
      </span>
      {pageCount > 1 && (
        <div className="flex items-center gap-1">
          {link(page - 1, "Previous", <ChevronLeft className="h-4 w-4" />, page <= 1)}
          <span className="px-2 tabular-nums">
            Page {page.toLocaleString("en-US")} of {pageCount.toLocaleString("en-US")}
          </span>
          {link(page + 1, "Next", <ChevronRight className="h-4 w-4" />, page >= pageCount)}
        </div>
      )}
    </nav>
  );
}

/** Pager for token-paged lists (MLflow page tokens have no page count): "First page" / "Next page". */
export function TokenPagination({ firstHref, nextHref }: { firstHref?: string; nextHref?: string }) {
  if (!firstHref && !nextHref) return null;
  const cls =
    "inline-flex h-7 items-center rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";
  return (
    <nav aria-label="Pagination" className="flex justify-end gap-2">
      {firstHref && (
        <Link href={firstHref} className={cls}>
          First page
        </Link>
      )}
      {nextHref && (
        <Link href={nextHref} className={cls}>
          Next page
        </Link>
      )}
    </nav>
  );
}
