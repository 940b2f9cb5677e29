"use client";
// Charts of the compared runs: overlaid metric histories (one chart per chosen metric, every
// visible run on the same axes; histories are fetched only when a chart scrolls into view),
// parallel coordinates over the params that vary → a chosen metric, and a scatter of any param
// or metric against a metric. Colours match the run headers.
// The parts: history-chart.tsx, param-charts.tsx, compare-chart-shared.ts.
import { useCallback, useMemo, useRef, useState } from "react";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { HistoryChart } from "@/components/compare/history-chart";
import { ParallelChart, ScatterChart } from "@/components/compare/param-charts";
import { selectClass, type CompareChartsProps, type Loaded } from "@/components/compare/compare-chart-shared";
import { loadMetricHistoriesAction } from "@/lib/actions/compare";
import type { XAxis } from "@/lib/compare-state";

export function CompareCharts(props: CompareChartsProps) {
  const { data, runs, charts } = props;
  const metricKeys = useMemo(() => data.metrics.map((m) => m.key), [data.metrics]);
  const allRunIds = useMemo(() => data.runs.map((r) => r.id), [data.runs]);

  // Histories, fetched once per metric for every run in the comparison (hiding runs never refetches).
  const [histories, setHistories] = useState<Record<string, Loaded>>({});
  const requested = useRef(new Set<string>());
  const request = useCallback(
    (key: string) => {
      if (requested.current.has(key)) return;
      requested.current.add(key);
      loadMetricHistoriesAction({ runIds: allRunIds, metricKey: key, maxPoints: 1000 })
        .then((r) => setHistories((h) => ({ ...h, [key]: r.ok ? { data: r.data } : { error: r.message } })))
        .catch((e: unknown) => setHistories((h) => ({ ...h, [key]: { error: e instanceof Error ? e.message : String(e) } })));
    },
    [allRunIds],
  );

  const addable = metricKeys.filter((k) => !charts.includes(k));

  return (
    <div className="space-y-4" id="charts">
      <Card>
        <CardHeader
          title="Metric histories"
          description="Every visible run on the same axes, one chart per metric. Click the chart icon next to a metric to add it here."
          actions={
            <>
              <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
                X axis
                <select className={selectClass} value={props.xAxis} onChange={(e) => props.onChange({ xAxis: e.target.value as XAxis })} aria-label="History x axis">
                  <option value="step">Step</option>
                  <option value="time">Wall time</option>
                  <option value="rel">Relative time</option>
                </select>
              </label>
              {addable.length > 0 && (
                <select
                  className={selectClass}
                  value=""
                  aria-label="Add a history chart"
                  onChange={(e) => e.target.value && props.onChange({ charts: [...charts, e.target.value] })}
                >
                  <option value="">+ Add chart…</option>
                  {addable.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              )}
            </>
          }
        />
        <div className="p-4">
          {metricKeys.length === 0 ? (
            <EmptyState title="No metrics to chart">None of the compared runs logged a metric.</EmptyState>
          ) : charts.length === 0 ? (
            <EmptyState title="No charts chosen">Pick a metric with “Add chart”.</EmptyState>
          ) : (
            <div className="grid gap-4 md:grid-cols-2">
              {charts.map((key) => (
                <HistoryChart
                  key={key}
                  metricKey={key}
                  runs={runs}
                  xAxis={props.xAxis}
                  histories={histories[key]}
                  request={request}
                  onRemove={() => props.onChange({ charts: charts.filter((k) => k !== key) })}
                />
              ))}
            </div>
          )}
        </div>
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <ParallelChart {...props} />
        <ScatterChart {...props} />
      </div>
    </div>
  );
}
