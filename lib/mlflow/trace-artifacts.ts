import "server-only";
import { z } from "zod";
import { invalidParam } from "@/lib/errors";
import { MISSING, optString } from "@/lib/mlflow/wire";
import { claimTraceArtifact, listTraceArtifacts, MAX_TRACE_ARTIFACT_BYTES, readTraceArtifact, writeTraceArtifact } from "@/lib/domain/traces/artifacts";
import { traceExperimentIdOrThrow } from "@/lib/domain/traces/info";
import { TRACES_JSON } from "@/lib/domain/traces/spans";

// The trace side of the proxied artifact API: the artifact routes hand a path to these first;
// a path under an existing trace's artifact location is answered from the traces domain (span
// rows, attachments), anything else returns null and stays with the file store.

function download(body: Buffer, name: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": name.endsWith(".json") ? "application/json" : "application/octet-stream",
      "Content-Disposition": `attachment; filename=${name.replace(/[^A-Za-z0-9._-]/g, "_")}`,
      "Content-Length": String(body.byteLength),
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** GET …/mlflow-artifacts/artifacts/<path>: the file, or null when the path is not a trace's. */
export async function traceArtifactGet(segments: readonly string[]): Promise<Response | null> {
  const claim = await claimTraceArtifact(segments);
  if (!claim) return null;
  if (!claim.path) return null;
  return download(await readTraceArtifact(claim), claim.path.split("/").pop()!);
}

/** GET …/mlflow-artifacts/artifacts?path=<trace folder>: the listing, or null. */
export async function traceArtifactList(dirPath: string | undefined): Promise<Response | null> {
  if (!dirPath) return null;
  const claim = await claimTraceArtifact(dirPath.split("/").filter(Boolean));
  if (!claim) return null;
  const entries = await listTraceArtifacts(claim);
  if (!entries.length) return Response.json({});
  return Response.json({
    files: entries.map((e) => ({ path: e.path.split("/").pop(), is_dir: e.isDir, ...(e.fileSize !== undefined ? { file_size: e.fileSize } : {}) })),
  });
}

/** PUT …/mlflow-artifacts/artifacts/<path>: stored by the traces domain, or null. */
export async function traceArtifactPut(segments: readonly string[], req: Request): Promise<Response | null> {
  const claim = await claimTraceArtifact(segments);
  if (!claim || !claim.path) return null;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_TRACE_ARTIFACT_BYTES) throw invalidParam(`Trace artifacts are limited to ${MAX_TRACE_ARTIFACT_BYTES} bytes.`);
  await writeTraceArtifact(claim, new Uint8Array(await req.arrayBuffer()));
  return Response.json({});
}

const getTraceArtifactRequest = z.object({ request_id: optString(), trace_id: optString(), path: optString() }).transform((v, ctx) => {
  const id = v.request_id ?? v.trace_id;
  if (!id) ctx.addIssue({ code: "custom", message: MISSING, path: ["request_id"] });
  return { traceId: id ?? "", path: v.path };
});

/** GET /ajax-api/2.0/mlflow/get-trace-artifact?request_id=<id>[&path=<attachment>] (MLflow UI). */
export async function traceArtifactDownload(query: Record<string, unknown>): Promise<Response> {
  const q = getTraceArtifactRequest.parse(query);
  await traceExperimentIdOrThrow(q.traceId);
  const path = q.path ? q.path.replace(/^\/+/, "") : TRACES_JSON;
  return download(await readTraceArtifact({ traceId: q.traceId, path }), path.split("/").pop()!);
}
