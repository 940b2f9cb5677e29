import { getRunArtifactFile } from "@/lib/domain/artifacts/run-artifacts";
import { fileResponse, getRunArtifactRequest } from "@/lib/mlflow/artifacts";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET /get-artifact?run_id=&path= — MLflow's UI download helper (streams, supports Range).
export const GET = mlflowRoute(getRunArtifactRequest, async (q, req) => fileResponse(await getRunArtifactFile(q.runId, q.path), req));
