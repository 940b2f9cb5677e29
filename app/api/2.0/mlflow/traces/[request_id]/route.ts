import { mlflowRoute } from "@/lib/mlflow/route";
import { endTraceV2Request, fromMlflowEndTraceV2, toMlflowTraceInfoV2 } from "@/lib/mlflow/traces";
import { endTraceV2 } from "@/lib/domain/traces/start";

// v2 EndTrace: end timestamp, final status, metadata and tags merged in.
export const PATCH = mlflowRoute(endTraceV2Request, async (b, _req, params) => ({
  trace_info: toMlflowTraceInfoV2(await endTraceV2(fromMlflowEndTraceV2(String(params.request_id), b))),
}));

// Other methods on this dynamic segment are no MLflow endpoint: ENDPOINT_NOT_FOUND, as JSON.
export { GET, POST, PUT, DELETE } from "@/app/api/[...path]/route";
