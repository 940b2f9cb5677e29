import { mlflowRoute } from "@/lib/mlflow/route";
import { modelVersionRequest } from "@/lib/mlflow/registry";
import { getModelVersionDownloadUri } from "@/lib/domain/registry/model-versions";

// GET model-versions/get-download-uri (docs/mlflow-compatibility.md#model-registry)
export const GET = mlflowRoute(modelVersionRequest, async (q) => ({
  artifact_uri: await getModelVersionDownloadUri(q.name, q.version),
}));
