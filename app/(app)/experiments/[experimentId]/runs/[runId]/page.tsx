import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { notFound, redirect } from "next/navigation";
import { getRun } from "@/lib/domain/runs/read";
import { LOG_MODEL_HISTORY_TAG } from "@/lib/domain/runs/records";
import { getExperiment } from "@/lib/domain/experiments";
import { getRunFamily } from "@/lib/domain/runs/table";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { getRunPrompts } from "@/lib/domain/prompts/usage";
import { listRunTraces } from "@/lib/domain/traces/views";
import { RunTraces } from "@/components/traces/run-traces";
import { MetricCharts } from "@/components/metrics/metric-charts";
import { RenameRunButton } from "@/components/runs/rename-run-button";
import { DeletedRunBanner, RunActionsMenu } from "@/components/runs/run-lifecycle-actions";
import { RunPromptCard, type RunPromptView } from "@/components/runs/run-prompt-card";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TabNav } from "@/components/ui/tabs";
import { TimeAgo } from "@/components/ui/time";
import { formatDuration } from "@/lib/format";
import { ArtifactsTab } from "./artifacts-tab";
import { ModelsTab, legacyModelPaths } from "./models-tab";
import { RunOverviewTab } from "./overview-tab";

export const dynamic = "force-dynamic";

type Tab = "overview" | "metrics" | "artifacts" | "models" | "prompts" | "traces";
const TABS: Tab[] = ["overview", "metrics", "artifacts", "models", "prompts", "traces"];
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

  const [experiment, family, modelsByRun, prompts, traces] = await Promise.all([
    getExperiment(experimentId),
    getRunFamily(runId, run.info.parentRunId),
    listLoggedModelsForRuns([runId]),
    getRunPrompts(runId),
    tab === "traces" ? listRunTraces(runId) : null,
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
      <Breadcrumbs
        items={[
          { label: "Experiments", href: "/experiments" },
          { label: experiment?.name ?? `Experiment ${experimentId}`, href: `/experiments/${experimentId}` },
          ...(family.parent ? [{ label: family.parent.name, href: `/experiments/${experimentId}/runs/${family.parent.id}` }] : []),
          { label: info.runName },
        ]}
      />

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
          { href: `${base}?tab=traces`, label: "Traces", active: tab === "traces" },
        ]}
      />

      {tab === "overview" && (
        <RunOverviewTab run={run} experimentId={experimentId} runId={runId} experiment={experiment} family={family} models={models} legacyModels={legacyModels} promptViews={promptViews} base={base} />
      )}

      {tab === "metrics" && <MetricCharts runId={runId} metrics={data.metrics.map((m) => ({ key: m.key, value: m.value }))} />}

      {tab === "artifacts" && <ArtifactsTab runId={runId} rootUri={info.artifactUri} path={one(sp.path) ?? null} />}

      {tab === "models" && <ModelsTab models={models} legacy={legacyModels} artifactUri={info.artifactUri} />}

      {traces && <RunTraces rows={traces.rows} hasMore={traces.hasMore} />}

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
