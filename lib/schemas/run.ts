// camelCase inputs of the run / metric domain functions. Steps and timestamps are epoch-ms
// integers; the domain accepts number or bigint and stores BIGINT. Metric values may be NaN or
// ±Infinity. MLflow's own rules (§9) are enforced by the domain, with MLflow's messages.
import { z } from "zod";
import { keyValueSchema, viewTypeSchema } from "@/lib/schemas/experiment";

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
