"use client";
// Metrics by prompt version: a box plot per version with every linked run as a dot, aliases in
// the axis labels, and a table with the mean change against the previous version — so "did v3
// beat v2?" has an answer. The metric picker keeps its choice in the URL (?metric=).
import { useMemo } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Trophy } from "lucide-react";
import { EChart, type EChartsOption } from "@/components/charts/echart";
import { AliasBadge } from "@/components/ui/badge";
import { Num } from "@/components/ui/num";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";
import { formatNumber } from "@/lib/format";
import { metricDelta } from "@/lib/metric-direction";
import type { PromptMetricsByVersion } from "@/lib/schemas/prompt-metrics";

export function MetricPicker({ keys, value }: { keys: { key: string; runs: number }[]; value: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">Metric</span>
      <select
        aria-label="Metric"
        value={value}
        onChange={(e) => {
          const p = new URLSearchParams(params.toString());
          p.set("metric", e.target.value);
          router.replace(`${pathname}?${p.toString()}`, { scroll: false });
        }}
        className={cn(inputClass, "h-8 max-w-80 py-0 font-mono text-xs")}
      >
        {keys.map((k) => (
          <option key={k.key} value={k.key}>
            {k.key} ({k.runs} run{k.runs === 1 ? "" : "s"})
          </option>
        ))}
      </select>
    </label>
  );
}

const versionLabel = (v: { version: number; aliases: string[]; isLatest: boolean }) =>
  [`v${v.version}`, ...v.aliases.map((a) => `@${a}`)].join("\n");

