import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteRegisteredModelRequest } from "@/lib/mlflow/registry";
import { deleteRegisteredModel } from "@/lib/domain/registry/registered-models";

// DELETE registered-models/delete, JSON body {name} (docs/mlflow-compatibility.md#model-registry)
export const DELETE = mlflowRoute(deleteRegisteredModelRequest, async (body) => {
  await deleteRegisteredModel(body.name);
  return {};
});
