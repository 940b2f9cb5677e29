import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowModelVersion, transitionModelVersionStageRequest } from "@/lib/mlflow/registry";
import { transitionModelVersionStage } from "@/lib/domain/registry/model-versions";

// POST model-versions/transition-stage (docs/mlflow-compatibility.md#model-registry; deprecated in MLflow, kept)
export const POST = mlflowRoute(transitionModelVersionStageRequest, async (body) => ({
  model_version: toMlflowModelVersion(
    await transitionModelVersionStage({
      name: body.name,
      version: body.version,
      stage: body.stage,
      archiveExistingVersions: body.archive_existing_versions ?? false,
    }),
  ),
}));
