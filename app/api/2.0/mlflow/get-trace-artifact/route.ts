import { withRequestCaller } from "@/lib/auth/scope";
import { handleError, queryToObject } from "@/lib/mlflow/route";
import { traceArtifactDownload } from "@/lib/mlflow/trace-artifacts";

// UI endpoint (docs/mlflow-compatibility.md#traces): a trace's span data (or, with &path=, an attachment) as a download.
export const GET = (req: Request) =>
  withRequestCaller(req, async () => {
    try {
      return await traceArtifactDownload(queryToObject(new URL(req.url).searchParams));
    } catch (e) {
      return handleError(e);
    }
  }).catch(handleError);
