"use client";
// The trace page's body: the span tree (collapsible, indented by depth) with a timing waterfall
// beside each span (bar offset by its start, width by its duration, on the trace's time scale),
// and the selected span's detail (↑/↓/←/→ move through the tree). The selection is in the URL (?span=<id>, written with
// history.replaceState so clicking never re-fetches), so a link opens the same span.
import { useEffect, useMemo, useRef, useState } from "react";
import { ChevronDown, ChevronRight, CircleAlert } from "lucide-react";
import { SpanDetail } from "@/components/traces/span-detail";
import { formatLatency } from "@/components/traces/trace-cells";
import { cn } from "@/components/ui/cn";
import type { SpanView } from "@/lib/schemas/ui-traces";

const TYPE_COLOR: Record<string, string> = {
  LLM: "bg-violet-500",
  CHAT_MODEL: "bg-violet-500",
  CHAIN: "bg-sky-500",
  AGENT: "bg-indigo-500",
  TOOL: "bg-amber-500",
  RETRIEVER: "bg-emerald-500",
  EMBEDDING: "bg-teal-500",
  RERANKER: "bg-lime-600",
  PARSER: "bg-zinc-500",
};
export const spanColor = (s: Pick<SpanView, "spanType" | "status">) => (s.status === "ERROR" ? "bg-red-500" : (TYPE_COLOR[s.spanType ?? ""] ?? "bg-zinc-400"));

