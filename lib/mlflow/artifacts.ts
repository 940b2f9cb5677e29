import "server-only";
import path from "node:path";
import { z } from "zod";
import { openArtifactStream, type ArtifactEntry, type ArtifactFile, type ArtifactFileInfo, type ArtifactListing } from "@/lib/domain/artifacts/files";
import type { ByteRange } from "@/lib/domain/artifacts/store";
import { list, MISSING, optInt32, optString, reqString } from "@/lib/mlflow/wire";
import { jsonStreamResponse } from "@/lib/mlflow/json-stream";

// Wire side of the artifact service (docs/mlflow-compatibility.md#artifacts): request schemas, FileInfo mapping, and the
// streaming file response (Content-Type guessed like MLflow's `_guess_mime_type`, attachment
// disposition, nosniff, single-range HTTP Range support).

// ─── requests ───

/** `GET artifacts/list` — run_id (or the legacy run_uuid) is required. */
export const listArtifactsRequest = z
  .object({ run_id: optString(), run_uuid: optString(), path: optString(), page_token: optString() })
  .transform((v, ctx) => {
    const runId = v.run_id ?? v.run_uuid;
    if (!runId) {
      ctx.addIssue({ code: "custom", message: MISSING, path: ["run_id"] });
      return z.NEVER;
    }
    return { runId, path: v.path, pageToken: v.page_token };
  });

/** `GET /mlflow-artifacts/artifacts?path=`. */
export const listArtifactDirectoryRequest = z.object({ path: optString() });

/** `GET /get-artifact?run_id=&path=` (UI helper). */
export const getRunArtifactRequest = z
  .object({ run_id: optString(), run_uuid: optString(), path: optString() })
  .transform((v, ctx) => {
    const runId = v.run_id ?? v.run_uuid;
    if (!runId) ctx.addIssue({ code: "custom", message: MISSING, path: ["run_id"] });
    if (!v.path) ctx.addIssue({ code: "custom", message: MISSING, path: ["path"] });
    return { runId: runId ?? "", path: v.path ?? "" };
  });

/** `GET logged-models/{id}/artifacts/directories`. */
export const listLoggedModelArtifactsRequest = z.object({ artifact_directory_path: optString(), page_token: optString() });

/** `GET logged-models/{id}/artifacts/files?artifact_file_path=`. */
export const getLoggedModelArtifactRequest = z
  .object({ artifact_file_path: optString() })
  .transform((v, ctx) => {
    if (!v.artifact_file_path) ctx.addIssue({ code: "custom", message: MISSING, path: ["artifact_file_path"] });
    return { path: v.artifact_file_path ?? "" };
  });

/** `POST mpu/create/<dir>` (MLflow's CreateMultipartUpload): `path` is the client's local file. */
export const createMultipartUploadRequest = z.object({ path: reqString(), num_parts: optInt32() });

/** `POST mpu/complete/<dir>`. */
export const completeMultipartUploadRequest = z.object({
  path: reqString(),
  upload_id: reqString(),
  parts: list(z.object({ part_number: z.number().int(), etag: reqString(), url: optString() })),
});

/** `POST mpu/abort/<dir>`. */
export const abortMultipartUploadRequest = z.object({ path: reqString(), upload_id: reqString() });

/** `PUT mpu/part/<file>?upload_id=&part_number=` (Runboard's part URL). */
export const uploadPartRequest = z.object({ upload_id: reqString(), part_number: z.coerce.number().int() });

// ─── responses ───

export const toFileInfo = (f: ArtifactFileInfo) => ({
  path: f.path,
  is_dir: f.isDir,
  ...(f.isDir || f.fileSize === undefined ? {} : { file_size: f.fileSize }),
});

/** Basename entries of the proxied listing; an empty listing is `{}`. */
export function toDirectoryListing(entries: ArtifactEntry[]) {
  if (entries.length === 0) return {};
  return { files: entries.map((e) => toFileInfo({ path: e.name, isDir: e.isDir, fileSize: e.fileSize })) };
}

/**
 * The proxied listing answer, byte for byte `Response.json(toDirectoryListing(entries))`, written
 * a backend page at a time when there is more than one page (memory stays that of one page).
 * The first page is read before anything is written, so its errors answer as usual.
 */
export async function directoryListingResponse(pages: AsyncGenerator<ArtifactEntry[], void, undefined>): Promise<Response> {
  const close = async () => {
    await pages.return(undefined);
  };
  let first: IteratorResult<ArtifactEntry[], void>;
  let second: IteratorResult<ArtifactEntry[], void> | undefined;
  try {
    first = await pages.next();
    if (!first.done) second = await pages.next();
  } catch (e) {
    await close();
    throw e;
  }
  if (first.done || !second || second.done) return Response.json(toDirectoryListing(first.done ? [] : first.value));
  const files = (entries: ArtifactEntry[]) => entries.map((e) => JSON.stringify(toFileInfo({ path: e.name, isDir: e.isDir, fileSize: e.fileSize }))).join(",");
  const head = [first.value, second.value];
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    yield `{"files":[${files(head[0])}`;
    yield `,${files(head[1])}`;
    for await (const page of pages) yield `,${files(page)}`;
    yield "]}";
  }
  return jsonStreamResponse(pieces(), close);
}

