"use client";
// The column chooser: built-in run columns plus every metric, param and tag key the experiment
// has seen. Keys are searched on the server (experiment_keys) and loaded page by page into a
// virtualized list, so 5,000+ keys stay instant; only chosen columns are ever fetched for rows.
import { Columns3, Loader2, Search } from "lucide-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState } from "react";
import { searchExperimentKeysAction } from "@/lib/actions/runs";
import { Popover } from "@/components/ui/popover";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ATTRIBUTE_COLUMNS, ATTRIBUTE_LABELS, columnId, type KeyKind } from "@/lib/schemas/ui-runs-table";

type Tab = "all" | KeyKind;
interface KeyRow {
  kind: KeyKind;
  key: string;
}

const PAGE = 200;
const KIND_LABEL: Record<KeyKind, string> = { metric: "Metrics", param: "Params", tag: "Tags" };
const KIND_BADGE: Record<KeyKind, string> = {
  metric: "text-emerald-700 bg-emerald-50 dark:text-emerald-300 dark:bg-emerald-950",
  param: "text-sky-700 bg-sky-50 dark:text-sky-300 dark:bg-sky-950",
  tag: "text-amber-800 bg-amber-50 dark:text-amber-300 dark:bg-amber-950",
};

export function ColumnChooser({
  experimentId,
  chosen,
  keyCounts,
  onToggle,
  onReset,
}: {
  experimentId: string;
  /** Chosen column ids (without the name column). */
  chosen: string[];
  keyCounts: Record<KeyKind, number>;
  onToggle: (id: string, on: boolean) => void;
  onReset: () => void;
}) {
  const total = keyCounts.metric + keyCounts.param + keyCounts.tag;
  return (
    <Popover
      align="end"
      className="w-[26rem]"
      trigger={(p) => (
        <button {...p} type="button" className={buttonClass({ size: "md" })} aria-label="Choose columns">
          <Columns3 className="h-4 w-4" />
          Columns
          <span className="rounded-full bg-zinc-100 px-1.5 text-[11px] text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">{chosen.length + 1}</span>
        </button>
      )}
    >
      <ChooserPanel experimentId={experimentId} chosen={chosen} keyCounts={keyCounts} total={total} onToggle={onToggle} onReset={onReset} />
    </Popover>
  );
}

