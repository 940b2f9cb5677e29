import { setLoggedModelTags } from "@/lib/domain/logged-models/write";
import { setLoggedModelTagsRequest } from "@/lib/mlflow/logged-models";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH logged-models/{model_id}/tags (docs/mlflow-compatibility.md#logged-models, #prompt-links): upsert; answers {} as MLflow does.
export const PATCH = mlflowRoute(setLoggedModelTagsRequest, async (body, _req, params) => {
  await setLoggedModelTags(String(params.model_id), body.tags);
  return {};
});