export function TraceExplorer({ spans, totalMs, initialSpan }: { spans: SpanView[]; totalMs: number; initialSpan: string | null }) {
  const [selectedId, setSelectedId] = useState(() => (initialSpan && spans.some((s) => s.spanId === initialSpan) ? initialSpan : (spans[0]?.spanId ?? null)));
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const hasChildren = useMemo(() => new Set(spans.map((s) => s.parentSpanId).filter((p): p is string => p !== null)), [spans]);

  // Depth-first order: a span is hidden when any ancestor is collapsed.
  const visible = useMemo(() => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    return spans.filter((s) => {
      for (let p = s.parentSpanId; p; p = byId.get(p)?.parentSpanId ?? null) if (collapsed.has(p)) return false;
      return true;
    });
  }, [spans, collapsed]);

  const select = (id: string) => {
    setSelectedId(id);
    const url = new URL(window.location.href);
    url.searchParams.set("span", id);
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  };
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  // The tree from the keyboard: ↑/↓ select the previous/next visible span, ←/→ collapse/expand
  // the selected one (← on a leaf or collapsed span selects its parent), Home/End the ends.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = visible.findIndex((s) => s.spanId === selectedId);
    const cur = visible[i];
    let next: SpanView | undefined;
    if (e.key === "ArrowDown") next = visible[Math.min(i + 1, visible.length - 1)];
    else if (e.key === "ArrowUp") next = visible[Math.max(i - 1, 0)];
    else if (e.key === "Home") next = visible[0];
    else if (e.key === "End") next = visible[visible.length - 1];
    else if (e.key === "ArrowRight" && cur && hasChildren.has(cur.spanId) && collapsed.has(cur.spanId)) toggle(cur.spanId);
    else if (e.key === "ArrowLeft" && cur) {
      if (hasChildren.has(cur.spanId) && !collapsed.has(cur.spanId)) toggle(cur.spanId);
      else next = visible.find((s) => s.spanId === cur.parentSpanId);
    } else return;
    e.preventDefault();
    if (next) {
      select(next.spanId);
      document.getElementById(`span-row-${next.spanId}`)?.focus();
    }
  };

  // A link to a span deep in a long trace: scroll the tree (only the tree) to it once.
  const treeRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const ul = treeRef.current;
    const row = initialSpan ? document.getElementById(`span-row-${initialSpan}`) : null;
    if (!ul || !row) return;
    const top = row.getBoundingClientRect().top - ul.getBoundingClientRect().top + ul.scrollTop;
    if (top > ul.clientHeight - 40) ul.scrollTop = top - ul.clientHeight / 2;
  }, [initialSpan]);

  const selected = spans.find((s) => s.spanId === selectedId) ?? null;
  const scale = totalMs > 0 ? totalMs : 1;
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  if (spans.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 px-6 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
        This trace has no spans (yet): the client uploads them when the trace ends.
      </p>
    );
  }

  return (
    <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section aria-label="Spans" className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <span>
            Span tree <span className="font-normal">({spans.length})</span>
          </span>
          <div className="relative h-4" aria-hidden>
            {ticks.map((t) => (
              <span key={t} className={cn("absolute top-0 tabular-nums", t === 1 ? "-translate-x-full" : t > 0 && "-translate-x-1/2")} style={{ left: `${t * 100}%` }}>
                {formatLatency(t * totalMs)}
              </span>
            ))}
          </div>
        </div>
        <ul ref={treeRef} role="tree" aria-label="Span tree" className="max-h-[70vh] overflow-y-auto py-1" data-testid="span-tree" onKeyDown={onKeyDown}>
          {visible.map((s) => {
            const isSel = s.spanId === selectedId;
            const parent = hasChildren.has(s.spanId);
            const left = (s.offsetMs / scale) * 100;
            const width = s.durationMs === null ? 0 : Math.max((s.durationMs / scale) * 100, 0.4);
            return (
              <li
                key={s.spanId}
                role="treeitem"
                aria-selected={isSel}
                aria-expanded={parent ? !collapsed.has(s.spanId) : undefined}
                aria-level={s.depth + 1}
                className={cn("grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-center gap-2 px-3", isSel ? "bg-indigo-50 dark:bg-indigo-950/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40")}
              >
                <div className="flex min-w-0 items-center" style={{ paddingLeft: `${s.depth * 16}px` }}>
                  {parent ? (
                    <button
                      type="button"
                      onClick={() => toggle(s.spanId)}
                      aria-label={`${collapsed.has(s.spanId) ? "Expand" : "Collapse"} ${s.name}`}
                      className="mr-0.5 rounded p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
                    >
                      {collapsed.has(s.spanId) ? <ChevronRight className="h-3.5 w-3.5" /> : <ChevronDown className="h-3.5 w-3.5" />}
                    </button>
                  ) : (
                    <span className="mr-0.5 w-[18px] shrink-0" />
                  )}
                  <button
                    type="button"
                    id={`span-row-${s.spanId}`}
                    tabIndex={isSel ? 0 : -1}
                    onClick={() => select(s.spanId)}
                    className="flex min-w-0 flex-1 items-center gap-1.5 rounded py-1.5 text-left text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500/60"
                    aria-current={isSel ? "true" : undefined}
                  >
                    <span aria-hidden className={cn("h-2 w-2 shrink-0 rounded-full", spanColor(s))} />
                    <span className={cn("truncate", isSel && "font-medium")}>{s.name}</span>
                    {s.status === "ERROR" && <CircleAlert aria-label="Error" className="h-3.5 w-3.5 shrink-0 text-red-600" />}
                    {s.spanType && <span className="shrink-0 font-mono text-[10px] text-zinc-400 uppercase">{s.spanType}</span>}
                  </button>
                </div>
                <button type="button" tabIndex={-1} onClick={() => select(s.spanId)} className="relative h-5" aria-label={`${s.name}: starts at ${formatLatency(s.offsetMs)}, takes ${formatLatency(s.durationMs)}`}>
                  <span aria-hidden className="absolute inset-y-2 right-0 left-0 rounded bg-zinc-100 dark:bg-zinc-800" />
                  <span
                    aria-hidden
                    data-testid="waterfall-bar"
                    className={cn("absolute inset-y-1 rounded-sm opacity-85", spanColor(s))}
                    style={{ left: `${Math.min(left, 99.6)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.6))}%` }}
                  />
                  <span className={cn("absolute top-0 text-[10px] leading-5 text-zinc-600 tabular-nums dark:text-zinc-300", left + width > 75 ? "pr-1" : "pl-1")} style={left + width > 75 ? { right: `${100 - left}%` } : { left: `${left + width}%` }}>
                    {formatLatency(s.durationMs)}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      {selected && <SpanDetail key={selected.spanId} span={selected} />}
    </div>
  );
}
