// The trace page's header: name, state, latency, tokens, time, IDs, the linked run and prompt
// versions, tags, assessments, and the request/response previews.
import { CollapsibleText } from "@/components/traces/value-block";
import { Latency, PromptLinks, RunLink, TraceStateBadge, Tokens } from "@/components/traces/trace-cells";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import type { TraceView } from "@/lib/schemas/ui-traces";

/** A preview as pretty JSON when it parses (the client writes JSON text), else as is. */
function pretty(s: string | null): string {
  if (!s || s === "null") return "";
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}

export function TraceHeader({ view }: { view: TraceView }) {
  const r = view.row;
  const tags = view.tags.filter(([k]) => !k.startsWith("mlflow."));
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="truncate text-xl font-semibold tracking-tight">{r.name || r.traceId}</h1>
        <TraceStateBadge state={r.state} />
      </div>
      <dl className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
        <div className="flex items-center gap-1">
          <dt>Trace ID</dt>
          <dd className="flex items-center font-mono text-zinc-700 dark:text-zinc-300" data-testid="trace-id">
            {r.traceId}
            <CopyButton value={r.traceId} label="Copy trace ID" />
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>Latency</dt>
          <dd className="text-zinc-700 dark:text-zinc-300" data-testid="trace-latency">
            <Latency ms={r.latencyMs} />
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>Tokens</dt>
          <dd className="text-zinc-700 dark:text-zinc-300">
            <Tokens row={r} />
            {r.inputTokens !== null && (
              <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">
                ({r.inputTokens.toLocaleString("en-US")} in · {(r.outputTokens ?? 0).toLocaleString("en-US")} out)
              </span>
            )}
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>Started</dt>
          <dd className="text-zinc-700 dark:text-zinc-300">
            <TimeAgo ms={r.requestTime} />
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>Run</dt>
          <dd>
            <RunLink run={r.run} />
          </dd>
        </div>
        <div className="flex items-center gap-1">
          <dt>Prompts</dt>
          <dd>
            <PromptLinks prompts={r.prompts} />
          </dd>
        </div>
      </dl>
      {tags.length > 0 && (
        <ul aria-label="Trace tags" className="flex flex-wrap gap-1.5">
          {tags.map(([k, v]) => (
            <li key={k}>
              <Badge className="max-w-80 font-normal" title={`${k} = ${v}`}>
                <span className="text-zinc-500 dark:text-zinc-400">{k}</span>
                <span className="truncate">{v}</span>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      {view.assessments.length > 0 && (
        <ul aria-label="Assessments" className="flex flex-wrap gap-1.5">
          {view.assessments.map((a) => (
            <li key={a.assessmentId}>
              <Badge tone={a.error ? "amber" : a.verdict === true ? "green" : a.verdict === false ? "red" : "neutral"} title={[a.rationale, a.error, `${a.sourceType}${a.sourceId ? ` · ${a.sourceId}` : ""}`].filter(Boolean).join("\n")}>
                <span className="text-zinc-500 dark:text-zinc-400">{a.kind === "expectation" ? "expected " : ""}{a.name}</span>
                <span className="max-w-60 truncate">{a.error ? "error" : a.value}</span>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        {(["Request", "Response"] as const).map((label) => {
          const text = pretty(label === "Request" ? r.requestPreview : r.responsePreview);
          return (
            <section key={label} aria-label={label} className="min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900/40">
              <h2 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</h2>
              {text ? <CollapsibleText text={text} className="text-zinc-800 dark:text-zinc-200" /> : <p className="text-sm text-zinc-400">—</p>}
            </section>
          );
        })}
      </div>
    </header>
  );
}
