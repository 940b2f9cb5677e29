import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowModelVersion, updateModelVersionRequest } from "@/lib/mlflow/registry";
import { updateModelVersion } from "@/lib/domain/registry/model-versions";

// PATCH model-versions/update (docs/mlflow-compatibility.md#model-registry)
export const PATCH = mlflowRoute(updateModelVersionRequest, async (body) => ({
  model_version: toMlflowModelVersion(await updateModelVersion({ name: body.name, version: body.version, description: body.description })),
}));
