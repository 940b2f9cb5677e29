// The "metrics by prompt version" read model: plain, serialisable data that
// lib/domain/prompts/metrics.ts returns and the prompt page's client components render.
import type { Direction } from "@/lib/metric-direction";

export interface PromptMetricPoint {
  version: number;
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  value: number;
  step: number;
}

export interface VersionMetricStats {
  version: number;
  /** Aliases of this version (not including the computed `latest`). */
  aliases: string[];
  isLatest: boolean;
  /** Runs with a value (NaN and ±Infinity included). */
  runs: number;
  /** Runs with a finite value (what the statistics cover). */
  n: number;
  mean: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  /** Sample standard deviation (null below two values). */
  std: number | null;
  /** The newest runs' values (at most 500 per version: the chart's dots). */
  points: PromptMetricPoint[];
}

export interface PromptMetricsByVersion {
  promptName: string;
  metricKey: string;
  direction: Direction;
  /** One entry per version that has at least one linked run with this metric, ascending. */
  versions: VersionMetricStats[];
  /** The version with the best mean under `direction` (null when no version has values). */
  bestVersion: number | null;
}
