import { mlflowRoute } from "@/lib/mlflow/route";
import { setTagRequest } from "@/lib/mlflow/runs";
import { setTag } from "@/lib/domain/runs/log-batch";

export const POST = mlflowRoute(setTagRequest, async (body) => {
  await setTag({ runId: body.runId, key: body.key, value: body.value ?? "" });
  return {};
});
