import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, multipartTarget, uploadMultipartPart } from "@/lib/domain/artifacts/multipart";
import {
  abortMultipartUploadRequest,
  completeMultipartUploadRequest,
  contentLength,
  createMultipartUploadRequest,
  toCreateMultipartUpload,
  uploadPartRequest,
} from "@/lib/mlflow/artifacts";
import { errorResponse, handleError, queryToObject, readInput } from "@/lib/mlflow/route";
import { withRequestCaller } from "@/lib/auth/scope";

// Multipart uploads of the proxied artifact service (docs/mlflow-compatibility.md#artifacts, MLflow's mlflow_artifacts.proto):
//   POST mpu/create/<dir>   {path, num_parts}              → {upload_id, credentials: [{url, part_number, headers}]}
//   PUT  mpu/part/<file>?upload_id=&part_number=  <bytes>  → {} with the part's ETag header (the credential URLs)
//   POST mpu/complete/<dir> {path, upload_id, parts: [{part_number, etag}]} → {}
//   POST mpu/abort/<dir>    {path, upload_id}              → {}
// <dir> is the artifact directory; the file name is the basename of `path` (the client's local file).

type Ctx = { params: Promise<{ path: string[] }> };

// The part URLs carry the caller's own Authorization back (credential headers), so every step is
// authorized like any artifact write (EDIT on the experiment).
export const POST = (req: Request, ctx: Ctx) => withRequestCaller(req, () => post(req, ctx)).catch(handleError);
export const PUT = (req: Request, ctx: Ctx) => withRequestCaller(req, () => put(req, ctx)).catch(handleError);

async function post(req: Request, ctx: Ctx) {
  try {
    const [action, ...dir] = (await ctx.params).path;
    const body = await readInput(req);
    switch (action) {
      case "create": {
        const input = createMultipartUploadRequest.parse(body, { reportInput: true });
        const numParts = input.num_parts ?? 1;
        const upload = await createMultipartUpload(multipartTarget(dir, input.path), numParts);
        return Response.json(toCreateMultipartUpload(req, upload, numParts));
      }
      case "complete": {
        const input = completeMultipartUploadRequest.parse(body, { reportInput: true });
        const parts = input.parts.map((p) => ({ partNumber: p.part_number, etag: p.etag }));
        await completeMultipartUpload(multipartTarget(dir, input.path), input.upload_id, parts);
        return Response.json({});
      }
      case "abort": {
        const input = abortMultipartUploadRequest.parse(body, { reportInput: true });
        await abortMultipartUpload(multipartTarget(dir, input.path), input.upload_id);
        return Response.json({});
      }
      default:
        return errorResponse("ENDPOINT_NOT_FOUND", `No multipart action '${action}': use create, complete or abort.`);
    }
  } catch (e) {
    return handleError(e);
  }
}

async function put(req: Request, ctx: Ctx) {
  try {
    const [action, ...file] = (await ctx.params).path;
    if (action !== "part") return errorResponse("ENDPOINT_NOT_FOUND", `No multipart action '${action}' for PUT: parts go to mpu/part/<path>.`);
    const q = uploadPartRequest.parse(queryToObject(new URL(req.url).searchParams), { reportInput: true });
    const { etag } = await uploadMultipartPart(file, q.upload_id, q.part_number, req.body, contentLength(req));
    return Response.json({}, { headers: { ETag: etag } });
  } catch (e) {
    return handleError(e);
  }
}
