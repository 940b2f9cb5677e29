// camelCase inputs of the run / metric domain functions. Steps and timestamps are epoch-ms
// integers; the domain accepts number or bigint and stores BIGINT. Metric values may be NaN or
// ±Infinity. MLflow's own rules (docs/mlflow-compatibility.md#limits) are enforced by the domain, with MLflow's messages.
import { z } from "zod";
import "@/lib/schemas/zod-config";
import { keyValueSchema, viewTypeSchema } from "@/lib/schemas/experiment";
import { deleteTagSchema, setTagSchema } from "@/lib/schemas/tag";

export const runStatusSchema = z.enum(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]);
export type RunStatusName = z.infer<typeof runStatusSchema>;

const int64 = z.union([z.bigint(), z.number().int()]);

export const createRunSchema = z.object({
  experimentId: z.string().optional(),
  userId: z.string().optional(),
  runName: z.string().optional(),
  startTime: int64.optional(),
  tags: z.array(keyValueSchema).optional(),
});
export type CreateRunInput = z.infer<typeof createRunSchema>;

export const updateRunSchema = z.object({
  runId: z.string().min(1),
  status: runStatusSchema.optional(),
  endTime: int64.optional(),
  runName: z.string().optional(),
});
export type UpdateRunInput = z.infer<typeof updateRunSchema>;

export const metricInputSchema = z.object({
  key: z.string(),
  value: z.number(),
  timestamp: int64,
  step: int64.optional(),
  modelId: z.string().optional(),
  datasetName: z.string().optional(),
  datasetDigest: z.string().optional(),
});
export type MetricInput = z.infer<typeof metricInputSchema>;

export const logBatchSchema = z.object({
  runId: z.string().min(1),
  metrics: z.array(metricInputSchema).default([]),
  params: z.array(keyValueSchema).default([]),
  tags: z.array(keyValueSchema).default([]),
});
export type LogBatchInput = z.input<typeof logBatchSchema>;

export const searchRunsSchema = z.object({
  experimentIds: z.array(z.string()),
  filter: z.string().optional(),
  runViewType: viewTypeSchema.optional(),
  orderBy: z.array(z.string()).optional(),
  maxResults: z.number().int().positive().optional(),
  pageToken: z.string().optional(),
});
export type SearchRunsInput = z.infer<typeof searchRunsSchema>;

export const datasetSchema = z.object({
  name: z.string(),
  digest: z.string(),
  sourceType: z.string(),
  source: z.string(),
  schema: z.string().optional(),
  profile: z.string().optional(),
});
export type DatasetInputData = z.infer<typeof datasetSchema>;

export const datasetInputSchema = z.object({ dataset: datasetSchema, tags: z.array(keyValueSchema).optional() });
export type DatasetInputInput = z.infer<typeof datasetInputSchema>;

export const logInputsSchema = z.object({
  runId: z.string().min(1),
  datasets: z.array(datasetInputSchema).optional(),
  models: z.array(z.object({ modelId: z.string() })).optional(),
});
export type LogInputsInput = z.infer<typeof logInputsSchema>;

export const logOutputsSchema = z.object({
  runId: z.string().min(1),
  models: z.array(z.object({ modelId: z.string(), step: int64.optional() })),
});
export type LogOutputsInput = z.infer<typeof logOutputsSchema>;

export const getMetricHistorySchema = z.object({
  runId: z.string().min(1),
  metricKey: z.string().min(1),
  maxResults: z.number().int().optional(),
  pageToken: z.string().optional(),
});
export type GetMetricHistoryInput = z.infer<typeof getMetricHistorySchema>;

export const getMetricHistoryBulkIntervalSchema = z.object({
  runIds: z.array(z.string()),
  metricKey: z.string().min(1),
  startStep: int64.optional(),
  endStep: int64.optional(),
  maxResults: z.number().int().optional(),
});
export type GetMetricHistoryBulkIntervalInput = z.infer<typeof getMetricHistoryBulkIntervalSchema>;

// ───────────────────────────── UI server actions ─────────────────────────────

/** A run id as the UI sends it (MLflow's are 32 hex characters; imported ones may differ). */
export const runIdField = z.string().trim().min(1, "A run id is required").max(64);

export const renameRunSchema = z.object({ runId: runIdField, runName: z.string().trim().min(1, "Name is required").max(500) });

export const setRunTagSchema = setTagSchema({ runId: runIdField });
export const deleteRunTagSchema = deleteTagSchema({ runId: runIdField });

export const runIdsSchema = z.object({
  runIds: z.array(runIdField).min(1, "Select at least one run").max(1000, "Select at most 1,000 runs at a time"),
});

export const keyKindSchema = z.enum(["metric", "param", "tag"]);

export const searchExperimentKeysSchema = z.object({
  experimentId: z.string().min(1).max(20),
  query: z.string().max(500).optional(),
  kind: keyKindSchema.optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const metricSeriesSchema = z.object({
  runId: runIdField,
  key: z.string().min(1).max(250),
  maxPoints: z.number().int().min(10).max(10_000).default(1000),
});

/** A path inside a run's artifact root ("" is the root). The domain refuses path tricks. */
export const runArtifactSchema = z.object({ runId: runIdField, path: z.string().max(1000).default("") });
