import { mlflowRoute } from "@/lib/mlflow/route";
import { createDatasetRequest, toMlflowDataset } from "@/lib/mlflow/eval-datasets";
import { createEvalDataset } from "@/lib/domain/traces/eval-datasets";

export const POST = mlflowRoute(createDatasetRequest, async (b) => ({
  dataset: toMlflowDataset(await createEvalDataset({ name: b.name, experimentIds: b.experiment_ids, tags: b.tags, createdBy: b.created_by })),
}));
