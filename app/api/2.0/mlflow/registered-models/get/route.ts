import { mlflowRoute } from "@/lib/mlflow/route";
import { getRegisteredModelRequest, toMlflowRegisteredModel } from "@/lib/mlflow/registry";
import { getRegisteredModelOrThrow } from "@/lib/domain/registry/registered-models";

// GET registered-models/get (docs/mlflow-compatibility.md#model-registry)
export const GET = mlflowRoute(getRegisteredModelRequest, async (q) => ({
  registered_model: toMlflowRegisteredModel(await getRegisteredModelOrThrow(q.name)),
}));
