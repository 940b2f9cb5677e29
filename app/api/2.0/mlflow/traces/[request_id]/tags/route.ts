import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteTraceTagRequest, setTraceTagRequest } from "@/lib/mlflow/traces";
import { deleteTraceTag, setTraceTag } from "@/lib/domain/traces/tags";

// Trace tags (docs/mlflow-compatibility.md#traces), also served as /api/3.0/mlflow/traces/{trace_id}/tags.
const idOf = (p: Record<string, unknown>) => String(p.request_id ?? p.trace_id);

export const PATCH = mlflowRoute(setTraceTagRequest, async (b, _req, params) => {
  await setTraceTag(idOf(params), b.key, b.value);
  return {};
});

export const DELETE = mlflowRoute(deleteTraceTagRequest, async (b, _req, params) => {
  await deleteTraceTag(idOf(params), b.key);
  return {};
});
