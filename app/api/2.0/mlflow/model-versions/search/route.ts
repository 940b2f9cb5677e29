import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowSearch, searchModelVersionsRequest, toMlflowModelVersions } from "@/lib/mlflow/registry";
import { searchModelVersions } from "@/lib/domain/registry/search";

// GET model-versions/search (docs/mlflow-compatibility.md#model-registry, #registry-search; prompt versions only when the filter asks for them)
export const GET = mlflowRoute(searchModelVersionsRequest, async (q) => {
  const { modelVersions, nextPageToken } = await searchModelVersions(fromMlflowSearch(q));
  return { model_versions: toMlflowModelVersions(modelVersions), next_page_token: nextPageToken };
});
