import { mlflowRoute } from "@/lib/mlflow/route";
import { modelVersionRequest, toMlflowModelVersion } from "@/lib/mlflow/registry";
import { getModelVersionOrThrow } from "@/lib/domain/registry/records";

// GET model-versions/get (spec §7.2)
export const GET = mlflowRoute(modelVersionRequest, async (q) => ({
  model_version: toMlflowModelVersion(await getModelVersionOrThrow(q.name, q.version)),
}));
