import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowTraceInfoV2, traceIdQuery } from "@/lib/mlflow/traces";
import { getTraceInfoOrThrow } from "@/lib/domain/traces/info";

// v2 GetTraceInfo (the client's fallback for GetTraceInfoV3).
export const GET = mlflowRoute(traceIdQuery, async (_q, _req, params) => ({ trace_info: toMlflowTraceInfoV2(await getTraceInfoOrThrow(String(params.request_id))) }));
