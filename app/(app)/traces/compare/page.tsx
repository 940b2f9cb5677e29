// Two traces side by side (?traces=a,b): spans aligned by path, inputs and outputs diffed.
import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
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
      <Breadcrumbs items={[a ? { label: "Traces", href: `/experiments/${a.row.experimentId}/traces` } : { label: "Experiments", href: "/experiments" }, { label: "Compare" }]} />
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
