import { deleteLoggedModel, finalizeLoggedModel } from "@/lib/domain/logged-models/write";
import { getLoggedModelOrThrow } from "@/lib/domain/logged-models/records";
import { deleteLoggedModelRequest, finalizeLoggedModelRequest, getLoggedModelRequest, toMlflowLoggedModel } from "@/lib/mlflow/logged-models";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET / PATCH (finalize) / DELETE logged-models/{model_id} (docs/mlflow-compatibility.md#logged-models).
const id = (params: Record<string, string | string[] | undefined>) => String(params.model_id);

export const GET = mlflowRoute(getLoggedModelRequest, async (q, _req, params) => ({
  model: toMlflowLoggedModel(await getLoggedModelOrThrow(id(params), { allowDeleted: q.allow_deleted ?? false })),
}));

export const PATCH = mlflowRoute(finalizeLoggedModelRequest, async (body, _req, params) => ({
  model: toMlflowLoggedModel(await finalizeLoggedModel(id(params), body.status)),
}));

export const DELETE = mlflowRoute(deleteLoggedModelRequest, async (_body, _req, params) => {
  await deleteLoggedModel(id(params));
  return {};
});
