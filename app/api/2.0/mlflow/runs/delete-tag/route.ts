import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteTagRequest } from "@/lib/mlflow/runs";
import { deleteTag } from "@/lib/domain/runs/tags";

export const POST = mlflowRoute(deleteTagRequest, async (body) => {
  await deleteTag({ runId: body.run_id, key: body.key });
  return {};
});
