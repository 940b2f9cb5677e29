// One trace: header, the prompt that reached the LLM, and the span tree with its waterfall and
// the selected span's detail (?span=<id>).
import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { notFound } from "next/navigation";
import { getExperiment } from "@/lib/domain/experiments";
import { getTraceView } from "@/lib/domain/traces/views";
import { RenderedPrompt } from "@/components/traces/rendered-prompt";
import { TraceExplorer } from "@/components/traces/trace-explorer";
import { TraceHeader } from "@/components/traces/trace-header";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: PageProps<"/traces/[traceId]">): Promise<Metadata> {
  const { traceId } = await params;
  const view = await getTraceView(decode(traceId));
  return { title: view ? `Trace ${view.row.name ?? view.row.traceId}` : "Trace not found" };
}

export default async function TracePage({ params, searchParams }: PageProps<"/traces/[traceId]">) {
  const { traceId } = await params;
  const span = one((await searchParams).span) ?? null;
  const view = await getTraceView(decode(traceId));
  if (!view) notFound();
  const experiment = await getExperiment(view.row.experimentId);

  return (
    <div className="space-y-5">
      <Breadcrumbs
        items={[
          { label: "Experiments", href: "/experiments" },
          { label: experiment?.name ?? `Experiment ${view.row.experimentId}`, href: `/experiments/${view.row.experimentId}` },
          { label: "Traces", href: `/experiments/${view.row.experimentId}/traces` },
          { label: view.row.traceId, mono: true },
        ]}
      />
      <TraceHeader view={view} />
      {view.renderedPrompt && <RenderedPrompt view={view.renderedPrompt} traceId={view.row.traceId} />}
      <TraceExplorer key={view.row.traceId} spans={view.spans} totalMs={view.totalMs} initialSpan={span} />
    </div>
  );
}
