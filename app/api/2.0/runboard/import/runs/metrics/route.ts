import { mlflowRoute } from "@/lib/mlflow/route";
import { stageRunMetricsRequest } from "@/lib/mlflow/import";
import { stageRunMetrics } from "@/lib/domain/import/runs";

// One chunk of a long metric history, staged until its run's commit.
export const POST = mlflowRoute(stageRunMetricsRequest, async (b) => await stageRunMetrics(b));
