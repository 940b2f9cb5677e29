"use client";
// The selected span: its figures, then inputs, outputs, attributes and events, each value pretty
// JSON or chat messages, long values collapsed.
import { CircleAlert } from "lucide-react";
import { CollapsibleText, ValueBlock } from "@/components/traces/value-block";
import { formatLatency, formatTokens } from "@/components/traces/trace-cells";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { SpanView } from "@/lib/schemas/ui-traces";

function Section({ title, count, children }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
        {count !== undefined && <span className="ml-1 font-normal">({count})</span>}
      </h3>
      {children}
    </section>
  );
}

export function SpanDetail({ span }: { span: SpanView }) {
  return (
    <section aria-label={`Span ${span.name}`} data-testid="span-detail" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
      <header className="space-y-1.5 px-4 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="truncate text-base font-semibold">{span.name}</h2>
          {span.spanType && <Badge className="font-mono">{span.spanType}</Badge>}
          <Badge tone={span.status === "ERROR" ? "red" : span.status === "OK" ? "green" : "neutral"}>{span.status === "UNSET" ? "Unset" : span.status === "OK" ? "OK" : "Error"}</Badge>
        </div>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
          <div className="flex gap-1">
            <dt>Duration</dt>
            <dd className="text-zinc-800 tabular-nums dark:text-zinc-200">{formatLatency(span.durationMs)}</dd>
          </div>
          <div className="flex gap-1">
            <dt>Starts at</dt>
            <dd className="text-zinc-800 tabular-nums dark:text-zinc-200">+{formatLatency(span.offsetMs)}</dd>
          </div>
          {span.model && (
            <div className="flex gap-1">
              <dt>Model</dt>
              <dd className="font-mono text-zinc-800 dark:text-zinc-200">{span.model}</dd>
            </div>
          )}
          {span.totalTokens !== null && (
            <div className="flex gap-1">
              <dt>Tokens</dt>
              <dd className="text-zinc-800 tabular-nums dark:text-zinc-200">{formatTokens(span.totalTokens)}</dd>
            </div>
          )}
          <div className="flex items-center gap-1">
            <dt>Span ID</dt>
            <dd className="flex items-center font-mono text-zinc-800 dark:text-zinc-200">
              {span.spanId}
              <CopyButton value={span.spanId} label="Copy span ID" />
            </dd>
          </div>
        </dl>
        {span.status === "ERROR" && span.statusMessage && (
          <p role="status" className="flex items-start gap-1.5 rounded-md bg-red-50 px-2.5 py-1.5 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-300">
            <CircleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
            <span className="break-words">{span.statusMessage}</span>
          </p>
        )}
      </header>
      <Section title="Inputs">
        <ValueBlock value={span.inputs} label="Inputs" />
      </Section>
      <Section title="Outputs">
        <ValueBlock value={span.outputs} label="Outputs" />
      </Section>
      <Section title="Attributes" count={span.attributes.length}>
        {span.attributes.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No attributes.</p>
        ) : (
          <dl className="grid grid-cols-[minmax(8rem,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1.5" data-testid="span-attributes">
            {span.attributes.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs leading-5 break-all text-zinc-500 dark:text-zinc-400">{k}</dt>
                <dd className="min-w-0">
                  <CollapsibleText text={v} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Section>
      <Section title="Events" count={span.events.length}>
        {span.events.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No events.</p>
        ) : (
          <ol className="space-y-2">
            {span.events.map((e, i) => (
              <li key={i} className="rounded-md border border-zinc-200 p-2.5 dark:border-zinc-800">
                <div className="flex items-center justify-between gap-2 text-sm">
                  <span className={e.name === "exception" ? "font-medium text-red-700 dark:text-red-400" : "font-medium"}>{e.name}</span>
                  <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">+{formatLatency(e.offsetMs)}</span>
                </div>
                {e.attributes && <CollapsibleText text={e.attributes} className="mt-1 text-zinc-700 dark:text-zinc-300" />}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </section>
  );
}
