// One trace: header, the prompt that reached the LLM, and the span tree with its waterfall and
// the selected span's detail (?span=<id>).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronRight } from "lucide-react";
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
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href="/experiments" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Experiments
        </Link>
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <Link href={`/experiments/${view.row.experimentId}`} className="truncate hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          {experiment?.name ?? `Experiment ${view.row.experimentId}`}
        </Link>
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <Link href={`/experiments/${view.row.experimentId}/traces`} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Traces
        </Link>
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <span className="truncate font-mono text-zinc-700 dark:text-zinc-300">{view.row.traceId}</span>
      </nav>
      <TraceHeader view={view} />
      {view.renderedPrompt && <RenderedPrompt view={view.renderedPrompt} traceId={view.row.traceId} />}
      <TraceExplorer key={view.row.traceId} spans={view.spans} totalMs={view.totalMs} initialSpan={span} />
    </div>
  );
}
