import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowTraceInfoV3, traceIdQuery } from "@/lib/mlflow/traces";
import { getTraceInfoOrThrow } from "@/lib/domain/traces/info";

// GetTraceInfoV3: unknown ids answer RESOURCE_DOES_NOT_EXIST as JSON (never a bare 404, which the
// client would take for a missing endpoint and fall back to v2).
export const GET = mlflowRoute(traceIdQuery, async (_q, _req, params) => {
  const info = await getTraceInfoOrThrow(String(params.trace_id));
  return { trace: { trace_info: toMlflowTraceInfoV3(info) } };
});

// POST /traces/metrics, /traces/calculate-filter-correlation … land on this dynamic segment:
// answer them as the catch-all does (ENDPOINT_NOT_FOUND, JSON), not with a bare 405.
export { POST, PUT, PATCH, DELETE } from "@/app/api/[...path]/route";
