// The experiment's Traces tab: one page of its traces, filtered and sorted by search_traces on the
// server (the URL state of lib/schemas/ui-traces.ts). A filter the parser rejects is shown as its
// message above an empty table.
import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { notFound } from "next/navigation";
import { getExperiment } from "@/lib/domain/experiments";
import { getTraceTablePage } from "@/lib/domain/traces/views";
import { publicBaseUrl } from "@/lib/request-url";
import { parseTracesTableState } from "@/lib/schemas/ui-traces";
import { ExperimentViewToggle } from "@/components/experiments/experiment-view-toggle";
import { TracesTable } from "@/components/traces/traces-table";
import { EmptyState } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/experiments/[experimentId]/traces">): Promise<Metadata> {
  const { experimentId } = await params;
  const e = await getExperiment(experimentId);
  return { title: e ? `Traces · ${e.name}` : "Experiment not found" };
}

export default async function ExperimentTracesPage({ params, searchParams }: PageProps<"/experiments/[experimentId]/traces">) {
  const { experimentId } = await params;
  const state = parseTracesTableState(await searchParams);
  const experiment = await getExperiment(experimentId);
  if (!experiment) notFound();
  const page = await getTraceTablePage(experimentId, state);
  const rows = page.ok ? page.rows : [];
  const noTracesAtAll = rows.length === 0 && !state.q && state.page === 1;

  return (
    <div className="space-y-5">
      <Breadcrumbs items={[{ label: "Experiments", href: "/experiments" }, { label: experiment.name, href: `/experiments/${experimentId}` }, { label: "Traces" }]} />
      <h1 className="truncate text-xl font-semibold tracking-tight">{experiment.name}</h1>
      <ExperimentViewToggle experimentId={experimentId} current="traces" params={{}} />
      <TracesTable
        key={experimentId}
        state={state}
        rows={rows}
        hasMore={page.ok && page.hasMore}
        filterError={page.ok ? null : page.error}
        emptyState={noTracesAtAll ? <NoTraces name={experiment.name} /> : <NoMatches />}
      />
    </div>
  );
}

async function NoTraces({ name }: { name: string }) {
  const baseUrl = await publicBaseUrl();
  return (
    <EmptyState title="No traces in this experiment yet">
      <p>
        Trace a function with <code className="font-mono">@mlflow.trace</code>, a block with <code className="font-mono">mlflow.start_span()</code>, or turn on
        autologging (<code className="font-mono">mlflow.openai.autolog()</code>, <code className="font-mono">mlflow.langchain.autolog()</code>):
      </p>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-zinc-900 px-4 py-3 text-left font-mono text-xs leading-5 text-zinc-100 dark:bg-black">
        {`import mlflow
mlflow.set_tracking_uri("${baseUrl}")
mlflow.set_experiment(${JSON.stringify(name)})

@mlflow.trace
def answer(question: str) -> str:
    with mlflow.start_span("retrieve") as span:
        span.set_inputs({"question": question})
    return "42"

answer("What is the answer?")`}
      </pre>
    </EmptyState>
  );
}

function NoMatches() {
  return <EmptyState title="No traces match">Loosen the filter, or go back to the first page.</EmptyState>;
}
