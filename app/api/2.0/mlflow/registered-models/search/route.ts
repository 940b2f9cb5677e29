import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowSearch, searchRegisteredModelsRequest, toMlflowRegisteredModels } from "@/lib/mlflow/registry";
import { searchRegisteredModels } from "@/lib/domain/registry/search";

// GET registered-models/search (docs/mlflow-compatibility.md#registry-search; prompts only via tags.`mlflow.prompt.is_prompt` = 'true')
export const GET = mlflowRoute(searchRegisteredModelsRequest, async (q) => {
  const { registeredModels, nextPageToken } = await searchRegisteredModels(fromMlflowSearch(q));
  return { registered_models: toMlflowRegisteredModels(registeredModels), next_page_token: nextPageToken };
});
