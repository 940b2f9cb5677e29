import { mlflowRoute } from "@/lib/mlflow/route";
import { createRegisteredModelRequest, fromMlflowCreateRegisteredModel, requestUserId, toMlflowRegisteredModel } from "@/lib/mlflow/registry";
import { createRegisteredModel } from "@/lib/domain/registry/registered-models";

// POST registered-models/create (docs/mlflow-compatibility.md#model-registry; a prompt when tagged mlflow.prompt.is_prompt=true, #prompts)
export const POST = mlflowRoute(createRegisteredModelRequest, async (body, req) => {
  const rm = await createRegisteredModel(fromMlflowCreateRegisteredModel(body, requestUserId(req)));
  return { registered_model: toMlflowRegisteredModel(rm) };
});
