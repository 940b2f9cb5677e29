import { mlflowRoute } from "@/lib/mlflow/route";
import { linkPromptsRequest } from "@/lib/mlflow/traces";
import { linkPromptsToTrace } from "@/lib/domain/traces/tags";

// link-prompts (after load_prompt inside a trace): links the trace to those prompt versions.
export const POST = mlflowRoute(linkPromptsRequest, async (b) => {
  await linkPromptsToTrace(b.trace_id, b.prompt_versions);
  return {};
});
