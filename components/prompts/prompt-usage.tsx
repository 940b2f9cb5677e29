// "Who uses this prompt": the runs, logged models and registered model versions linked to the
// prompt (or to one version), each linking through, with the runs' key metrics.
import Link from "next/link";
import { Boxes, FlaskConical, Package } from "lucide-react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { Num } from "@/components/ui/num";
import { TimeAgo } from "@/components/ui/time";
import type { UsageModelRow, UsageModelVersionRow, UsageRunRow } from "@/components/prompts/types";
import type { PromptUsageTotals } from "@/lib/schemas/ui-prompt-usage";
const th = "px-3 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const td = "px-3 py-2 align-top";
const runHref = (r: { experimentId: string; runId: string }) => `/experiments/${r.experimentId}/runs/${r.runId}`;

const chip = "rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300";

function VersionChips({ versions, promptName, links = true }: { versions: number[]; promptName: string; links?: boolean }) {
  return (
    <span className="flex flex-wrap gap-1">
      {versions.map((v) =>
        !links ? (
          <span key={v} className={chip}>
            v{v}
          </span>
        ) : (
        <Link key={v} href={`/prompts/${encodeURIComponent(promptName)}?version=${v}`} className={chip + " hover:underline"}>
          v{v}
        </Link>
        ),
      )}
    </span>
  );
}

function Section({ icon, title, count, children }: { icon: React.ReactNode; title: string; count: number; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        {icon}
        {title}
        <span className="rounded-full bg-zinc-100 px-2 text-xs font-medium text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">{count}</span>
      </h3>
      {children}
    </section>
  );
}

