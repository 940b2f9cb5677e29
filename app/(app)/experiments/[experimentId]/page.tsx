import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronRight } from "lucide-react";
import { getExperiment } from "@/lib/domain/experiments";
import { experimentAbilities } from "@/lib/domain/auth/authorize";
import { columnsThatVary, countRunTable, defaultRunColumns, getRunTablePage, searchExperimentKeys } from "@/lib/domain/runs/table";
import { publicBaseUrl } from "@/lib/request-url";
import { parseRunsTableState } from "@/lib/schemas/ui-runs-table";
import { RunsTable } from "@/components/runs/runs-table";
import { ExperimentActions } from "@/components/experiments/experiment-actions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { getRunChartsData } from "@/lib/domain/runs/charts";
import { parseRunChartsState } from "@/lib/schemas/ui-run-charts";
import { RunCharts } from "@/components/experiments/run-charts";
import { ExperimentViewToggle } from "@/components/experiments/experiment-view-toggle";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/experiments/[experimentId]">): Promise<Metadata> {
  const { experimentId } = await params;
  const e = await getExperiment(experimentId);
  return { title: e ? e.name : "Experiment not found" };
}

export default async function ExperimentPage({ params, searchParams }: PageProps<"/experiments/[experimentId]">) {
  const { experimentId } = await params;
  const query = await searchParams;
  const state = parseRunsTableState(query);
  const charts = parseRunChartsState(query);
  const [experiment, defaults, keys] = await Promise.all([
    getExperiment(experimentId),
    defaultRunColumns(experimentId),
    searchExperimentKeys(experimentId, { limit: 1 }),
  ]);
  if (!experiment) notFound();

  const chosen = state.cols ?? defaults;
  const filter = state.q || undefined;
  if (charts.tab === "charts") {
    const panelParams = (charts.panels ?? []).flatMap((p) =>
      p.type === "scatter" ? [p.x, p.y] : p.type === "parallel" ? p.axes : [],
    ).filter((a) => a?.kind === "param").map((a) => a!.key);
    if (charts.group?.kind === "param") panelParams.push(charts.group.key);
    const data = await getRunChartsData({ experimentId, filter, view: state.view, sort: state.sort, dir: state.dir, group: charts.group, paramKeys: panelParams });
    return (
      <div className="space-y-5">
        <ExperimentHeading experiment={experiment} />
        <ExperimentViewToggle experimentId={experimentId} current="charts" params={query} />
        <RunCharts
          key={experimentId}
          experimentId={experimentId}
          state={charts}
          filter={state.q}
          filterError={data.ok ? null : data.error}
          data={data.ok ? data : { total: 0, sampled: false, runs: [], metrics: [], params: [], groups: null, moreMetricKeys: 0 }}
        />
      </div>
    );
  }
  const [page, varying] = await Promise.all([
    getRunTablePage({ experimentId, filter, sort: state.sort, dir: state.dir, columns: chosen, view: state.view, page: state.page, pageSize: state.size }),
    state.vary ? columnsThatVary({ experimentId, filter, view: state.view, columns: chosen }) : Promise.resolve(null),
  ]);
  // Counting can take longer than the page itself on huge experiments: stream it in.
  const total = countRunTable({ experimentId, filter, view: state.view });

  let columns = varying ?? chosen;
  const rows = page.ok ? page.rows : [];
  if (!state.cols && rows.some((r) => r.parentRunId) && !columns.includes("parent")) columns = ["parent", ...columns];
  const deleted = experiment.lifecycleStage === "deleted";
  const noRunsAtAll = rows.length === 0 && !state.q && state.page === 1 && state.view === "active" && !deleted;

  return (
    <div className="space-y-5">
      <ExperimentHeading experiment={experiment} />
      <ExperimentViewToggle experimentId={experimentId} current="table" params={query} />
      <RunsTable
        key={experimentId}
        experimentId={experimentId}
        state={state}
        columns={columns}
        chosen={chosen}
        rows={rows}
        hasMore={page.ok && page.hasMore}
        filterError={page.ok ? null : page.error}
        total={total}
        keyCounts={keys.counts}
        hiddenByVary={varying ? chosen.length - varying.length : 0}
        emptyState={noRunsAtAll ? <NoRuns name={experiment.name} /> : <NoMatches />}
      />
    </div>
  );
}

