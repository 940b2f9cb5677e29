import { mlflowRoute } from "@/lib/mlflow/route";
import { scorerVersionsRequest, toMlflowScorer } from "@/lib/mlflow/eval-datasets";
import { listScorerVersions } from "@/lib/domain/traces/scorers";

export const GET = mlflowRoute(scorerVersionsRequest, async (q) => ({ scorers: (await listScorerVersions(q.experiment_id, q.name)).map(toMlflowScorer) }));
