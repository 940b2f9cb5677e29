import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteTracesRequest } from "@/lib/mlflow/traces";
import { deleteTraces } from "@/lib/domain/traces/tags";

// delete-traces: by request_ids (≤ 100) or by max_timestamp_millis [+ max_traces] (docs/mlflow-compatibility.md#traces).
export const POST = mlflowRoute(deleteTracesRequest, async (b) => {
  const ids = [...b.request_ids, ...b.trace_ids];
  const n = await deleteTraces({
    experimentId: b.experiment_id,
    traceIds: ids.length ? ids : undefined,
    maxTimestampMillis: b.max_timestamp_millis,
    maxTraces: b.max_traces,
  });
  return { traces_deleted: n };
});
