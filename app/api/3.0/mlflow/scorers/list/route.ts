import { mlflowRoute } from "@/lib/mlflow/route";
import { listScorersRequest, toMlflowScorer } from "@/lib/mlflow/eval-datasets";
import { listScorers } from "@/lib/domain/traces/scorers";

export const GET = mlflowRoute(listScorersRequest, async (q) => ({ scorers: (await listScorers(q.experiment_id)).map(toMlflowScorer) }));
