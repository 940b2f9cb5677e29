import type { Metadata } from "next";
import { getOverviewCounts } from "@/lib/domain/overview";
import { publicBaseUrl } from "@/lib/request-url";
import { TrackingUriHint } from "@/components/tracking-uri-hint";

export const metadata: Metadata = { title: "Experiments" };
export const dynamic = "force-dynamic";

export default async function ExperimentsPage() {
  const [counts, baseUrl] = await Promise.all([getOverviewCounts(), publicBaseUrl()]);
  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold tracking-tight">Experiments</h1>
      </div>
      {counts.runs === 0 && (
        <section
          aria-label="Getting started"
          className="mx-auto max-w-2xl rounded-xl border border-dashed border-zinc-300 px-8 py-10 text-center dark:border-zinc-700"
        >
          <h2 className="text-lg font-medium">No experiments yet — point your MLflow client here:</h2>
          <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            Runboard speaks the MLflow tracking protocol. Run your existing training or LLM code unchanged, with this tracking URI,
            and your runs appear here.
          </p>
          <TrackingUriHint baseUrl={baseUrl} />
        </section>
      )}
    </div>
  );
}
