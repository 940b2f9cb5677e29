import { invalidParam } from "@/lib/errors";
import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowTraceInfoV3, traceIdsQuery } from "@/lib/mlflow/traces";
import { loadTraces } from "@/lib/domain/traces/info";
import { MAX_TRACE_IDS_PER_CALL } from "@/lib/domain/traces/keys";

// BatchGetTraces: full traces for up to 100 ids (the client sends ≤ 10); unknown ids are skipped.
export const GET = mlflowRoute(traceIdsQuery, async (q) => {
  if (q.trace_ids.length > MAX_TRACE_IDS_PER_CALL) throw invalidParam(`At most ${MAX_TRACE_IDS_PER_CALL} trace_ids per request; got ${q.trace_ids.length}.`);
  const traces = await loadTraces(q.trace_ids);
  return { traces: traces.map((t) => ({ trace_info: toMlflowTraceInfoV3(t.info), spans: t.spans })) };
});