export function toArtifactListing(l: ArtifactListing) {
  return {
    root_uri: l.rootUri,
    ...(l.files.length ? { files: l.files.map(toFileInfo) } : {}),
    ...(l.nextPageToken ? { next_page_token: l.nextPageToken } : {}),
  };
}

// ─── file responses ───

// Extensions MLflow serves as text/plain (its TEXT_EXTENSIONS; extension-less MLmodel too).
const TEXT_EXTENSIONS = new Set(
  "txt log err cfg conf cnf cf ini properties prop hocon toml yaml yml xml json js py py3 csv tsv md rst mlmodel mlproject jsonl ipynb sql sh r".split(" "),
);
const MIME_TYPES: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  bmp: "image/bmp",
  webp: "image/webp",
  svg: "image/svg+xml",
  ico: "image/vnd.microsoft.icon",
  tif: "image/tiff",
  tiff: "image/tiff",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tgz: "application/gzip",
  tar: "application/x-tar",
  mp3: "audio/mpeg",
  wav: "audio/x-wav",
  mp4: "video/mp4",
  webm: "video/webm",
  parquet: "application/octet-stream",
  pkl: "application/octet-stream",
  pt: "application/octet-stream",
  bin: "application/octet-stream",
};

/** MIME type from the file name, as MLflow guesses it (text types → text/plain). */
export function guessContentType(filename: string): string {
  const base = path.posix.basename(filename);
  const ext = (path.posix.extname(base).slice(1) || base).toLowerCase();
  if (TEXT_EXTENSIONS.has(ext)) return "text/plain; charset=utf-8";
  return MIME_TYPES[ext] ?? "application/octet-stream";
}

/** `attachment; filename=<basename>` (RFC 6266 quoting / filename* for unusual names). */
export function contentDisposition(filename: string): string {
  if (/^[\w.\-+]+$/.test(filename)) return `attachment; filename=${filename}`;
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}


/**
 * Parses a Range header against a file size: a single `bytes=a-b`, `bytes=a-` or `bytes=-n`.
 * null → serve the whole file (no header, or a form we do not serve partially, e.g. several
 * ranges); "unsatisfiable" → 416.
 */
export function parseRange(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, a, b] = m;
  if (a === "" && b === "") return null;
  let start: number;
  let end: number;
  if (a === "") {
    const n = Number(b);
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== "" && Number(b) < start) return null;
  }
  if (start >= size || size === 0) return "unsatisfiable";
  return { start, end };
}

/** A streaming download response for an artifact file, honouring a Range header. */
export async function fileResponse(file: ArtifactFile, req: Request): Promise<Response> {
  const headers = new Headers({
    "Content-Type": guessContentType(file.name),
    "Content-Disposition": contentDisposition(file.name),
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "bytes",
    "Cache-Control": "no-store",
  });
  const range = parseRange(req.headers.get("range"), file.size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  const head = req.method === "HEAD";
  if (range) {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${file.size}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
    return new Response(head ? null : await openArtifactStream(file, range), { status: 206, headers });
  }
  headers.set("Content-Length", String(file.size));
  return new Response(head ? null : await openArtifactStream(file), { status: 200, headers });
}

/** The request's Content-Length, when it is a valid number of bytes. */
export function contentLength(req: Request): number | undefined {
  const v = req.headers.get("content-length");
  if (v === null || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The base URL a client reached us at, for URLs it must call back (part uploads, ranged
 * downloads): RUNBOARD_PUBLIC_URL, else the request's forwarded or own origin.
 */
export function requestBaseUrl(req: Request): string {
  if (process.env.RUNBOARD_PUBLIC_URL) return process.env.RUNBOARD_PUBLIC_URL.replace(/\/+$/, "");
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0].trim() || req.headers.get("host") || url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0].trim() || url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

/**
 * Headers the client must send on the URLs we hand it: its own Authorization, since the MLflow
 * client calls part and chunk URLs with a bare `requests` call that adds no credentials.
 */
export function callbackHeaders(req: Request): Record<string, string> {
  const auth = req.headers.get("authorization");
  return auth ? { Authorization: auth } : {};
}

const encodePath = (p: string) => p.split("/").map(encodeURIComponent).join("/");

/** The CreateMultipartUpload response: one part URL per part, on this server. */
export function toCreateMultipartUpload(req: Request, upload: { uploadId: string; path: string }, numParts: number) {
  const base = `${requestBaseUrl(req)}/api/2.0/mlflow-artifacts/mpu/part/${encodePath(upload.path)}`;
  const headers = callbackHeaders(req);
  return {
    upload_id: upload.uploadId,
    credentials: Array.from({ length: numParts }, (_, i) => ({
      url: `${base}?${new URLSearchParams({ upload_id: upload.uploadId, part_number: String(i + 1) })}`,
      part_number: i + 1,
      headers,
    })),
  };
}

/** The presigned-download answer: our own download URL (it serves Range requests). */
export function toPresignedDownload(req: Request, path: string, size: number) {
  return { url: `${requestBaseUrl(req)}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, headers: callbackHeaders(req), file_size: size };
}
