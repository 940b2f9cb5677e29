import { mlflowRoute } from "@/lib/mlflow/route";
import { linkTracesToRunRequest } from "@/lib/mlflow/traces";
import { linkTracesToRun } from "@/lib/domain/traces/tags";

export const POST = mlflowRoute(linkTracesToRunRequest, async (b) => {
  await linkTracesToRun(b.run_id, b.trace_ids);
  return {};
});
