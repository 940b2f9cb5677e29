import { mlflowRoute } from "@/lib/mlflow/route";
import { toMlflowRunInfo, updateRunRequest } from "@/lib/mlflow/runs";
import { updateRun } from "@/lib/domain/runs/lifecycle";

export const POST = mlflowRoute(updateRunRequest, async (body) => {
  const info = await updateRun({ runId: body.runId, status: body.status, endTime: body.end_time, runName: body.run_name });
  return { run_info: toMlflowRunInfo(info) };
});
