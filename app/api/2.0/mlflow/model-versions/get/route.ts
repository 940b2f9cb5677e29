import { mlflowRoute } from "@/lib/mlflow/route";
import { modelVersionRequest, toMlflowModelVersion } from "@/lib/mlflow/registry";
import { getModelVersionOrThrow } from "@/lib/domain/registry/records";

// GET model-versions/get (docs/mlflow-compatibility.md#model-registry)
export const GET = mlflowRoute(modelVersionRequest, async (q) => ({
  model_version: toMlflowModelVersion(await getModelVersionOrThrow(q.name, q.version)),
}));
