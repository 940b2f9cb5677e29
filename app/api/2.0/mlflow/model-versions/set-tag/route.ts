import { mlflowRoute } from "@/lib/mlflow/route";
import { setModelVersionTagRequest } from "@/lib/mlflow/registry";
import { setModelVersionTag } from "@/lib/domain/registry/model-versions";

// POST model-versions/set-tag (docs/mlflow-compatibility.md#model-registry)
export const POST = mlflowRoute(setModelVersionTagRequest, async (body) => {
  await setModelVersionTag(body.name, body.version, body.key, body.value);
  return {};
});
