import { mlflowRoute } from "@/lib/mlflow/route";
import { renameRegisteredModelRequest, toMlflowRegisteredModel } from "@/lib/mlflow/registry";
import { renameRegisteredModel } from "@/lib/domain/registry/registered-models";

// POST registered-models/rename (docs/mlflow-compatibility.md#model-registry)
export const POST = mlflowRoute(renameRegisteredModelRequest, async (body) => ({
  registered_model: toMlflowRegisteredModel(await renameRegisteredModel(body.name, body.new_name)),
}));
