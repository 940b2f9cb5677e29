// Two traces side by side (?traces=a,b): spans aligned by path, inputs and outputs diffed.
import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { getTraceView } from "@/lib/domain/traces/views";
import { alignSpans } from "@/lib/domain/traces/span-view";
import { TraceCompare } from "@/components/traces/trace-compare";
import { EmptyState } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare traces" };

export default async function CompareTracesPage({ searchParams }: PageProps<"/traces/compare">) {
  const raw = (await searchParams).traces;
  const ids = [...new Set((Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((s) => s.trim()).filter(Boolean))].slice(0, 2);
  const views = ids.length === 2 ? await Promise.all(ids.map((id) => getTraceView(id))) : [];
  const [a, b] = views;
  const missing = ids.filter((_, i) => views.length === 2 && !views[i]);

  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
        {a ? (
          <Link href={`/experiments/${a.row.experimentId}/traces`} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Traces
          </Link>
        ) : (
          <Link href="/experiments" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Experiments
          </Link>
        )}
        <ChevronRight aria-hidden className="h-3.5 w-3.5 shrink-0" />
        <span className="text-zinc-700 dark:text-zinc-300">Compare</span>
      </nav>
      <h1 className="text-xl font-semibold tracking-tight">Compare traces</h1>
      {a && b ? (
        <TraceCompare traces={[a.row, b.row]} rows={alignSpans(a.spans, b.spans)} />
      ) : (
        <EmptyState title={ids.length < 2 ? "Pick two traces to compare" : "Trace not found"}>
          {ids.length < 2 ? (
            <>Tick two rows in an experiment&apos;s Traces tab and press Compare (the link reads <code className="font-mono">/traces/compare?traces=a,b</code>).</>
          ) : (
            <>No trace has the ID {missing.map((m) => `“${m}”`).join(" or ")}.</>
          )}
        </EmptyState>
      )}
    </div>
  );
}