async function ExperimentHeading({ experiment }: { experiment: NonNullable<Awaited<ReturnType<typeof getExperiment>>> }) {
  const userTags = experiment.tags.filter((t) => !t.key.startsWith("mlflow."));
  const description = experiment.tags.find((t) => t.key === "mlflow.note.content")?.value;
  const deleted = experiment.lifecycleStage === "deleted";

  return (
    <>
      <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href="/experiments" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Experiments
        </Link>
        <ChevronRight aria-hidden className="h-3.5 w-3.5" />
        <span className="truncate text-zinc-700 dark:text-zinc-300">{experiment.name}</span>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1.5">
          <div className="flex items-center gap-2">
            <h1 className="truncate text-xl font-semibold tracking-tight">{experiment.name}</h1>
            {experiment.lifecycleStage === "deleted" && <Badge tone="red">Deleted</Badge>}
          </div>
          {description && <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
          <dl className="flex flex-wrap items-center gap-x-5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
            <div className="flex items-center gap-1">
              <dt>ID</dt>
              <dd className="flex items-center font-mono text-zinc-700 dark:text-zinc-300">
                {experiment.experimentId}
                <CopyButton value={experiment.experimentId} label="Copy experiment ID" />
              </dd>
            </div>
            <div className="flex items-center gap-1">
              <dt>Created</dt>
              <dd className="text-zinc-700 dark:text-zinc-300">
                <TimeAgo ms={Number(experiment.creationTime)} />
              </dd>
            </div>
            <div className="flex min-w-0 items-center gap-1">
              <dt>Artifacts</dt>
              <dd className="truncate font-mono text-zinc-700 dark:text-zinc-300" title={experiment.artifactLocation}>
                {experiment.artifactLocation}
              </dd>
            </div>
          </dl>
          {userTags.length > 0 && (
            <ul aria-label="Experiment tags" className="flex flex-wrap gap-1.5 pt-0.5">
              {userTags.map((t) => (
                <li key={t.key}>
                  <Badge className="max-w-72 font-normal" title={`${t.key} = ${t.value}`}>
                    <span className="text-zinc-500 dark:text-zinc-400">{t.key}</span>
                    <span className="truncate">{t.value}</span>
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </div>
        {(await experimentAbilities(experiment.experimentId)).canEdit && (
          <ExperimentActions
            experiment={{ id: experiment.experimentId, name: experiment.name, lifecycleStage: experiment.lifecycleStage, tags: userTags }}
            afterDelete="/experiments"
          />
        )}
      </header>

      {deleted && (
        <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          This experiment is deleted, and its runs with it. Restore it to log to it again; its runs are listed under “Deleted runs”.
        </p>
      )}
    </>
  );
}

async function NoRuns({ name }: { name: string }) {
  const baseUrl = await publicBaseUrl();
  return (
    <EmptyState title="No runs in this experiment yet">
      <p>Log one from Python and it shows up here:</p>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-zinc-900 px-4 py-3 text-left font-mono text-xs leading-5 text-zinc-100 dark:bg-black">
        {`import mlflow
mlflow.set_tracking_uri("${baseUrl}")
mlflow.set_experiment(${JSON.stringify(name)})
with mlflow.start_run():
    mlflow.log_metric("loss", 0.42)`}
      </pre>
    </EmptyState>
  );
}

function NoMatches() {
  return (
    <EmptyState title="No runs match">
      Loosen the filter, switch between active and deleted runs, or go back to the first page.
    </EmptyState>
  );
}
