"use client";
// Two traces side by side: their figures, then their spans aligned by path (name from the root;
// repeated siblings #2, #3 — alignSpans) with each side's duration, and for an aligned span the
// inputs and outputs diffed with the prompt page's diff components (chat messages message by
// message, anything else as text). Spans that differ open by default. A is the baseline: B's
// durations show their difference to A's.
import { useState } from "react";
import Link from "next/link";
import { ChevronDown, ChevronRight } from "lucide-react";
import { ChatDiff } from "@/components/diff/chat-diff";
import { TextDiff } from "@/components/diff/text-diff";
import { spanColor } from "@/components/traces/trace-explorer";
import { Latency, PromptLinks, RunLink, TraceStateBadge, Tokens, formatLatency, traceHref } from "@/components/traces/trace-cells";
import { cn } from "@/components/ui/cn";
import type { SpanView, TraceTableRow, ValueView } from "@/lib/schemas/ui-traces";

export interface AlignedSpan {
  path: string;
  left: SpanView | null;
  right: SpanView | null;
}

const same = (a: ValueView | null, b: ValueView | null) => (a?.text ?? "") === (b?.text ?? "");
const differs = (r: AlignedSpan) => !r.left || !r.right || !same(r.left.inputs, r.right.inputs) || !same(r.left.outputs, r.right.outputs) || r.left.status !== r.right.status;

function ValueDiff({ label, a, b, names }: { label: string; a: ValueView | null; b: ValueView | null; names: [string, string] }) {
  return (
    <div className="space-y-1.5" data-testid={`diff-${label.toLowerCase()}`}>
      <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {label} {same(a, b) && <span className="font-normal normal-case">· identical</span>}
      </h4>
      {/* A long value (a retrieved document) stays within a scrollable box. */}
      <div className="max-h-[28rem] overflow-auto">
        {a?.messages && b?.messages ? (
          <ChatDiff before={a.messages} after={b.messages} />
        ) : (
          <TextDiff before={a?.text ?? ""} after={b?.text ?? ""} beforeLabel={names[0]} afterLabel={names[1]} highlightVariables={false} emptyMessage="Identical" />
        )}
      </div>
    </div>
  );
}

/** One side's duration; B's also against A's (A is the baseline). */
function SideCell({ span, baseline }: { span: SpanView | null; baseline?: SpanView | null }) {
  if (!span) return <span className="text-xs text-zinc-400 italic">not in this trace</span>;
  const delta = baseline && span.durationMs !== null && baseline.durationMs !== null ? span.durationMs - baseline.durationMs : null;
  return (
    <span className="flex items-center gap-2 text-xs tabular-nums">
      <span aria-hidden className={cn("h-2 w-2 shrink-0 rounded-full", spanColor(span))} />
      {formatLatency(span.durationMs)}
      {span.status === "ERROR" && <span className="text-red-600">error</span>}
      {delta !== null && delta !== 0 && <span className={delta > 0 ? "text-red-600 dark:text-red-400" : "text-emerald-600 dark:text-emerald-400"}>{delta > 0 ? "+" : "−"}{formatLatency(Math.abs(delta))}</span>}
    </span>
  );
}

export function TraceCompare({ traces, rows }: { traces: [TraceTableRow, TraceTableRow]; rows: AlignedSpan[] }) {
  const [open, setOpen] = useState<Set<string>>(() => new Set(rows.filter((r) => r.left && r.right && differs(r)).slice(0, 5).map((r) => r.path)));
  const names: [string, string] = [`A · ${traces[0].name ?? traces[0].traceId}`, `B · ${traces[1].name ?? traces[1].traceId}`];
  const toggle = (p: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(p)) n.delete(p);
      else n.add(p);
      return n;
    });
  const changed = rows.filter(differs).length;

  return (
    <div className="space-y-5">
      <div className="grid gap-3 md:grid-cols-2">
        {traces.map((t, i) => (
          <section key={t.traceId} aria-label={`Trace ${i === 0 ? "A" : "B"}`} className="space-y-1.5 rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40">
            <div className="flex items-center gap-2">
              <span className="rounded bg-zinc-900 px-1.5 text-xs font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">{i === 0 ? "A" : "B"}</span>
              <Link href={traceHref(t.traceId)} className="truncate font-semibold text-indigo-700 hover:underline dark:text-indigo-300">
                {t.name || t.traceId}
              </Link>
              <TraceStateBadge state={t.state} />
            </div>
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
              <div className="flex gap-1">
                <dt>Latency</dt>
                <dd className="text-zinc-800 dark:text-zinc-200">
                  <Latency ms={t.latencyMs} />
                </dd>
              </div>
              <div className="flex gap-1">
                <dt>Tokens</dt>
                <dd className="text-zinc-800 dark:text-zinc-200">
                  <Tokens row={t} />
                </dd>
              </div>
              <div className="flex gap-1">
                <dt>Run</dt>
                <dd>
                  <RunLink run={t.run} />
                </dd>
              </div>
              <div className="flex items-center gap-1">
                <dt>Prompts</dt>
                <dd>
                  <PromptLinks prompts={t.prompts} />
                </dd>
              </div>
            </dl>
            <p className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={t.requestPreview ?? undefined}>
              {t.requestPreview ?? "—"}
            </p>
          </section>
        ))}
      </div>

      <section aria-label="Aligned spans" className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
        <div className="grid grid-cols-[minmax(0,1fr)_10rem_10rem] gap-3 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <span>
            Span (aligned by path) · {rows.length} span{rows.length === 1 ? "" : "s"}, {changed} differ{changed === 1 ? "s" : ""}
          </span>
          <span>A</span>
          <span>B</span>
        </div>
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="aligned-spans">
          {rows.map((r) => {
            const s = r.left ?? r.right!;
            const isOpen = open.has(r.path);
            const both = r.left && r.right;
            const diff = differs(r);
            return (
              <li key={r.path} data-path={r.path}>
                <button
                  type="button"
                  onClick={() => toggle(r.path)}
                  disabled={!both}
                  aria-expanded={both ? isOpen : undefined}
                  className="grid w-full grid-cols-[minmax(0,1fr)_10rem_10rem] items-center gap-3 px-3 py-1.5 text-left text-sm hover:bg-zinc-50 disabled:cursor-default dark:hover:bg-zinc-800/40"
                >
                  <span className="flex min-w-0 items-center gap-1" style={{ paddingLeft: `${s.depth * 16}px` }}>
                    {both ? isOpen ? <ChevronDown aria-hidden className="h-3.5 w-3.5 shrink-0 text-zinc-400" /> : <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0 text-zinc-400" /> : <span className="w-3.5" />}
                    <span className="truncate">{s.name}</span>
                    {s.spanType && <span className="shrink-0 font-mono text-[10px] text-zinc-400 uppercase">{s.spanType}</span>}
                    {diff && (
                      <span className="ml-1 shrink-0 rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800 dark:bg-amber-500/15 dark:text-amber-300">
                        {!r.left ? "only in B" : !r.right ? "only in A" : "differs"}
                      </span>
                    )}
                  </span>
                  <SideCell span={r.left} />
                  <SideCell span={r.right} baseline={r.left} />
                </button>
                {both && isOpen && (
                  <div className="space-y-3 border-t border-zinc-100 bg-zinc-50/50 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/30">
                    <ValueDiff label="Inputs" a={r.left!.inputs} b={r.right!.inputs} names={names} />
                    <ValueDiff label="Outputs" a={r.left!.outputs} b={r.right!.outputs} names={names} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