export function MetricsByVersionChart({ data, height = 320 }: { data: PromptMetricsByVersion; height?: number }) {
  const option = useMemo<EChartsOption>(() => {
    const cats = data.versions.map(versionLabel);
    // Boxes from the server's statistics over every run (the dots are the newest runs only).
    const boxes = data.versions.map((v) => (v.n && v.min !== null && v.q1 !== null && v.median !== null && v.q3 !== null && v.max !== null ? [v.min, v.q1, v.median, v.q3, v.max] : []));
    // Deterministic jitter so dots of one version do not overlap.
    const dots = data.versions.flatMap((v, i) =>
      v.points
        .filter((p) => Number.isFinite(p.value))
        .map((p, k) => ({
          value: [i + (v.points.length > 1 ? ((k % 7) - 3) * 0.045 : 0), p.value],
          name: p.runName,
          runId: p.runId,
          experimentId: p.experimentId,
        })),
    );
    const means = data.versions.map((v, i) => (v.mean === null ? null : [i, v.mean]));
    const best = data.versions.findIndex((v) => v.version === data.bestVersion);
    return {
      grid: { left: 64, right: 20, top: 28, bottom: 16 + 15 * Math.max(1, ...data.versions.map((v) => 1 + v.aliases.length)), containLabel: false },
      tooltip: {
        trigger: "item",
        formatter: (p: unknown) => {
          const x = p as { seriesType: string; seriesName: string; data: { name?: string; value?: number[] } | number[]; dataIndex: number; name: string };
          if (x.seriesType === "scatter" && x.seriesName === "Runs") {
            const d = x.data as { name: string; value: number[] };
            return `<b>${escapeHtml(d.name)}</b><br/>${escapeHtml(data.metricKey)}: ${formatNumber(d.value[1], 6)}<br/><span style="opacity:.7">Click to open the run</span>`;
          }
          if (x.seriesType === "boxplot") {
            const v = data.versions[x.dataIndex];
            return `<b>Version ${v.version}</b> · ${v.n} run${v.n === 1 ? "" : "s"}<br/>mean ${formatNumber(v.mean)} · median ${formatNumber(v.median)}<br/>min ${formatNumber(v.min)} · max ${formatNumber(v.max)}`;
          }
          const v = data.versions[x.dataIndex];
          return v ? `Version ${v.version} mean: ${formatNumber(v.mean, 6)}` : "";
        },
      },
      xAxis: {
        type: "category",
        data: cats,
        axisTick: { alignWithLabel: true },
        axisLabel: {
          interval: 0,
          fontFamily: "ui-monospace, monospace",
          lineHeight: 15,
          color: "#71717a",
          // First line: the version (green + trophy for the best mean); then one line per alias.
          formatter: (value: string, i: number) => {
            const [v, ...aliases] = value.split("\n");
            const head = i === best && data.versions.length > 1 ? `{best|${v} ★}` : `{ver|${v}}`;
            return [head, ...aliases.map((a) => `{alias|${a}}`)].join("\n");
          },
          rich: {
            ver: { fontWeight: "bold", fontFamily: "ui-monospace, monospace", fontSize: 12 },
            best: { fontWeight: "bold", color: "#10b981", fontFamily: "ui-monospace, monospace", fontSize: 12 },
            alias: { color: "#8b5cf6", fontFamily: "ui-monospace, monospace", fontSize: 11 },
          },
        },
      },
      yAxis: { type: "value", scale: true, name: data.metricKey, nameTextStyle: { align: "left" }, splitLine: { lineStyle: { opacity: 0.4 } } },
      series: [
        {
          name: "Distribution",
          type: "boxplot",
          data: boxes,
          boxWidth: [8, 44],
          itemStyle: { color: "rgba(99,102,241,0.12)", borderColor: "#6366f1", borderWidth: 1.5 },
          emphasis: { itemStyle: { borderColor: "#4f46e5", borderWidth: 2 } },
        },
        {
          name: "Runs",
          type: "scatter",
          data: dots,
          symbolSize: 7,
          itemStyle: { color: "#0ea5e9", opacity: 0.75, borderColor: "#fff", borderWidth: 0.5 },
          z: 3,
        },
        {
          name: "Mean",
          type: "scatter",
          data: means,
          symbol: "diamond",
          symbolSize: 12,
          itemStyle: { color: "#f59e0b", borderColor: "#78350f", borderWidth: 0.5 },
          z: 4,
        },
      ],
    } as EChartsOption;
  }, [data]);
  const router = useRouter();
  // Clicking a run's dot opens the run.
  const onEvents = useMemo(
    () => ({
      click: (p: unknown) => {
        const d = (p as { seriesName?: string; data?: { runId?: string; experimentId?: string } }).data;
        if ((p as { seriesName?: string }).seriesName === "Runs" && d?.runId) router.push(`/experiments/${d.experimentId}/runs/${d.runId}`);
      },
    }),
    [router],
  );
  return <EChart option={option} height={height} onEvents={onEvents} ariaLabel={`${data.metricKey} by prompt version`} />;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function MetricsByVersionTable({ data, promptName }: { data: PromptMetricsByVersion; promptName: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={`${data.metricKey} by version`}>
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <th className="py-2 pr-3 font-medium">Version</th>
            <th className="py-2 pr-3 text-right font-medium">Runs</th>
            <th className="py-2 pr-3 text-right font-medium">Mean</th>
            <th className="py-2 pr-3 text-right font-medium">Median</th>
            <th className="py-2 pr-3 text-right font-medium">Min</th>
            <th className="py-2 pr-3 text-right font-medium">Max</th>
            <th className="py-2 pr-3 text-right font-medium">Std</th>
            <th className="py-2 text-right font-medium">Mean vs previous</th>
          </tr>
        </thead>
        <tbody>
          {data.versions.map((v, i) => {
            const prev = i > 0 ? data.versions[i - 1] : null;
            const d = prev ? metricDelta(prev.mean, v.mean, data.direction) : null;
            const best = v.version === data.bestVersion && data.versions.length > 1;
            return (
              <tr key={v.version} className={cn("border-b border-zinc-100 last:border-0 dark:border-zinc-800/60", best && "bg-emerald-50/60 dark:bg-emerald-950/30")}>
                <td className="py-2 pr-3">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Link href={`/prompts/${encodeURIComponent(promptName)}?version=${v.version}`} className="font-mono font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                      v{v.version}
                    </Link>
                    {v.isLatest && <AliasBadge alias="latest" />}
                    {v.aliases.map((a) => (
                      <AliasBadge key={a} alias={a} />
                    ))}
                    {best && (
                      <span className="inline-flex items-center gap-1 text-xs font-medium text-emerald-700 dark:text-emerald-400" title={`Best mean (${data.direction} is better)`}>
                        <Trophy className="h-3.5 w-3.5" /> best
                      </span>
                    )}
                  </div>
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{v.runs}</td>
                <td className="py-2 pr-3 text-right font-medium">
                  <Num value={v.mean} />
                </td>
                <td className="py-2 pr-3 text-right">
                  <Num value={v.median} />
                </td>
                <td className="py-2 pr-3 text-right">
                  <Num value={v.min} />
                </td>
                <td className="py-2 pr-3 text-right">
                  <Num value={v.max} />
                </td>
                <td className="py-2 pr-3 text-right text-zinc-500">
                  <Num value={v.std} />
                </td>
                <td className="py-2 text-right tabular-nums">
                  {d ? (
                    <span className={cn(d.change === "better" ? "text-emerald-600 dark:text-emerald-400" : d.change === "worse" ? "text-red-600 dark:text-red-400" : "text-zinc-500")}>
                      {d.abs > 0 ? "+" : d.abs < 0 ? "−" : "±"}
                      {formatNumber(Math.abs(d.abs))}
                      {d.rel !== null && <span className="ml-1 text-xs opacity-80">({d.rel > 0 ? "+" : ""}{d.rel.toFixed(1)}%)</span>}
                      <span className="sr-only"> {d.change}</span>
                    </span>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        Latest value of <code className="font-mono">{data.metricKey}</code> per linked run; {data.direction === "higher" ? "higher" : "lower"} is better. NaN and infinite values are excluded from the statistics.
      </p>
    </div>
  );
}
