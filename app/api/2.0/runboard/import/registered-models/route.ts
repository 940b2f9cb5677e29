import { mlflowRoute } from "@/lib/mlflow/route";
import { importRegisteredModelRequest } from "@/lib/mlflow/import";
import { importRegisteredModel } from "@/lib/domain/import/models";

// One registered model or prompt with all its versions, aliases and tags, keeping version numbers.
export const POST = mlflowRoute(importRegisteredModelRequest, async (b) => {
  const r = await importRegisteredModel(b);
  return { name: r.name, is_prompt: r.isPrompt, result: r.result, versions: r.versions, removed_versions: r.removedVersions };
});
