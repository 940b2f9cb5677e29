import { listLoggedModelArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { listLoggedModelArtifactsRequest, toArtifactListing } from "@/lib/mlflow/artifacts";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET logged-models/{model_id}/artifacts/directories (docs/mlflow-compatibility.md#logged-models): paths relative to the model root.
export const GET = mlflowRoute(listLoggedModelArtifactsRequest, async (q, _req, params) =>
  toArtifactListing(await listLoggedModelArtifacts(String(params.model_id), q.artifact_directory_path, q.page_token)),
);
