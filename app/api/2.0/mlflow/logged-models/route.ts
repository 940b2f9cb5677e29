import { createLoggedModel } from "@/lib/domain/logged-models/write";
import { createLoggedModelRequest, toMlflowLoggedModel } from "@/lib/mlflow/logged-models";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST logged-models (docs/mlflow-compatibility.md#logged-models): a new PENDING model.
export const POST = mlflowRoute(createLoggedModelRequest, async (body) => {
  const model = await createLoggedModel({
    experimentId: body.experiment_id,
    // Protobuf semantics: an empty string is an unset field.
    name: body.name || undefined,
    modelType: body.model_type || undefined,
    sourceRunId: body.source_run_id || undefined,
    params: body.params,
    tags: body.tags,
  });
  return { model: toMlflowLoggedModel(model) };
});
