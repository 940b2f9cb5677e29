// The run page's Traces tab: the traces created in the run or linked to it (listRunTraces), with
// their figures, each linking to its trace page.
import Link from "next/link";
import { Latency, PromptLinks, TraceStateBadge, Tokens, traceHref } from "@/components/traces/trace-cells";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import type { TraceTableRow } from "@/lib/schemas/ui-traces";

export function RunTraces({ rows, hasMore }: { rows: TraceTableRow[]; hasMore: boolean }) {
  if (rows.length === 0) {
    return (
      <EmptyState title="No traces in this run">
        Traces produced inside <code className="font-mono">mlflow.start_run()</code> (by <code className="font-mono">@mlflow.trace</code>, <code className="font-mono">mlflow.start_span()</code> or
        autologging), or linked to the run, show up here.
      </EmptyState>
    );
  }
  const sum = (k: "totalTokens" | "latencyMs") => rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  const withLatency = rows.filter((r) => r.latencyMs !== null).length;
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {rows.length.toLocaleString("en-US")}
        {hasMore ? "+" : ""} trace{rows.length === 1 ? "" : "s"} · average latency <Latency ms={withLatency ? sum("latencyMs") / withLatency : null} /> · {sum("totalTokens").toLocaleString("en-US")} tokens
        {hasMore ? " (newest shown)" : ""}
      </p>
      <TraceRowsTable rows={rows} label="Run traces" />
    </div>
  );
}

/** A list of traces (newest first), each linking to its trace page. */
export function TraceRowsTable({ rows, label }: { rows: TraceTableRow[]; label: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Request</th>
            <th className="px-3 py-2 font-medium">State</th>
            <th className="px-3 py-2 text-right font-medium">Latency</th>
            <th className="px-3 py-2 text-right font-medium">Tokens</th>
            <th className="px-3 py-2 font-medium">Prompts</th>
            <th className="px-3 py-2 font-medium">Time</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.traceId} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <td className="px-3 py-2">
                <Link href={traceHref(r.traceId)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300" title={r.traceId}>
                  {r.name || r.traceId}
                </Link>
              </td>
              <td className="max-w-80 truncate px-3 py-2 font-mono text-xs text-zinc-600 dark:text-zinc-400" title={r.requestPreview ?? undefined}>
                {r.requestPreview ?? "—"}
              </td>
              <td className="px-3 py-2">
                <TraceStateBadge state={r.state} />
              </td>
              <td className="px-3 py-2 text-right">
                <Latency ms={r.latencyMs} />
              </td>
              <td className="px-3 py-2 text-right">
                <Tokens row={r} />
              </td>
              <td className="px-3 py-2">
                <PromptLinks prompts={r.prompts} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                <TimeAgo ms={r.requestTime} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
