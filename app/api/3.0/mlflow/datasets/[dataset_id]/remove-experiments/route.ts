import { mlflowRoute } from "@/lib/mlflow/route";
import { datasetExperimentsRequest, toMlflowDataset } from "@/lib/mlflow/eval-datasets";
import { setEvalDatasetExperiments } from "@/lib/domain/traces/eval-datasets";

export const POST = mlflowRoute(datasetExperimentsRequest, async (b, _req, params) => ({
  dataset: toMlflowDataset(await setEvalDatasetExperiments(String(params.dataset_id), b.experiment_ids, "remove")),
}));
