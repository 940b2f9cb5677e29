import { mlflowRoute } from "@/lib/mlflow/route";
import { getTraceRequest, toMlflowTraceInfoV3 } from "@/lib/mlflow/traces";
import { getTraceOrThrow } from "@/lib/domain/traces/info";

// GetTrace: info + spans as OTel span JSON (used when the trace's spans arrived through OTLP).
export const GET = mlflowRoute(getTraceRequest, async (q) => {
  const t = await getTraceOrThrow(q.trace_id);
  return { trace: { trace_info: toMlflowTraceInfoV3(t.info), spans: t.spans } };
});
