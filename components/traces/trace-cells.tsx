// Small pieces shared by the traces table, the trace page, the run page's traces and the
// compare page: the state badge, latency and token figures, prompt-version and run links.
// No hooks: usable from server and client components alike.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDuration } from "@/lib/format";
import type { PromptRef, TraceStateName, TraceTableRow } from "@/lib/schemas/ui-traces";

const STATE_TONE = { OK: "green", ERROR: "red", IN_PROGRESS: "blue", STATE_UNSPECIFIED: "neutral" } as const;
const STATE_LABEL: Record<TraceStateName, string> = { OK: "OK", ERROR: "Error", IN_PROGRESS: "In progress", STATE_UNSPECIFIED: "Unknown" };

export function TraceStateBadge({ state }: { state: TraceStateName }) {
  return (
    <Badge tone={STATE_TONE[state] ?? "neutral"}>
      {state === "IN_PROGRESS" && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {STATE_LABEL[state] ?? state}
    </Badge>
  );
}

export const traceHref = (traceId: string, spanId?: string) => `/traces/${encodeURIComponent(traceId)}${spanId ? `?span=${encodeURIComponent(spanId)}` : ""}`;
export const promptVersionHref = (p: PromptRef) => `/prompts/${encodeURIComponent(p.name)}?version=${p.version}`;

/** Latency as "340ms" / "1.2s"; sub-millisecond spans as "<1ms". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms > 0 && ms < 1) return "<1ms";
  return formatDuration(ms);
}

export const formatTokens = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toLocaleString("en-US"));

export function Latency({ ms }: { ms: number | null }) {
  return <span className="tabular-nums">{formatLatency(ms)}</span>;
}

export function Tokens({ row }: { row: Pick<TraceTableRow, "inputTokens" | "outputTokens" | "totalTokens"> }) {
  if (row.totalTokens === null) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  const detail = row.inputTokens !== null || row.outputTokens !== null ? `${formatTokens(row.inputTokens)} in · ${formatTokens(row.outputTokens)} out` : undefined;
  return (
    <span className="tabular-nums" title={detail}>
      {formatTokens(row.totalTokens)}
    </span>
  );
}

export function PromptLinks({ prompts, className }: { prompts: PromptRef[]; className?: string }) {
  if (prompts.length === 0) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return (
    <span className={"flex min-w-0 flex-wrap gap-1 " + (className ?? "")}>
      {prompts.map((p) => (
        <Link
          key={`${p.name}/${p.version}`}
          href={promptVersionHref(p)}
          className="inline-flex max-w-full items-center truncate rounded-full bg-violet-50 px-2 py-0.5 font-mono text-xs text-violet-700 ring-1 ring-violet-200 ring-inset hover:underline dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-900"
          title={`Prompt ${p.name}, version ${p.version}`}
        >
          {p.name} v{p.version}
        </Link>
      ))}
    </span>
  );
}

export function RunLink({ run }: { run: TraceTableRow["run"] }) {
  if (!run) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return (
    <Link
      href={`/experiments/${run.experimentId}/runs/${run.id}`}
      className="truncate text-indigo-600 hover:underline dark:text-indigo-400"
      title={run.id}
    >
      {run.name || run.id}
    </Link>
  );
}

/** A one-line preview of a request/response JSON text. */
export function previewText(s: string | null): string {
  if (!s) return "";
  return s.length > 300 ? s.slice(0, 300) + "…" : s;
}
