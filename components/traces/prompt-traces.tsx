// The prompt page's Traces tab: latency and token figures of the traces that used each version
// ("metrics by version" for traces, getPromptTraceStats) and the selected version's latest traces.
import Link from "next/link";
import { formatLatency, formatTokens } from "@/components/traces/trace-cells";
import { TraceRowsTable } from "@/components/traces/run-traces";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { PromptVersionTraceStats, TraceTableRow } from "@/lib/schemas/ui-traces";

const th = "px-3 py-2 font-medium";
const num = "px-3 py-2 text-right tabular-nums";

export function PromptTraces({
  stats,
  selectedVersion,
  traces,
  hasMore,
  hrefFor,
}: {
  stats: PromptVersionTraceStats[];
  selectedVersion: number | null;
  traces: TraceTableRow[];
  hasMore: boolean;
  /** The Traces tab with another version selected. */
  hrefFor: (version: number) => string;
}) {
  if (stats.length === 0) {
    return (
      <EmptyState title="No traces used this prompt yet">
        A trace links to the prompt versions loaded while it ran (<code className="font-mono">mlflow.genai.load_prompt()</code> inside{" "}
        <code className="font-mono">@mlflow.trace</code> or a span), and shows up here with its latency and token usage.
      </EmptyState>
    );
  }
  const best = stats.filter((s) => s.avgLatencyMs !== null).sort((a, b) => a.avgLatencyMs! - b.avgLatencyMs!)[0]?.version;
  return (
    <div className="space-y-5">
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">Latency and tokens by version</h3>
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" aria-label="Trace figures by prompt version">
            <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className={th}>Version</th>
                <th className={th + " text-right"}>Traces</th>
                <th className={th + " text-right"}>Errors</th>
                <th className={th + " text-right"}>Avg latency</th>
                <th className={th + " text-right"}>p50</th>
                <th className={th + " text-right"}>p95</th>
                <th className={th + " text-right"}>Avg tokens (in / out)</th>
                <th className={th + " text-right"}>Total tokens</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {stats.map((s) => (
                <tr key={s.version} className={cn(s.version === selectedVersion && "bg-indigo-50/50 dark:bg-indigo-950/20")}>
                  <td className="px-3 py-2">
                    <Link href={hrefFor(s.version)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300" aria-current={s.version === selectedVersion ? "true" : undefined}>
                      v{s.version}
                    </Link>
                    {s.version === best && stats.length > 1 && <span className="ml-2 text-xs font-medium text-emerald-700 dark:text-emerald-400">fastest</span>}
                  </td>
                  <td className={num}>{s.traces.toLocaleString("en-US")}</td>
                  <td className={cn(num, s.errors > 0 && "text-red-700 dark:text-red-400")}>{s.errors.toLocaleString("en-US")}</td>
                  <td className={num}>{formatLatency(s.avgLatencyMs)}</td>
                  <td className={num}>{formatLatency(s.p50LatencyMs)}</td>
                  <td className={num}>{formatLatency(s.p95LatencyMs)}</td>
                  <td className={num}>
                    {formatTokens(s.avgTotalTokens === null ? null : Math.round(s.avgTotalTokens))}
                    <span className="text-xs text-zinc-500">
                      {" "}
                      ({formatTokens(s.avgInputTokens === null ? null : Math.round(s.avgInputTokens))} / {formatTokens(s.avgOutputTokens === null ? null : Math.round(s.avgOutputTokens))})
                    </span>
                  </td>
                  <td className={num}>{formatTokens(s.sumTotalTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {selectedVersion !== null && (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">
            Latest traces of version {selectedVersion}
            {hasMore && <span className="ml-2 text-xs font-normal text-zinc-500">(the newest {traces.length} shown)</span>}
          </h3>
          {traces.length ? <TraceRowsTable rows={traces} label={`Traces of version ${selectedVersion}`} /> : <p className="text-sm text-zinc-500">No trace used version {selectedVersion}.</p>}
        </section>
      )}
    </div>
  );
}
