import { mlflowRoute } from "@/lib/mlflow/route";
import { createRegisteredModelRequest, fromMlflowCreateRegisteredModel, requestUserId, toMlflowRegisteredModel } from "@/lib/mlflow/registry";
import { createRegisteredModel } from "@/lib/domain/registry/registered-models";

// POST registered-models/create (spec §7.1; a prompt when tagged mlflow.prompt.is_prompt=true, §8.3)
export const POST = mlflowRoute(createRegisteredModelRequest, async (body, req) => {
  const rm = await createRegisteredModel(fromMlflowCreateRegisteredModel(body, requestUserId(req)));
  return { registered_model: toMlflowRegisteredModel(rm) };
});
