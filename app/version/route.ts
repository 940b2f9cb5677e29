import { MLFLOW_COMPAT_VERSION } from "@/lib/version";
import { withRequestCaller } from "@/lib/auth/scope";
import { handleError } from "@/lib/mlflow/route";

// Plain-text version for client feature gating; protected like every MLflow path when auth is on.
export function GET(req: Request) {
  return withRequestCaller(
    req,
    async () => new Response(MLFLOW_COMPAT_VERSION, { headers: { "Content-Type": "text/plain; charset=utf-8" } }),
    { anyCaller: true },
  ).catch(handleError);
}
