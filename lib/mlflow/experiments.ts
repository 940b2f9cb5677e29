import "server-only";
import { z } from "zod";
import { keyValue, list, num, optEnum, optInt64, optString, reqId, reqString } from "@/lib/mlflow/wire";
import type { ExperimentRecord } from "@/lib/domain/experiments";
import type { CreateExperimentInput, SearchExperimentsInput, ViewType } from "@/lib/schemas/experiment";

// Wire shapes of the experiment endpoints and the Experiment JSON (docs/mlflow-compatibility.md#experiments).

export const VIEW_TYPES = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const;
export const optViewType = () => optEnum(VIEW_TYPES, { 1: "ACTIVE_ONLY", 2: "DELETED_ONLY", 3: "ALL" });

export const createExperimentRequest = z.object({
  name: reqString(),
  artifact_location: optString(),
  tags: list(keyValue()),
});

export const fromMlflowCreateExperiment = (b: z.output<typeof createExperimentRequest>): CreateExperimentInput => ({
  name: b.name,
  artifactLocation: b.artifact_location || undefined,
  tags: b.tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
});

export const experimentIdRequest = z.object({ experiment_id: reqId() });
export const getExperimentByNameRequest = z.object({ experiment_name: reqString() });

export const searchExperimentsRequest = z.object({
  max_results: optInt64(),
  page_token: optString(),
  filter: optString(),
  order_by: list(z.string()),
  view_type: optViewType(),
});

export const fromMlflowSearchExperiments = (b: z.output<typeof searchExperimentsRequest>): SearchExperimentsInput => ({
  maxResults: b.max_results === undefined ? undefined : Number(b.max_results),
  pageToken: b.page_token || undefined,
  filter: b.filter || undefined,
  orderBy: b.order_by.length ? b.order_by : undefined,
  viewType: b.view_type as ViewType | undefined,
});

export const updateExperimentRequest = z.object({ experiment_id: reqId(), new_name: reqString() });
export const setExperimentTagRequest = z.object({ experiment_id: reqId(), key: reqString(), value: optString() });
export const deleteExperimentTagRequest = z.object({ experiment_id: reqId(), key: reqString() });

const nonEmpty = <T>(a: T[]) => (a.length ? a : undefined);

export function toMlflowExperiment(e: ExperimentRecord) {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: num(e.lastUpdateTime),
    creation_time: num(e.creationTime),
    tags: nonEmpty(e.tags.map((t) => ({ key: t.key, value: t.value }))),
  };
}
