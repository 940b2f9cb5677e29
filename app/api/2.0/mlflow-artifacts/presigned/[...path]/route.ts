import { getArtifactFile } from "@/lib/domain/artifacts/files";
import { toPresignedDownload } from "@/lib/mlflow/artifacts";
import { handleError } from "@/lib/mlflow/route";
import { withRequestCaller } from "@/lib/auth/scope";
import { keyToPath } from "@/lib/domain/artifacts/paths";

// GET /mlflow-artifacts/presigned/<path> (MLflow's GetPresignedDownloadUrl): used by clients with
// MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD, which then fetch the file in parallel byte ranges. The
// URL is this server's own download URL (it serves Range requests), so the bytes still come
// through Runboard and no bucket needs to be reachable from clients.

type Ctx = { params: Promise<{ path: string[] }> };

export const GET = (req: Request, ctx: Ctx) => withRequestCaller(req, () => get(req, ctx)).catch(handleError);

async function get(req: Request, ctx: Ctx) {
  try {
    const file = await getArtifactFile((await ctx.params).path);
    return Response.json(toPresignedDownload(req, keyToPath(file.key), file.size));
  } catch (e) {
    return handleError(e);
  }
}
