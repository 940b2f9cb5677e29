import { mlflowRoute } from "@/lib/mlflow/route";
import { setRegisteredModelTagRequest } from "@/lib/mlflow/registry";
import { setRegisteredModelTag } from "@/lib/domain/registry/registered-models";

// POST registered-models/set-tag (docs/mlflow-compatibility.md#model-registry)
export const POST = mlflowRoute(setRegisteredModelTagRequest, async (body) => {
  await setRegisteredModelTag(body.name, body.key, body.value ?? "");
  return {};
});
