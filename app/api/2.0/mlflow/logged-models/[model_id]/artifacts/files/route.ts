import { getLoggedModelArtifactFile } from "@/lib/domain/artifacts/run-artifacts";
import { fileResponse, getLoggedModelArtifactRequest } from "@/lib/mlflow/artifacts";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET logged-models/{model_id}/artifacts/files?artifact_file_path= (UI download helper).
export const GET = mlflowRoute(getLoggedModelArtifactRequest, async (q, req, params) =>
  fileResponse(await getLoggedModelArtifactFile(String(params.model_id), q.path), req),
);