function ChooserPanel({
  experimentId,
  chosen,
  keyCounts,
  total,
  onToggle,
  onReset,
}: {
  experimentId: string;
  chosen: string[];
  keyCounts: Record<KeyKind, number>;
  total: number;
  onToggle: (id: string, on: boolean) => void;
  onReset: () => void;
}) {
  const [query, setQuery] = useState("");
  const [tab, setTab] = useState<Tab>("all");
  const [rows, setRows] = useState<KeyRow[]>([]);
  const [counts, setCounts] = useState(keyCounts);
  const [matchTotal, setMatchTotal] = useState(total);
  const [loading, setLoading] = useState(true);
  const requestId = useRef(0);
  const loadingMore = useRef(false);
  const chosenSet = new Set(chosen);

  const load = useCallback(
    async (q: string, t: Tab, offset: number) => {
      const id = ++requestId.current;
      setLoading(true);
      const res = await searchExperimentKeysAction({ experimentId, query: q, kind: t === "all" ? undefined : t, offset, limit: PAGE });
      if (id !== requestId.current) return;
      setLoading(false);
      loadingMore.current = false;
      if (!res.ok) return;
      const r = res.data;
      setRows((prev) => (offset === 0 ? r.keys : [...prev, ...r.keys]));
      setCounts(r.counts);
      setMatchTotal(r.total);
    },
    [experimentId],
  );

  useEffect(() => {
    const t = setTimeout(() => void load(query, tab, 0), query ? 150 : 0);
    return () => clearTimeout(t);
  }, [query, tab, load]);

  const listRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not React Compiler-safe; skipping memoization here is intended.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => listRef.current, estimateSize: () => 30, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && rows.length < matchTotal && !loadingMore.current) {
      loadingMore.current = true;
      void load(query, tab, rows.length);
    }
  }, [last, rows.length, matchTotal, query, tab, load]);

  const attrs = ATTRIBUTE_COLUMNS.filter((a) => a !== "name" && (!query || ATTRIBUTE_LABELS[a].toLowerCase().includes(query.toLowerCase())));

  return (
    <div className="flex max-h-[70vh] flex-col">
      <div className="border-b border-zinc-200 p-3 dark:border-zinc-800">
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-zinc-400" />
          <input
            autoFocus
            type="search"
            aria-label="Search columns"
            placeholder={`Search ${total.toLocaleString("en-US")} keys…`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                listRef.current?.querySelector<HTMLInputElement>("input[type=checkbox]")?.focus();
              }
            }}
            className={cn(inputClass, "h-8 pl-8")}
          />
        </div>
        <div role="tablist" aria-label="Key kind" className="mt-2 flex gap-1 text-xs">
          {(["all", "metric", "param", "tag"] as Tab[]).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => setTab(t)}
              className={cn(
                "rounded-md px-2 py-1 font-medium",
                tab === t ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
              )}
            >
              {t === "all" ? "All" : KIND_LABEL[t]} <span className="tabular-nums opacity-70">{(t === "all" ? counts.metric + counts.param + counts.tag : counts[t]).toLocaleString("en-US")}</span>
            </button>
          ))}
        </div>
      </div>

      {tab === "all" && attrs.length > 0 && (
        <fieldset className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <legend className="sr-only">Run attributes</legend>
          <div className="grid grid-cols-2 gap-x-3">
            {attrs.map((a) => (
              <label key={a} className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                <input type="checkbox" className="h-3.5 w-3.5 accent-indigo-600" checked={chosenSet.has(a)} onChange={(e) => onToggle(a, e.target.checked)} />
                {ATTRIBUTE_LABELS[a]}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      <div ref={listRef} className="min-h-24 flex-1 overflow-y-auto" style={{ maxHeight: 340 }} aria-label="Keys" role="group">
        {rows.length === 0 && !loading ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {query ? `No keys match “${query}”.` : "This experiment has no metrics, params or tags yet."}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((vi) => {
              const r = rows[vi.index];
              const id = columnId(r.kind, r.key);
              return (
                <label
                  key={id}
                  data-index={vi.index}
                  className="absolute left-0 flex w-full cursor-pointer items-center gap-2 px-3 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
                  style={{ height: vi.size, transform: `translateY(${vi.start}px)` }}
                  title={r.key}
                >
                  <input
                    type="checkbox"
                    className="h-3.5 w-3.5 shrink-0 accent-indigo-600"
                    checked={chosenSet.has(id)}
                    onChange={(e) => onToggle(id, e.target.checked)}
                    onKeyDown={(e) => {
                      const dir = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
                      if (!dir) return;
                      e.preventDefault();
                      const next = vi.index + dir;
                      if (next < 0) return;
                      virtualizer.scrollToIndex(next);
                      requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`[data-index="${next}"] input`)?.focus());
                    }}
                  />
                  <span className={cn("shrink-0 rounded px-1 text-[10px] font-semibold tracking-wide uppercase", KIND_BADGE[r.kind])}>{r.kind}</span>
                  <span className="truncate font-mono text-[13px]">{r.key}</span>
                </label>
              );
            })}
          </div>
        )}
      </div>
      <div className="flex items-center justify-between border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <span className="flex items-center gap-1.5 tabular-nums">
          {loading && <Loader2 className="h-3 w-3 animate-spin" />}
          {rows.length.toLocaleString("en-US")} of {matchTotal.toLocaleString("en-US")} shown · {chosen.length + 1} columns
        </span>
        <button type="button" onClick={onReset} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Reset to defaults
        </button>
      </div>
    </div>
  );
}
