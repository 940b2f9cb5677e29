import { mlflowRoute } from "@/lib/mlflow/route";
import { anyQuery } from "@/lib/mlflow/eval-datasets";
import { getEvalDatasetExperimentIds } from "@/lib/domain/traces/eval-datasets";

export const GET = mlflowRoute(anyQuery, async (_q, _req, params) => ({ experiment_ids: await getEvalDatasetExperimentIds(String(params.dataset_id)) }));
