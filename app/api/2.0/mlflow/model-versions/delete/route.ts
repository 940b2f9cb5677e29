import { mlflowRoute } from "@/lib/mlflow/route";
import { modelVersionRequest } from "@/lib/mlflow/registry";
import { deleteModelVersion } from "@/lib/domain/registry/model-versions";

// DELETE model-versions/delete, JSON body {name, version} (docs/mlflow-compatibility.md#model-registry)
export const DELETE = mlflowRoute(modelVersionRequest, async (body) => {
  await deleteModelVersion(body.name, body.version);
  return {};
});
