import "server-only";
import { z } from "zod";
import { list, num, optInt32, optString, reqId, reqString } from "@/lib/mlflow/wire";
import type { EvalDatasetRecord } from "@/lib/domain/traces/eval-datasets";
import type { ScorerVersionRecord } from "@/lib/domain/traces/scorers";

// Wire shapes of /api/3.0/mlflow/datasets/* (mlflow.genai.datasets) and /api/3.0/mlflow/scorers/*.
// Dataset tags, schema, profile and the records list travel as JSON *strings*.

export const createDatasetRequest = z.object({
  name: reqString(),
  experiment_ids: list(reqId()),
  tags: optString(),
  created_by: optString(),
  source_type: z.unknown().optional(),
  source: optString(),
  schema: optString(),
  profile: optString(),
});

export const searchDatasetsRequest = z.object({
  experiment_ids: list(reqId()),
  filter_string: optString(),
  max_results: optInt32(),
  order_by: list(z.string()),
  page_token: optString(),
});

export const upsertRecordsRequest = z.object({ records: reqString(), updated_by: optString() });
export const getRecordsRequest = z.object({ max_results: optInt32(), page_token: optString() });
export const deleteRecordsRequest = z.object({ dataset_record_ids: list(reqString()) });
export const setDatasetTagsRequest = z.object({ tags: reqString() });
export const datasetExperimentsRequest = z.object({ experiment_ids: list(reqId()) });
export const anyQuery = z.object({}).passthrough();

export function toMlflowDataset(d: EvalDatasetRecord) {
  return {
    dataset_id: d.datasetId,
    name: d.name,
    tags: d.tags ?? undefined,
    schema: d.schema ?? undefined,
    profile: d.profile ?? undefined,
    digest: d.digest,
    created_time: num(d.createdTime),
    last_update_time: num(d.lastUpdateTime),
    created_by: d.createdBy ?? undefined,
    last_updated_by: d.lastUpdatedBy ?? undefined,
    experiment_ids: d.experimentIds?.length ? d.experimentIds : undefined,
  };
}

// ─── scorers ───

export const registerScorerRequest = z.object({ experiment_id: reqId(), name: reqString(), serialized_scorer: reqString() });
export const listScorersRequest = z.object({ experiment_id: reqId() });
export const scorerVersionsRequest = z.object({ experiment_id: reqId(), name: reqString() });
export const getScorerRequest = z.object({ experiment_id: reqId(), name: reqString(), version: optInt32() });
export const onlineConfigsRequest = z.object({ scorer_ids: list(z.string()) });

/** The Scorer message (note: experiment_id is an int32 here, unlike everywhere else). */
export const toMlflowScorer = (s: ScorerVersionRecord) => ({
  experiment_id: Number(s.experimentId),
  scorer_name: s.name,
  scorer_version: s.version,
  serialized_scorer: s.serializedScorer,
  creation_time: num(s.creationTime),
  scorer_id: s.scorerId,
});
