import { z } from "zod";
import { mlflowRoute } from "@/lib/mlflow/route";
import { list } from "@/lib/mlflow/wire";
import { searchDatasetSummaries } from "@/lib/domain/datasets";

// experiments/search-datasets (MLflow UI): dataset summaries of the experiments' runs.
const request = z.object({ experiment_ids: list(z.string()) });

export const POST = mlflowRoute(request, async (b) => ({
  dataset_summaries: (await searchDatasetSummaries(b.experiment_ids)).map((d) => ({
    experiment_id: d.experimentId,
    name: d.name,
    digest: d.digest,
    ...(d.context !== null ? { context: d.context } : {}),
  })),
}));
