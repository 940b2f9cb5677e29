// Shapes of the run comparison (the compare page's read model, built by lib/domain/compare/comparison.ts)
// and the zod inputs of its server actions. Pure: shared by the server and client components.
import type { RunTraceStats } from "@/lib/schemas/ui-traces";
import { z } from "zod";
import "@/lib/schemas/zod-config";
import type { Direction } from "@/lib/metric-direction";

export interface CompareRunInfo {
  id: string;
  name: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: string;
}

/** A key and one value per run (null: the run does not have it). */
export interface ValueRow {
  key: string;
  values: (string | null)[];
}

export interface MetricCell {
  value: number;
  step: number;
  timestamp: number;
}

export interface MetricRow {
  key: string;
  values: (MetricCell | null)[];
}

export interface ComparePrompt {
  name: string;
  version: number;
  promptType: string;
  template: string;
  variables: string[];
  aliases: string[];
  commitMessage: string | null;
  creationTimestamp: number;
  /** How the run uses it: linked to the run itself, or through one of its logged models. */
  via: "run" | "model";
}

export interface CompareModel {
  modelId: string;
  name: string;
  status: string;
  modelType: string | null;
  role: "output" | "input";
  creationTimestamp: number;
  /** "logged": an MLflow 3 logged model; "artifact": an MLmodel directory in the run's artifacts (MLflow 2). */
  source: "logged" | "artifact";
  /** MLmodel details, when the model's files could be read. */
  flavors: string[];
  /** Signature as text, one column per line ("text: string"), for display and diffing. */
  signature: { inputs: string | null; outputs: string | null; params: string | null } | null;
  /** The input example as text (one JSON record per row for tables), for display and diffing. */
  inputExample: string | null;
  /** Python / MLflow versions and loader (one per line). */
  environment: string | null;
  /** requirements.txt lines. */
  requirements: string | null;
  registrations: { name: string; version: number }[];
}

export interface CompareArtifact {
  path: string;
  size: number;
}

export interface CompareExperiment {
  id: string;
  name: string;
  /** Stored metric directions (experiment tags runboard.metric_direction.<key>). */
  directions: Record<string, Direction>;
}

export interface CompareData {
  runs: CompareRunInfo[];
  /** Requested ids that name no run. */
  missing: string[];
  experiments: CompareExperiment[];
  params: ValueRow[];
  metrics: MetricRow[];
  tags: ValueRow[];
  /** Per run (same order as runs). */
  prompts: ComparePrompt[][];
  models: CompareModel[][];
  artifacts: { files: CompareArtifact[]; truncated: boolean }[];
  /** Per run: its traces' count, latency and token usage (null: no trace in or linked to the run). */
  traces: (CompareTraceStats | null)[];
}

/** A run's trace figures (the traces UI's RunTraceStats, without the id: the position says which run). */
export type CompareTraceStats = Omit<RunTraceStats, "runId">;


// ───────────── Server action inputs and results ─────────────

const runIdList = z
  .array(z.string().regex(/^[A-Za-z0-9_.]{1,64}$/, "not a run id"))
  .min(1)
  .max(200);

export const loadMetricHistoriesSchema = z.object({
  runIds: runIdList,
  metricKey: z.string().min(1).max(250),
  maxPoints: z.number().int().min(10).max(10_000).default(1000),
});
export type LoadMetricHistoriesInput = z.input<typeof loadMetricHistoriesSchema>;

export interface HistoryPoint {
  step: number;
  timestamp: number;
  value: number;
}
/** Run id → points ordered by step, then timestamp. */
export type MetricHistories = Record<string, HistoryPoint[]>;

export const readArtifactTextsSchema = z.object({
  runIds: runIdList,
  path: z.string().min(1).max(1000),
});
export type ReadArtifactTextsInput = z.input<typeof readArtifactTextsSchema>;

export interface ArtifactText {
  runId: string;
  /** UTF-8 text (pretty-printed when it is JSON); null when missing or binary. */
  text: string | null;
  size: number;
  truncated: boolean;
  binary: boolean;
  missing: boolean;
  json: boolean;
}

export const setMetricDirectionSchema = z.object({
  experimentIds: z
    .array(z.string().regex(/^\d+$/))
    .min(1)
    .max(200),
  metricKey: z.string().min(1).max(250),
  direction: z.enum(["higher", "lower"]),
});
export type SetMetricDirectionInput = z.input<typeof setMetricDirectionSchema>;
