import { invalidParam } from "@/lib/errors";
import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowTraceInfoV3, traceIdsQuery } from "@/lib/mlflow/traces";
import { loadTraceInfos } from "@/lib/domain/traces/info";
import { MAX_TRACE_IDS_PER_CALL } from "@/lib/domain/traces/keys";

// BatchGetTraceInfos (MlflowClient.batch_get_traces step 1).
export const POST = mlflowRoute(traceIdsQuery, async (b) => {
  if (b.trace_ids.length > MAX_TRACE_IDS_PER_CALL) throw invalidParam(`At most ${MAX_TRACE_IDS_PER_CALL} trace_ids per request; got ${b.trace_ids.length}.`);
  return { trace_infos: (await loadTraceInfos(b.trace_ids)).map(toMlflowTraceInfoV3) };
});
