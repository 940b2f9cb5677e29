// The breadcrumb trail at the top of a page: links up the hierarchy, the current page last.
import Link from "next/link";
import { Fragment } from "react";
import { ChevronRight } from "lucide-react";
import { cn } from "@/components/ui/cn";

export interface Crumb {
  label: React.ReactNode;
  /** Absent for the current page (the last crumb). */
  href?: string;
  /** Ids and other machine values. */
  mono?: boolean;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
      {items.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />}
          {c.href ? (
            <Link href={c.href} className={cn("truncate hover:text-zinc-900 hover:underline dark:hover:text-zinc-100", c.mono && "font-mono")}>
              {c.label}
            </Link>
          ) : (
            <span className={cn("truncate text-zinc-700 dark:text-zinc-300", c.mono && "font-mono")}>{c.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}
