import { mlflowRoute } from "@/lib/mlflow/route";
import { createModelVersionRequest, fromMlflowCreateModelVersion, requestUserId, toMlflowModelVersion } from "@/lib/mlflow/registry";
import { createModelVersion } from "@/lib/domain/registry/model-versions";

// POST model-versions/create (docs/mlflow-compatibility.md#model-registry; prompt versions: #prompts). Status is READY at once.
export const POST = mlflowRoute(createModelVersionRequest, async (body, req) => ({
  model_version: toMlflowModelVersion(await createModelVersion(fromMlflowCreateModelVersion(body, requestUserId(req)))),
}));
