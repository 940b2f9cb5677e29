import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ChevronRight, GitFork } from "lucide-react";
import { getRun } from "@/lib/domain/runs/read";
import { LOG_MODEL_HISTORY_TAG } from "@/lib/domain/runs/records";
import { getExperiment } from "@/lib/domain/experiments";
import { getRunFamily } from "@/lib/domain/runs/table";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { getLoggedModelDetails, getModelDetailsAt } from "@/lib/domain/mlmodel/read";
import { type ModelDetails } from "@/lib/domain/mlmodel/parse";
import { getRunPrompts } from "@/lib/domain/prompts/usage";
import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { ArtifactBrowser } from "@/components/artifacts/artifact-browser";
import { MetricCharts } from "@/components/metrics/metric-charts";
import { KeyValueTable } from "@/components/runs/key-value-table";
import { LoggedModelCard, type LoggedModelView } from "@/components/runs/logged-model-card";
import { RenameRunButton } from "@/components/runs/rename-run-button";
import { DeletedRunBanner, RunActionsMenu } from "@/components/runs/run-lifecycle-actions";
import { RunPromptCard, type RunPromptView } from "@/components/runs/run-prompt-card";
import { RunTagsEditor } from "@/components/runs/run-tags-editor";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TabNav } from "@/components/ui/tabs";
import { TimeAgo } from "@/components/ui/time";
import { formatDuration, formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";

type Tab = "overview" | "metrics" | "artifacts" | "models" | "prompts";
const TABS: Tab[] = ["overview", "metrics", "artifacts", "models", "prompts"];
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function generateMetadata({ params }: PageProps<"/experiments/[experimentId]/runs/[runId]">): Promise<Metadata> {
  const { runId } = await params;
  const run = await getRun(runId);
  return { title: run ? run.info.runName || runId : "Run not found" };
}

export default async function RunPage({ params, searchParams }: PageProps<"/experiments/[experimentId]/runs/[runId]">) {
  const { experimentId, runId } = await params;
  const sp = await searchParams;
  const tabParam = one(sp.tab) as Tab | undefined;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : "overview";

  const run = await getRun(runId);
  if (!run) notFound();
  if (run.info.experimentId !== experimentId) redirect(`/experiments/${run.info.experimentId}/runs/${runId}${tab === "overview" ? "" : `?tab=${tab}`}`);

  const [experiment, family, modelsByRun, prompts] = await Promise.all([
    getExperiment(experimentId),
    getRunFamily(runId, run.info.parentRunId),
    listLoggedModelsForRuns([runId]),
    getRunPrompts(runId),
  ]);
  const models = modelsByRun[runId] ?? [];
  const { info, data } = run;
  const tags = Object.fromEntries(data.tags.map((t) => [t.key, t.value]));
  const start = Number(info.startTime);
  const end = info.endTime === null ? null : Number(info.endTime);
  // The run's own prompt versions, then those only its logged models link to (a version linked
  // both ways — log_model(prompts=…) inside a run — is listed once).
  const promptViews: RunPromptView[] = [];
  const seenPrompts = new Set<string>();
  for (const [p, via] of [
    ...prompts.prompts.map((p) => [p, undefined] as const),
    ...prompts.models.flatMap((m) => m.prompts.map((p) => [p, `logged model ${m.modelName}`] as const)),
  ]) {
    const id = `${p.name}\u0000${p.version}`;
    if (seenPrompts.has(id)) continue;
    seenPrompts.add(id);
    promptViews.push({ ...p, via });
  }
  const legacyModels = legacyModelPaths(tags[LOG_MODEL_HISTORY_TAG]);
  const modelCount = models.length + legacyModels.length;
  const base = `/experiments/${experimentId}/runs/${runId}`;

  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href="/experiments" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Experiments
        </Link>
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <Link href={`/experiments/${experimentId}`} className="truncate hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          {experiment?.name ?? `Experiment ${experimentId}`}
        </Link>
        {family.parent && (
          <>
            <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
            <Link href={`/experiments/${experimentId}/runs/${family.parent.id}`} className="truncate hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
              {family.parent.name}
            </Link>
          </>
        )}
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <span className="truncate text-zinc-700 dark:text-zinc-300">{info.runName}</span>
      </nav>

      {info.lifecycleStage === "deleted" && <DeletedRunBanner runId={runId} />}

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight">{info.runName || runId}</h1>
          {info.lifecycleStage === "active" && <RenameRunButton runId={runId} name={info.runName} />}
          <StatusBadge status={info.status} />
          {info.lifecycleStage === "deleted" && <Badge tone="red">Deleted</Badge>}
          {info.lifecycleStage === "active" && (
            <span className="ml-auto">
              <RunActionsMenu runId={runId} name={info.runName} />
            </span>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
          <span className="flex items-center gap-1">
            Run ID <code className="font-mono text-zinc-700 dark:text-zinc-300" data-testid="run-id">{runId}</code>
            <CopyButton value={runId} label="Copy run ID" />
          </span>
          <span>
            Started <TimeAgo ms={start} className="text-zinc-700 dark:text-zinc-300" />
          </span>
          <span>
            Duration <span className="text-zinc-700 tabular-nums dark:text-zinc-300">{end !== null ? formatDuration(end - start) : info.status === "RUNNING" ? "running" : "—"}</span>
          </span>
          {info.userId && (
            <span>
              by <span className="text-zinc-700 dark:text-zinc-300">{info.userId}</span>
            </span>
          )}
        </div>
      </header>

      <TabNav
        label="Run sections"
        tabs={[
          { href: base, label: "Overview", active: tab === "overview" },
          { href: `${base}?tab=metrics`, label: "Metrics", count: data.metrics.length, active: tab === "metrics" },
          { href: `${base}?tab=artifacts`, label: "Artifacts", active: tab === "artifacts" },
          { href: `${base}?tab=models`, label: "Logged models", count: modelCount, active: tab === "models" },
          { href: `${base}?tab=prompts`, label: "Prompts", count: promptViews.length, active: tab === "prompts" },
        ]}
      />

      {tab === "overview" && (
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
              <CardHeader title="Tags" description={info.lifecycleStage === "active" ? "Hover a tag to edit or delete it" : undefined} />
              <RunTagsEditor runId={runId} tags={data.tags} editable={info.lifecycleStage === "active"} />
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
      )}

      {tab === "metrics" && <MetricCharts runId={runId} metrics={data.metrics.map((m) => ({ key: m.key, value: m.value }))} />}

      {tab === "artifacts" && <ArtifactsTab runId={runId} rootUri={info.artifactUri} path={one(sp.path) ?? null} />}

      {tab === "models" && <ModelsTab models={models} legacy={legacyModels} artifactUri={info.artifactUri} />}

      {tab === "prompts" &&
        (promptViews.length === 0 ? (
          <EmptyState title="No prompts linked to this run">
            Load a registered prompt inside the run (<code className="font-mono">mlflow.genai.load_prompt()</code>) or log a model with{" "}
            <code className="font-mono">prompts=[…]</code> and the prompt versions it used show up here.
          </EmptyState>
        ) : (
          <div className="space-y-4">
            {promptViews.map((p) => (
              <RunPromptCard key={`${p.name}/${p.version}/${p.via ?? ""}`} prompt={p} />
            ))}
          </div>
        ))}
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

async function ArtifactsTab({ runId, rootUri, path }: { runId: string; rootUri: string; path: string | null }) {
  let files: { path: string; isDir: boolean; fileSize?: number }[] = [];
  let error: string | null = null;
  try {
    files = (await listRunArtifacts(runId, null)).files.map((f) => ({ path: f.path, isDir: f.isDir, fileSize: f.fileSize }));
  } catch (e) {
    error = e instanceof Error ? e.message : "Could not list artifacts";
  }
  if (error) return <EmptyState title="Artifacts are not available">{error}</EmptyState>;
  return <ArtifactBrowser key={runId} runId={runId} rootFiles={files} initialPath={path} rootUri={rootUri} />;
}

/** Artifact paths of models logged the MLflow 2 way (runs/log-model → mlflow.log-model.history). */
function legacyModelPaths(history: string | undefined): string[] {
  if (!history) return [];
  try {
    const list = JSON.parse(history) as { artifact_path?: string; model_id?: string }[];
    return [...new Set(list.filter((m) => m.artifact_path && !m.model_id).map((m) => m.artifact_path!))];
  } catch {
    return [];
  }
}

async function ModelsTab({ models, legacy, artifactUri }: { models: Awaited<ReturnType<typeof listLoggedModelsForRuns>>[string]; legacy: string[]; artifactUri: string }) {
  if (models.length === 0 && legacy.length === 0) {
    return (
      <EmptyState title="No models logged by this run">
        Models saved with <code className="font-mono">mlflow.&lt;flavor&gt;.log_model()</code> inside this run appear here with their signature and input example.
      </EmptyState>
    );
  }
  const safe = async (fn: () => Promise<ModelDetails | null>) => {
    try {
      return await fn();
    } catch (e) {
      return { flavors: [], parseError: e instanceof Error ? e.message : "unreadable" } as ModelDetails;
    }
  };
  const [details, legacyDetails] = await Promise.all([
    Promise.all(models.slice(0, 20).map((m) => safe(() => getLoggedModelDetails(m.modelId)))),
    Promise.all(legacy.slice(0, 20).map((p) => safe(() => getModelDetailsAt(artifactUri, p)))),
  ]);
  const views: LoggedModelView[] = [
    ...models.slice(0, 20).map((m, i) => ({
      modelId: m.modelId,
      name: m.name,
      status: m.status,
      statusMessage: m.statusMessage,
      modelType: m.modelType,
      artifactUri: m.artifactUri,
      createdAt: Number(m.creationTimestampMs),
      registrations: m.registrations,
      params: m.params,
      details: toDetailsView(details[i]),
    })),
    ...legacy.slice(0, 20).map((p, i) => ({
      modelId: `${artifactUri}/${p}`,
      name: p,
      status: "LOGGED_MODEL_READY",
      statusMessage: null,
      modelType: null,
      artifactUri: `${artifactUri}/${p}`,
      createdAt: 0,
      registrations: [],
      params: [],
      details: toDetailsView(legacyDetails[i]),
    })),
  ];
  return (
    <div className="space-y-4">
      {views.map((v) => (
        <LoggedModelCard key={v.modelId} model={v} />
      ))}
    </div>
  );
}

function toDetailsView(d: ModelDetails | null): LoggedModelView["details"] {
  if (!d) return null;
  return {
    flavors: d.flavors,
    signature: d.signature
      ? {
          inputs: d.signature.inputs.map((c) => ({ name: c.name, typeLabel: c.typeLabel, required: c.required })),
          outputs: d.signature.outputs.map((c) => ({ name: c.name, typeLabel: c.typeLabel, required: c.required })),
          params: d.signature.params?.map((p) => ({ name: p.name, typeLabel: p.typeLabel, default: p.default })),
        }
      : undefined,
    inputExample: d.inputExample
      ? { type: d.inputExample.type, table: d.inputExample.table, data: d.inputExample.data, truncated: d.inputExample.truncated, error: d.inputExample.error, size: d.inputExample.size }
      : undefined,
    mlflowVersion: d.mlflowVersion,
    parseError: d.parseError,
  };
}
