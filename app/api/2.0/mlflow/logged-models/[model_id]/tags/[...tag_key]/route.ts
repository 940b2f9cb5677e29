import { z } from "zod";
import { deleteLoggedModelTag } from "@/lib/domain/logged-models/write";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE logged-models/{model_id}/tags/{tag_key} (docs/mlflow-compatibility.md#logged-models). Keys may contain "/" (sent
// unencoded by some clients), so the key is every remaining path segment, decoded and re-joined.
export const DELETE = mlflowRoute(z.object({}).loose(), async (_body, _req, params) => {
  const key = Array.isArray(params.tag_key) ? params.tag_key.join("/") : String(params.tag_key);
  await deleteLoggedModelTag(String(params.model_id), key);
  return {};
});
