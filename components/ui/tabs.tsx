import Link from "next/link";
import { cn } from "@/components/ui/cn";

export interface TabItem {
  href: string;
  label: string;
  count?: number;
  active: boolean;
}

/** Link tabs: each tab is a URL, so a tab can be shared and the back button works. */
export function TabNav({ tabs, className, label = "Sections" }: { tabs: TabItem[]; className?: string; label?: string }) {
  return (
    <nav aria-label={label} className={cn("flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800", className)}>
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          scroll={false}
          aria-current={t.active ? "page" : undefined}
          className={cn(
            "-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap transition-colors",
            t.active
              ? "border-indigo-600 font-medium text-zinc-900 dark:border-indigo-400 dark:text-zinc-50"
              : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-200",
          )}
        >
          {t.label}
          {t.count !== undefined && (
            <span className="rounded-full bg-zinc-100 px-1.5 text-[11px] font-medium text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-400">{t.count.toLocaleString("en-US")}</span>
          )}
        </Link>
      ))}
    </nav>
  );
}
