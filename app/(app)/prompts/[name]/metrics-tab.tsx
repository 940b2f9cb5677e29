// The prompt page's "Metrics by version" tab: one metric of the linked runs, per prompt version.
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { MetricPicker, MetricsByVersionChart, MetricsByVersionTable } from "@/components/prompts/metrics-by-version";
import type { getPromptMetricsByVersion, listPromptMetricKeys } from "@/lib/domain/prompts/metrics";

export function MetricsTab({
  promptName,
  metricKeys,
  metricKey,
  metricsData,
}: {
  promptName: string;
  metricKeys: Awaited<ReturnType<typeof listPromptMetricKeys>>;
  metricKey: string | undefined;
  metricsData: Awaited<ReturnType<typeof getPromptMetricsByVersion>> | null;
}) {
  return metricsData && metricKey ? (
        <div className="space-y-5">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <MetricPicker keys={metricKeys} value={metricKey} />
          </div>
          <Card>
            <CardHeader
              title={
                <>
                  <span className="font-mono">{metricKey}</span> by prompt version
                </>
              }
              description="Each dot is a run's latest value (the newest 500 per version); boxes show the spread of all runs, diamonds the mean."
            />
            <div className="px-2 pt-2">
              <MetricsByVersionChart data={metricsData} />
            </div>
          </Card>
          <Card>
            <div className="px-4 py-3">
              <MetricsByVersionTable data={metricsData} promptName={promptName} />
            </div>
          </Card>
        </div>
      ) : (
        <EmptyState title="No metrics yet">
          Metrics appear here once runs linked to this prompt log them — e.g. <code className="font-mono">mlflow.log_metric(&quot;accuracy&quot;, 0.91)</code> in a run
          that loads the prompt.
        </EmptyState>
  );
}
