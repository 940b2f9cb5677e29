import { mlflowRoute } from "@/lib/mlflow/route";
import { getLatestVersionsRequest, toMlflowModelVersions } from "@/lib/mlflow/registry";
import { getLatestVersions } from "@/lib/domain/registry/registered-models";

// POST (the client's) and GET registered-models/get-latest-versions (docs/mlflow-compatibility.md#model-registry)
export const POST = mlflowRoute(getLatestVersionsRequest, async (body) => ({
  model_versions: toMlflowModelVersions(await getLatestVersions(body.name, body.stages)),
}));
export const GET = POST;
