"use client";
import { Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Switch } from "@/components/ui/checkbox";
import { inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

/** Name search, sort and "show deleted" for the experiments list; all of it lives in the URL. */
export function ExperimentsToolbar({ deletedCount }: { deletedCount: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();
  const [q, setQ] = useState(params.get("q") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const push = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    next.delete("page");
    const qs = next.toString();
    start(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="relative w-full max-w-sm">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-zinc-400" />
        <input
          type="search"
          aria-label="Search experiments by name"
          placeholder="Search experiments…"
          value={q}
          onChange={(e) => {
            const v = e.target.value;
            setQ(v);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => push({ q: v.trim() }), 200);
          }}
          className={cn(inputClass, "pl-8")}
        />
      </div>
      <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        Sort
        <select
          aria-label="Sort experiments"
          value={params.get("sort") ?? "activity"}
          onChange={(e) => push({ sort: e.target.value === "activity" ? null : e.target.value })}
          className={cn(inputClass, "h-8 w-auto py-0 pr-8")}
        >
          <option value="activity">Last activity</option>
          <option value="created">Newest</option>
          <option value="name">Name</option>
        </select>
      </label>
      <Switch
        checked={params.get("view") === "deleted"}
        onChange={(v) => push({ view: v ? "deleted" : null })}
        label={
          <span className="text-zinc-600 dark:text-zinc-400">
            Show deleted{deletedCount > 0 && <span className="ml-1 text-zinc-400 tabular-nums">({deletedCount.toLocaleString("en-US")})</span>}
          </span>
        }
      />
      {pending && <span className="text-xs text-zinc-400" aria-live="polite">Loading…</span>}
    </div>
  );
}