export function PromptUsage({
  promptName,
  runs,
  models,
  modelVersions,
  metricKeys,
  showVersions,
  compareHref,
  totals,
}: {
  promptName: string;
  /** At most a page of each (newest first); `totals` are the complete counts. */
  runs: UsageRunRow[];
  models: UsageModelRow[];
  modelVersions: UsageModelVersionRow[];
  totals: PromptUsageTotals;
  metricKeys: string[];
  showVersions: boolean;
  compareHref?: string | null;
}) {
  if (totals.runs + totals.models + totals.modelVersions === 0) {
    return (
      <EmptyState title="Nothing uses this prompt yet">
        Runs link to a prompt version when your code calls <code className="font-mono">mlflow.genai.load_prompt()</code> inside a run, or logs a model with{" "}
        <code className="font-mono">prompts=[&quot;prompts:/{promptName}/1&quot;]</code>.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6">
      <Section icon={<FlaskConical className="h-4 w-4 text-zinc-400" />} title="Runs" count={totals.runs}>
        {runs.length === 0 ? (
          <p className="text-sm text-zinc-500">No runs.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-sm" aria-label="Linked runs">
              <thead className="bg-zinc-50 dark:bg-zinc-900">
                <tr>
                  <th className={th}>Run</th>
                  <th className={th}>Experiment</th>
                  {showVersions && <th className={th}>Version</th>}
                  <th className={th}>Status</th>
                  {metricKeys.map((k) => (
                    <th key={k} className="px-3 py-2 text-right font-mono text-xs font-medium text-zinc-500 dark:text-zinc-400">
                      {k}
                    </th>
                  ))}
                  <th className={th}>Models</th>
                  <th className={th + " text-right"}>Started</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {runs.map((r) => (
                  <tr key={r.runId} className="hover:bg-zinc-50/70 dark:hover:bg-zinc-900/40">
                    <td className={td}>
                      <Link href={runHref(r)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                        {r.runName || r.runId.slice(0, 8)}
                      </Link>
                      {r.userId && <div className="text-[11px] text-zinc-500">{r.userId}</div>}
                    </td>
                    <td className={td}>
                      <Link href={`/experiments/${r.experimentId}`} className="text-zinc-700 hover:underline dark:text-zinc-300">
                        {r.experimentName}
                      </Link>
                    </td>
                    {showVersions && (
                      <td className={td}>
                        <VersionChips versions={r.versions} promptName={promptName} />
                      </td>
                    )}
                    <td className={td}>
                      <StatusBadge status={r.status} />
                    </td>
                    {metricKeys.map((k) => (
                      <td key={k} className={td + " text-right"}>
                        <Num value={r.metrics[k]} />
                      </td>
                    ))}
                    <td className={td}>
                      <span className="flex flex-wrap gap-1">
                        {r.models.map((m) => (
                          <span key={m.modelId} className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] dark:bg-zinc-800" title={m.modelId}>
                            {m.name}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td className={td + " text-right whitespace-nowrap text-zinc-500"}>
                      <TimeAgo ms={r.startTime} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MoreNote shown={runs.length} total={totals.runs} what="runs" />
        {compareHref && (
          <p className="text-xs">
            <Link href={compareHref} className="text-indigo-600 hover:underline dark:text-indigo-400">
              Compare these runs side by side →
            </Link>
          </p>
        )}
      </Section>

      <Section icon={<Package className="h-4 w-4 text-zinc-400" />} title="Logged models" count={totals.models}>
        {models.length === 0 ? (
          <p className="text-sm text-zinc-500">No logged model uses this prompt.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-sm" aria-label="Linked logged models">
              <thead className="bg-zinc-50 dark:bg-zinc-900">
                <tr>
                  <th className={th}>Model</th>
                  <th className={th}>Experiment</th>
                  {showVersions && <th className={th}>Version</th>}
                  <th className={th}>Status</th>
                  <th className={th}>Source run</th>
                  <th className={th + " text-right"}>Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {models.map((m) => (
                  <tr key={m.modelId}>
                    <td className={td}>
                      {m.sourceRunId ? (
                        <Link href={runHref({ experimentId: m.experimentId, runId: m.sourceRunId })} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                          {m.name}
                        </Link>
                      ) : (
                        <span className="font-medium">{m.name}</span>
                      )}
                      <div className="font-mono text-[11px] text-zinc-500">{m.modelId}</div>
                      {m.viaRun && <div className="text-[11px] text-zinc-500">via its run {m.viaRun.runName}</div>}
                    </td>
                    <td className={td}>
                      <Link href={`/experiments/${m.experimentId}`} className="hover:underline">
                        {m.experimentName}
                      </Link>
                    </td>
                    {showVersions && (
                      <td className={td}>
                        <VersionChips versions={m.versions} promptName={promptName} />
                      </td>
                    )}
                    <td className={td}>
                      <Badge tone={m.status === "LOGGED_MODEL_READY" ? "green" : m.status === "LOGGED_MODEL_UPLOAD_FAILED" ? "red" : "neutral"}>
                        {m.status.replace("LOGGED_MODEL_", "").toLowerCase()}
                      </Badge>
                    </td>
                    <td className={td}>
                      {m.sourceRunId ? (
                        <Link href={runHref({ experimentId: m.experimentId, runId: m.sourceRunId })} className="font-mono text-xs hover:underline">
                          {m.sourceRunId.slice(0, 8)}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className={td + " text-right whitespace-nowrap text-zinc-500"}>
                      <TimeAgo ms={m.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MoreNote shown={models.length} total={totals.models} what="logged models" />
      </Section>

      <Section icon={<Boxes className="h-4 w-4 text-zinc-400" />} title="Registered model versions" count={totals.modelVersions}>
        {modelVersions.length === 0 ? (
          <p className="text-sm text-zinc-500">No registered model version uses this prompt.</p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
            {modelVersions.map((mv) => (
              <li key={`${mv.name}/${mv.version}`}>
                <Link
                  href={`/models/${encodeURIComponent(mv.name)}/versions/${mv.version}`}
                  className="flex items-center justify-between gap-2 rounded-md border border-zinc-200 px-3 py-2 hover:border-indigo-300 hover:bg-indigo-50/40 dark:border-zinc-800 dark:hover:border-indigo-800 dark:hover:bg-indigo-950/30"
                >
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{mv.name}</span>
                    <span className="text-xs text-zinc-500">
                      version {mv.version}
                      {mv.stage !== "None" && ` · ${mv.stage}`} · <TimeAgo ms={mv.createdAt} />
                    </span>
                  </span>
                  {showVersions && <VersionChips versions={mv.versions} promptName={promptName} links={false} />}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <MoreNote shown={modelVersions.length} total={totals.modelVersions} what="model versions" />
      </Section>
    </div>
  );
}

function MoreNote({ shown, total, what }: { shown: number; total: number; what: string }) {
  if (shown >= total) return null;
  return (
    <p className="text-xs text-zinc-500">
      Showing {shown.toLocaleString("en-US")} of {total.toLocaleString("en-US")} {what}.
    </p>
  );
}
