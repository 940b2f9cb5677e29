// The run page's Overview tab: latest metrics, params, logged models and prompts on the left;
// details, nested runs, tags and datasets on the right.
import Link from "next/link";
import { GitFork } from "lucide-react";
import type { getRun } from "@/lib/domain/runs/read";
import type { getRunFamily } from "@/lib/domain/runs/table";
import type { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { KeyValueTable } from "@/components/runs/key-value-table";
import type { RunPromptView } from "@/components/runs/run-prompt-card";
import { TagEditor } from "@/components/tags/tag-editor";
import { deleteRunTagAction, setRunTagAction } from "@/lib/actions/runs";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { formatDuration, formatTimestamp } from "@/lib/format";

export function RunOverviewTab({
  run,
  experimentId,
  runId,
  experiment,
  family,
  models,
  legacyModels,
  promptViews,
  base,
}: {
  run: NonNullable<Awaited<ReturnType<typeof getRun>>>;
  experimentId: string;
  runId: string;
  experiment: { name: string } | null;
  family: Awaited<ReturnType<typeof getRunFamily>>;
  models: Awaited<ReturnType<typeof listLoggedModelsForRuns>>[string];
  legacyModels: string[];
  promptViews: RunPromptView[];
  /** The run page's path. */
  base: string;
}) {
  const { info, data } = run;
  const tags = Object.fromEntries(data.tags.map((t) => [t.key, t.value]));
  const start = Number(info.startTime);
  const end = info.endTime === null ? null : Number(info.endTime);
  const modelCount = models.length + legacyModels.length;
  return (
        <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="min-w-0 space-y-5">
            <Card>
              <CardHeader
                title={`Metrics (${data.metrics.length})`}
                description="Latest value of each metric"
                actions={
                  data.metrics.length > 0 && (
                    <Link href={`${base}?tab=metrics`} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                      Charts →
                    </Link>
                  )
                }
              />
              <KeyValueTable
                kind="metric"
                emptyText="No metrics logged."
                rows={data.metrics.map((m) => ({ key: m.key, value: m.value, step: Number(m.step), timestamp: Number(m.timestamp) }))}
              />
            </Card>
            <Card>
              <CardHeader title={`Parameters (${data.params.length})`} />
              <KeyValueTable kind="param" emptyText="No parameters logged." rows={data.params} />
            </Card>
            {(modelCount > 0 || promptViews.length > 0) && (
              <div className="grid gap-5 md:grid-cols-2">
                <Card>
                  <CardHeader title={`Logged models (${modelCount})`} actions={<Link href={`${base}?tab=models`} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">Details →</Link>} />
                  <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800/70">
                    {models.map((m) => (
                      <li key={m.modelId} className="flex items-center justify-between gap-2 px-4 py-2">
                        <span className="truncate font-medium">{m.name}</span>
                        <span className="font-mono text-xs text-zinc-400">{m.modelId.slice(0, 10)}…</span>
                      </li>
                    ))}
                    {legacyModels.map((p) => (
                      <li key={p} className="px-4 py-2 font-mono text-xs">{p}</li>
                    ))}
                    {modelCount === 0 && <li className="px-4 py-3 text-zinc-500">None</li>}
                  </ul>
                </Card>
                <Card>
                  <CardHeader title={`Prompts (${promptViews.length})`} actions={<Link href={`${base}?tab=prompts`} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">Templates →</Link>} />
                  <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800/70">
                    {promptViews.map((p) => (
                      <li key={`${p.name}/${p.version}/${p.via ?? ""}`} className="flex items-center justify-between gap-2 px-4 py-2">
                        <Link href={`/prompts/${encodeURIComponent(p.name)}?version=${p.version}`} className="truncate font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                          {p.name} <span className="text-zinc-500">v{p.version}</span>
                        </Link>
                        <span className="truncate text-xs text-zinc-400">{p.aliases.map((a) => "@" + a).join(" ")}</span>
                      </li>
                    ))}
                    {promptViews.length === 0 && <li className="px-4 py-3 text-zinc-500">None</li>}
                  </ul>
                </Card>
              </div>
            )}
          </div>

          <div className="min-w-0 space-y-5">
            <Card>
              <CardHeader title="Details" />
              <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800/70">
                <Detail label="Status"><StatusBadge status={info.status} /></Detail>
                <Detail label="Run ID">
                  <span className="flex items-center gap-1 font-mono text-xs">
                    <span className="truncate">{runId}</span>
                    <CopyButton value={runId} label="Copy run ID" />
                  </span>
                </Detail>
                <Detail label="Experiment">
                  <Link href={`/experiments/${experimentId}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                    {experiment?.name ?? experimentId}
                  </Link>
                </Detail>
                <Detail label="Started">
                  <TimeAgo ms={start} /> <span className="block text-xs text-zinc-400">{formatTimestamp(start)}</span>
                </Detail>
                <Detail label="Ended">{end !== null ? <><TimeAgo ms={end} /> <span className="block text-xs text-zinc-400">{formatTimestamp(end)}</span></> : "—"}</Detail>
                <Detail label="Duration"><span className="tabular-nums">{end !== null ? formatDuration(end - start) : "—"}</span></Detail>
                <Detail label="User">{info.userId || tags["mlflow.user"] || "—"}</Detail>
                <Detail label="Source">
                  {tags["mlflow.source.name"] ? (
                    <span className="font-mono text-xs break-all">
                      {tags["mlflow.source.name"]}
                      {tags["mlflow.source.git.commit"] && <span className="block text-zinc-400">git {tags["mlflow.source.git.commit"].slice(0, 10)}</span>}
                    </span>
                  ) : (
                    "—"
                  )}
                </Detail>
                <Detail label="Parent run">
                  {family.parent ? (
                    <Link href={`/experiments/${experimentId}/runs/${family.parent.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                      {family.parent.name}
                    </Link>
                  ) : info.parentRunId ? (
                    <span className="font-mono text-xs">{info.parentRunId}</span>
                  ) : (
                    "—"
                  )}
                </Detail>
                <Detail label="Artifacts"><span className="font-mono text-xs break-all">{info.artifactUri}</span></Detail>
                {data.tags.find((t) => t.key === "mlflow.note.content") && <Detail label="Description">{tags["mlflow.note.content"]}</Detail>}
              </dl>
            </Card>
            {family.childCount > 0 && (
              <Card>
                <CardHeader
                  title={`Nested runs (${family.childCount})`}
                  actions={
                    <Link
                      href={`/experiments/${experimentId}?q=${encodeURIComponent(`tags.\`mlflow.parentRunId\` = '${runId}'`)}`}
                      className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                    >
                      Open in table →
                    </Link>
                  }
                />
                <ul className="max-h-80 divide-y divide-zinc-100 overflow-auto text-sm dark:divide-zinc-800/70" aria-label="Nested runs">
                  {family.children.map((c) => (
                    <li key={c.id} className="flex items-center justify-between gap-2 px-4 py-1.5">
                      <Link href={`/experiments/${experimentId}/runs/${c.id}`} className="flex min-w-0 items-center gap-1.5 text-indigo-700 hover:underline dark:text-indigo-300">
                        <GitFork aria-hidden className="h-3.5 w-3.5 shrink-0 text-zinc-400" />
                        <span className="truncate">{c.name}</span>
                      </Link>
                      <StatusBadge status={c.status} />
                    </li>
                  ))}
                </ul>
                {family.childCount > family.children.length && <p className="border-t border-zinc-100 px-4 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">and {family.childCount - family.children.length} more</p>}
              </Card>
            )}
            <Card>
              <CardHeader title="Tags" description={info.lifecycleStage === "active" ? "Click a tag to edit it" : undefined} />
              <div className="px-4 py-3">
                <TagEditor fields={{ runId }} tags={data.tags} setAction={setRunTagAction} deleteAction={deleteRunTagAction} editable={info.lifecycleStage === "active"} />
              </div>
            </Card>
            {run.inputs.datasets.length > 0 && (
              <Card>
                <CardHeader title={`Datasets (${run.inputs.datasets.length})`} />
                <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800/70">
                  {run.inputs.datasets.map((d, i) => (
                    <li key={i} className="px-4 py-2">
                      <span className="font-medium">{d.dataset.name}</span> <span className="font-mono text-xs text-zinc-400">{d.dataset.digest}</span>
                      {d.tags.find((t) => t.key === "mlflow.data.context") && <Badge className="ml-2">{d.tags.find((t) => t.key === "mlflow.data.context")!.value}</Badge>}
                    </li>
                  ))}
                </ul>
              </Card>
            )}
          </div>
        </div>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-3 px-4 py-2">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
