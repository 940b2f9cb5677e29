import { mlflowRoute } from "@/lib/mlflow/route";
import { importLoggedModelRequest } from "@/lib/mlflow/import";
import { importLoggedModel } from "@/lib/domain/import/models";

// One logged model (tags, params, metrics), keeping its id.
export const POST = mlflowRoute(importLoggedModelRequest, async (b) => {
  const m = await importLoggedModel(b);
  return { model_id: m.modelId, experiment_id: m.experimentId, artifact_uri: m.artifactUri, result: m.result };
});
