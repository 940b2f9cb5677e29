import "server-only";
import { db, type Tx } from "@/lib/db";
import { requireTrace } from "@/lib/domain/auth/authorize";
import { invalidParam, notFound } from "@/lib/errors";
import { renderTraceSpansJson } from "./info";
import { putTraceSpansJson, TRACES_JSON } from "./spans";

// A trace's artifact location (`<experiment artifacts>/traces/<trace id>/artifacts/…`, the tag
// mlflow.artifactLocation) is answered here, not by the file store: `traces.json` is the span
// rows (rendered back byte-identical), other files (span attachments) are rows of
// trace_artifacts. The proxied artifact routes ask `claimTraceArtifact` first.

export const MAX_TRACE_ARTIFACT_BYTES = 256 * 1024 * 1024;

export interface TraceArtifactClaim {
  traceId: string;
  /** Path inside the trace's artifact folder ("traces.json", "attachments/<id>", "" = the folder). */
  path: string;
}

/**
 * The trace artifact a proxied-artifact path names, when it is under a trace that exists:
 * `…/traces/<trace id>/artifacts[/<path>]`. Anything else (including a trace that does not
 * exist) is not claimed and stays with the file store.
 */
export async function claimTraceArtifact(segments: readonly string[], tx: Tx = db): Promise<TraceArtifactClaim | null> {
  for (let i = segments.length - 3; i >= 0; i--) {
    if (segments[i] !== "traces" || segments[i + 2] !== "artifacts") continue;
    const traceId = segments[i + 1];
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(traceId)) continue;
    const rows = await tx.$queryRaw<{ value: string }[]>`SELECT value FROM trace_tags WHERE trace_id = ${traceId} AND key = 'mlflow.artifactLocation'`;
    if (!rows.length) continue;
    // The location must be this one (mlflow-artifacts:/<prefix>/traces/<id>/artifacts).
    const prefix = segments.slice(0, i + 3).join("/");
    if (!rows[0].value.replace(/^mlflow-artifacts:\/*/, "").replace(/^https?:\/\/[^/]+\/api\/2\.0\/mlflow-artifacts\/artifacts\//, "").endsWith(prefix)) continue;
    return { traceId, path: segments.slice(i + 3).join("/") };
  }
  return null;
}

function checkPath(path: string): void {
  if (path.split("/").some((s) => s === "" || s === "." || s === "..")) throw invalidParam(`Invalid artifact path '${path}'.`);
}

/** PUT: traces.json → span rows; any other file → a trace_artifacts row. */
export async function writeTraceArtifact(claim: TraceArtifactClaim, body: Uint8Array, tx: Tx = db): Promise<void> {
  checkPath(claim.path);
  await requireTrace(claim.traceId, "EDIT", tx);
  if (body.byteLength > MAX_TRACE_ARTIFACT_BYTES) throw invalidParam(`Trace artifacts are limited to ${MAX_TRACE_ARTIFACT_BYTES} bytes.`);
  if (claim.path === TRACES_JSON) {
    await putTraceSpansJson(claim.traceId, body, tx);
    return;
  }
  await tx.$executeRaw`INSERT INTO trace_artifacts (trace_id, path, content) VALUES (${claim.traceId}, ${claim.path}, ${Buffer.from(body)})
    ON CONFLICT (trace_id, path) DO UPDATE SET content = EXCLUDED.content`;
}

/** GET of a file: the stored bytes, or traces.json rendered from the spans. */
export async function readTraceArtifact(claim: TraceArtifactClaim, tx: Tx = db): Promise<Buffer> {
  checkPath(claim.path);
  await requireTrace(claim.traceId, "READ", tx);
  const rows = await tx.$queryRaw<{ content: Uint8Array }[]>`SELECT content FROM trace_artifacts WHERE trace_id = ${claim.traceId} AND path = ${claim.path}`;
  if (rows.length) return Buffer.from(rows[0].content);
  if (claim.path === TRACES_JSON) {
    const text = await renderTraceSpansJson(claim.traceId, tx);
    if (text !== null) return Buffer.from(text, "utf8");
  }
  throw notFound(`No artifact '${claim.path}' for trace '${claim.traceId}'.`);
}

export interface TraceArtifactEntry {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** Listing of a folder inside the trace's artifacts (paths relative to that folder). */
export async function listTraceArtifacts(claim: TraceArtifactClaim, tx: Tx = db): Promise<TraceArtifactEntry[]> {
  await requireTrace(claim.traceId, "READ", tx);
  const rows = await tx.$queryRaw<{ path: string; size: number }[]>`SELECT path, octet_length(content)::int AS size FROM trace_artifacts WHERE trace_id = ${claim.traceId}`;
  const hasSpans = await tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM spans WHERE trace_id = ${claim.traceId} LIMIT 1`;
  const files = new Map(rows.map((r) => [r.path, r.size]));
  if (hasSpans.length && !files.has(TRACES_JSON)) files.set(TRACES_JSON, -1);
  const dir = claim.path ? claim.path.replace(/\/+$/, "") + "/" : "";
  const out = new Map<string, TraceArtifactEntry>();
  for (const [p, size] of files) {
    if (!p.startsWith(dir)) continue;
    const rest = p.slice(dir.length);
    const slash = rest.indexOf("/");
    if (slash >= 0) out.set(rest.slice(0, slash), { path: dir + rest.slice(0, slash), isDir: true });
    else out.set(rest, { path: p, isDir: false, ...(size >= 0 ? { fileSize: size } : {}) });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
