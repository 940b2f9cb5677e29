import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowRegisteredModel, updateRegisteredModelRequest } from "@/lib/mlflow/registry";
import { updateRegisteredModel } from "@/lib/domain/registry/registered-models";

// PATCH registered-models/update (docs/mlflow-compatibility.md#model-registry)
export const PATCH = mlflowRoute(updateRegisteredModelRequest, async (body) => ({
  registered_model: toMlflowRegisteredModel(await updateRegisteredModel({ name: body.name, description: body.description })),
}));
