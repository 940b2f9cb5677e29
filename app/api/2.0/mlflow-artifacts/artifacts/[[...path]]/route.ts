import { deleteArtifacts, getArtifactFile, openArtifactDirectory, putArtifact } from "@/lib/domain/artifacts/files";
import { contentLength, directoryListingResponse, fileResponse, listArtifactDirectoryRequest } from "@/lib/mlflow/artifacts";
import { handleError, queryToObject } from "@/lib/mlflow/route";
import { withRequestCaller } from "@/lib/auth/scope";
import { traceArtifactGet, traceArtifactList, traceArtifactPut } from "@/lib/mlflow/trace-artifacts";

// Proxied artifact service (docs/mlflow-compatibility.md#artifacts). Bodies are raw bytes, never JSON; errors are MLflow JSON.
// GET …/artifacts?path=<dir> lists (basenames); GET …/artifacts/<path> downloads.

type Ctx = { params: Promise<{ path?: string[] }> };

export const GET = (req: Request, ctx: Ctx) => withRequestCaller(req, () => get(req, ctx)).catch(handleError);
export const PUT = (req: Request, ctx: Ctx) => withRequestCaller(req, () => put(req, ctx)).catch(handleError);
export const DELETE = (req: Request, ctx: Ctx) => withRequestCaller(req, () => del(req, ctx)).catch(handleError);

async function get(req: Request, ctx: Ctx) {
  try {
    const { path } = await ctx.params;
    if (path?.length) return (await traceArtifactGet(path)) ?? (await fileResponse(await getArtifactFile(path), req));
    const input = listArtifactDirectoryRequest.parse(queryToObject(new URL(req.url).searchParams));
    // A directory of many files is written out a backend page (1,000 entries) at a time.
    return (await traceArtifactList(input.path)) ?? (await directoryListingResponse(await openArtifactDirectory(input.path)));
  } catch (e) {
    return handleError(e);
  }
}

async function put(req: Request, ctx: Ctx) {
  try {
    const { path } = await ctx.params;
    const traced = await traceArtifactPut(path ?? [], req);
    if (traced) return traced;
    await putArtifact(path ?? [], req.body, { size: contentLength(req) });
    return Response.json({});
  } catch (e) {
    return handleError(e);
  }
}

async function del(_req: Request, ctx: Ctx) {
  try {
    const { path } = await ctx.params;
    await deleteArtifacts(path ?? []);
    return Response.json({});
  } catch (e) {
    return handleError(e);
  }
}
