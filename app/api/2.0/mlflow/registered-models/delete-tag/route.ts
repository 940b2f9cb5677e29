import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteRegisteredModelTagRequest } from "@/lib/mlflow/registry";
import { deleteRegisteredModelTag } from "@/lib/domain/registry/registered-models";

// DELETE registered-models/delete-tag, JSON body {name, key} (docs/mlflow-compatibility.md#model-registry)
export const DELETE = mlflowRoute(deleteRegisteredModelTagRequest, async (body) => {
  await deleteRegisteredModelTag(body.name, body.key);
  return {};
});
