import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { listArtifactsRequest, toArtifactListing } from "@/lib/mlflow/artifacts";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET artifacts/list (docs/mlflow-compatibility.md#artifacts): a run's artifacts, paths relative to the run's artifact root.
export const GET = mlflowRoute(listArtifactsRequest, async (input) =>
  toArtifactListing(await listRunArtifacts(input.runId, input.path, input.pageToken)),
);
