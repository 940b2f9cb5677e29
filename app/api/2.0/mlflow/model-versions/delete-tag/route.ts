import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteModelVersionTagRequest } from "@/lib/mlflow/registry";
import { deleteModelVersionTag } from "@/lib/domain/registry/model-versions";

// DELETE model-versions/delete-tag, JSON body {name, version, key} (docs/mlflow-compatibility.md#model-registry)
export const DELETE = mlflowRoute(deleteModelVersionTagRequest, async (body) => {
  await deleteModelVersionTag(body.name, body.version, body.key);
  return {};
});
