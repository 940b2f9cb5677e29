import "server-only";
import { z } from "zod";
import type { LoggedModelMetric, LoggedModelRecord, LoggedModelStatus } from "@/lib/domain/logged-models/records";
import { list, MISSING, num, optBool, optEnum, optInt32, optString, reqId, reqString, wireDouble } from "@/lib/mlflow/wire";

// Wire shapes of the MLflow 3 logged-model endpoints (docs/mlflow-compatibility.md#logged-models).
// (wire.ts's optBool/optInt32/optEnum reject an absent key inside z.object, hence `.optional()`.)

export const LOGGED_MODEL_STATUS_NAMES = ["LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"] as const;
export const LOGGED_MODEL_STATUS_NUMBERS: Record<number, (typeof LOGGED_MODEL_STATUS_NAMES)[number]> = {
  0: "LOGGED_MODEL_STATUS_UNSPECIFIED",
  1: "LOGGED_MODEL_PENDING",
  2: "LOGGED_MODEL_READY",
  3: "LOGGED_MODEL_UPLOAD_FAILED",
};

/** {key, value}: key required, value optional (absent → ""). */
const kv = () => z.object({ key: reqString(), value: optString() });

export const createLoggedModelRequest = z.object({
  experiment_id: reqId(),
  name: optString(),
  model_type: optString(),
  source_run_id: optString(),
  params: list(kv()),
  tags: list(kv()),
});

export const getLoggedModelRequest = z.object({ model_id: optString(), allow_deleted: optBool().optional() });

export const finalizeLoggedModelRequest = z
  .object({ model_id: optString(), status: optEnum(LOGGED_MODEL_STATUS_NAMES, LOGGED_MODEL_STATUS_NUMBERS).optional() })
  .transform((v, ctx) => {
    if (!v.status) ctx.addIssue({ code: "custom", message: MISSING, path: ["status"] });
    return { status: (v.status ?? "LOGGED_MODEL_STATUS_UNSPECIFIED") as LoggedModelStatus };
  });

export const deleteLoggedModelRequest = z.object({ model_id: optString() });

export const setLoggedModelTagsRequest = z.object({ model_id: optString(), tags: list(kv()) });

export const logLoggedModelParamsRequest = z.object({ model_id: optString(), params: list(kv()) });

export const searchLoggedModelsRequest = z
  .object({
    experiment_ids: list(reqId()),
    filter: optString(),
    datasets: list(z.object({ dataset_name: optString(), dataset_digest: optString() })),
    max_results: optInt32().optional(),
    order_by: list(
      z.object({ field_name: reqString(), ascending: optBool().optional(), dataset_name: optString(), dataset_digest: optString() }),
    ),
    page_token: optString(),
  })
  .transform((v, ctx) => {
    if (v.experiment_ids.length === 0) ctx.addIssue({ code: "custom", message: MISSING, path: ["experiment_ids"] });
    return {
      experimentIds: v.experiment_ids,
      filter: v.filter,
      datasets: v.datasets.map((d) => ({ datasetName: d.dataset_name, datasetDigest: d.dataset_digest })),
      maxResults: v.max_results,
      orderBy: v.order_by.map((o) => ({
        fieldName: o.field_name,
        ascending: o.ascending,
        datasetName: o.dataset_name,
        datasetDigest: o.dataset_digest,
      })),
      pageToken: v.page_token,
    };
  });

// ─── responses ───

const kvList = (items: { key: string; value: string }[]) => (items.length ? items.map((i) => ({ key: i.key, value: i.value })) : undefined);

function toMlflowModelMetric(modelId: string, m: LoggedModelMetric) {
  return {
    key: m.key,
    value: wireDouble(m.value),
    timestamp: num(m.timestamp),
    step: num(m.step),
    ...(m.datasetName ? { dataset_name: m.datasetName } : {}),
    ...(m.datasetDigest ? { dataset_digest: m.datasetDigest } : {}),
    model_id: modelId,
    ...(m.runId ? { run_id: m.runId } : {}),
  };
}

/** LoggedModel → `{info, data}` (unset fields omitted, as protobuf JSON does). */
export function toMlflowLoggedModel(m: LoggedModelRecord) {
  const info = {
    model_id: m.modelId,
    experiment_id: m.experimentId,
    name: m.name,
    creation_timestamp_ms: num(m.creationTimestampMs),
    last_updated_timestamp_ms: num(m.lastUpdatedTimestampMs),
    artifact_uri: m.artifactUri,
    status: m.status,
    ...(m.modelType ? { model_type: m.modelType } : {}),
    ...(m.sourceRunId ? { source_run_id: m.sourceRunId } : {}),
    ...(m.statusMessage ? { status_message: m.statusMessage } : {}),
    ...(m.tags.length ? { tags: kvList(m.tags) } : {}),
    ...(m.registrations.length ? { registrations: m.registrations.map((r) => ({ name: r.name, version: r.version })) } : {}),
  };
  const data = {
    ...(m.params.length ? { params: kvList(m.params) } : {}),
    ...(m.metrics.length ? { metrics: m.metrics.map((x) => toMlflowModelMetric(m.modelId, x)) } : {}),
  };
  return { info, data };
}

export function toSearchLoggedModelsResponse(r: { models: LoggedModelRecord[]; nextPageToken?: string }) {
  return {
    ...(r.models.length ? { models: r.models.map(toMlflowLoggedModel) } : {}),
    ...(r.nextPageToken ? { next_page_token: r.nextPageToken } : {}),
  };
}
