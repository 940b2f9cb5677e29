import { mlflowRoute } from "@/lib/mlflow/route";
import { setDatasetTagsRequest, toMlflowDataset } from "@/lib/mlflow/eval-datasets";
import { setEvalDatasetTags } from "@/lib/domain/traces/eval-datasets";

export const PATCH = mlflowRoute(setDatasetTagsRequest, async (b, _req, params) => ({ dataset: toMlflowDataset(await setEvalDatasetTags(String(params.dataset_id), b.tags)) }));
