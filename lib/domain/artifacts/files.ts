import "server-only";
import { requireArtifactPath } from "@/lib/domain/auth/authorize";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { invalidParam, notFound } from "@/lib/errors";
import { baseName, childKey, keyToPath, keyUnder, parseArtifactPath, toKey, type ArtifactKey } from "@/lib/domain/artifacts/paths";
import { getArtifactStore, type ArtifactEntry, type ByteRange } from "@/lib/domain/artifacts/store";

// The artifact operations every adapter uses (proxied `mlflow-artifacts` API, tracking-API
// listings, UI previews and downloads, trace data). Paths are validated into ArtifactKeys here,
// before the configured backend (local directory or S3 bucket, see store.ts) sees them.
// Two ways to address a file: a root-relative path (the proxied API: `1/abc/artifacts/x.txt`), or
// an artifact root URI (a run's or model's `mlflow-artifacts:/…`) plus a path below it.

export type { ArtifactEntry } from "@/lib/domain/artifacts/store";

/** A request body: a web ReadableStream (fetch Request.body) or any async iterable of bytes. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Buffer | string | null;

export function toNodeReadable(body: ByteSource): Readable {
  if (body === null) return Readable.from([]);
  if (typeof body === "string" || Buffer.isBuffer(body)) return Readable.from([Buffer.from(body)]);
  if (typeof (body as ReadableStream).getReader === "function") {
    // The DOM and node:stream/web ReadableStream types describe the same runtime object.
    return Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array>);
}

/** Which backend serves artifacts, and where (for logs, readiness and the UI; never a secret). */
export function artifactStoreInfo(): { kind: "local" | "s3"; location: string } {
  const s = getArtifactStore();
  return { kind: s.kind, location: s.location };
}

/** Readiness: throws unless the artifact store answers. */
export async function checkArtifactStore(): Promise<void> {
  await getArtifactStore().check();
}

// ───────────────────────────── Writes ─────────────────────────────

async function putKey(key: ArtifactKey, body: ByteSource, size?: number): Promise<{ size: number }> {
  if (key.length === 0) throw invalidParam("An artifact path is required to upload a file.");
  return getArtifactStore().put(key, toNodeReadable(body), size);
}

/**
 * Stores `body` at the root-relative `relPath` (overwriting), streaming. `size` (the request's
 * Content-Length, when known) only tunes buffering. Returns the number of bytes stored.
 */
export async function putArtifact(relPath: string | readonly string[], body: ByteSource, opts: { size?: number } = {}): Promise<{ size: number }> {
  const key = toKey(relPath);
  await requireArtifactPath(key, "EDIT");
  return putKey(key, body, opts.size);
}

/** Stores `body` at `relPath` below an artifact root URI (e.g. a trace's `traces.json`). */
export async function putArtifactAt(rootUri: string, relPath: string, body: ByteSource): Promise<{ size: number }> {
  return putKey(keyUnder(rootUri, relPath), body);
}

/** Deletes a file or a directory tree (recursive). Missing paths are not an error. */
export async function deleteArtifacts(relPath: string | readonly string[]): Promise<void> {
  const key = toKey(relPath);
  await requireArtifactPath(key, "MANAGE");
  if (key.length === 0) throw invalidParam("Refusing to delete the whole artifact root: an artifact path is required.");
  await getArtifactStore().delete(key);
}

/** Deletes everything below an artifact root URI (a purged run's or model's artifacts). */
export async function deleteArtifactsAt(rootUri: string): Promise<void> {
  const key = keyUnder(rootUri);
  if (key.length === 0) throw invalidParam("Refusing to delete the whole artifact root.");
  await getArtifactStore().delete(key);
}

// ───────────────────────────── Listings ─────────────────────────────

/** Entries whose names could not be addressed through the API (written by something else) are hidden. */
function addressable(dir: ArtifactKey, entries: ArtifactEntry[]): ArtifactEntry[] {
  return entries.filter((e) => {
    try {
      childKey(dir, e.name);
      return true;
    } catch {
      return false;
    }
  });
}

/** The entries directly inside `dir`, in listing order, a backend page (PAGE_SIZE) at a time. */
async function* entryPages(dir: ArtifactKey): AsyncGenerator<ArtifactEntry[], void, undefined> {
  const store = getArtifactStore();
  let after: string | undefined;
  for (;;) {
    const page = await store.list(dir, { after, limit: PAGE_SIZE });
    const entries = addressable(dir, page.entries);
    if (entries.length) yield entries;
    if (!page.more || page.entries.length === 0) return;
    const last = page.entries[page.entries.length - 1];
    after = last.isDir ? `${last.name}/` : last.name;
  }
}

/** Every entry directly inside `dir`, in listing order, paging through the backend. */
async function allEntries(dir: ArtifactKey): Promise<ArtifactEntry[]> {
  const out: ArtifactEntry[] = [];
  for await (const page of entryPages(dir)) out.push(...page);
  return out;
}

/** Proxied-service listing (`GET /mlflow-artifacts/artifacts?path=`): basenames; [] for a file or a missing path. */
export async function listArtifactDirectory(relPath: string | null | undefined): Promise<ArtifactEntry[]> {
  const key = parseArtifactPath(relPath);
  await requireArtifactPath(key, "READ");
  return allEntries(key);
}

/**
 * The same listing a backend page at a time, for an answer written out as it is read: MLflow's
 * proxied listing has no paging, so a directory of 100,000 files is one answer. The path and
 * the permission are checked before the first page is asked for.
 */
export async function openArtifactDirectory(relPath: string | null | undefined): Promise<AsyncGenerator<ArtifactEntry[], void, undefined>> {
  const key = parseArtifactPath(relPath);
  await requireArtifactPath(key, "READ");
  return entryPages(key);
}

export interface ArtifactFileInfo {
  /** Path relative to the root URI it was listed under (e.g. "model/MLmodel"). */
  path: string;
  isDir: boolean;
  fileSize?: number;
}

const toInfo = (base: ArtifactKey, e: ArtifactEntry): ArtifactFileInfo => ({ path: [...base, e.name].join("/"), isDir: e.isDir, fileSize: e.fileSize });

/** Lists `relPath` below an artifact root URI (all entries); paths in the result are relative to that URI. */
export async function listArtifacts(rootUri: string, relPath?: string | null): Promise<ArtifactFileInfo[]> {
  const base = parseArtifactPath(relPath);
  return (await allEntries(keyUnder(rootUri, relPath))).map((e) => toInfo(base, e));
}

/** Every file below an artifact root URI (recursive, path order), at most `limit`. */
export async function walkArtifacts(rootUri: string, limit: number): Promise<{ files: { path: string; size: number }[]; truncated: boolean }> {
  return getArtifactStore().walk(keyUnder(rootUri), limit);
}

export const PAGE_SIZE = 1000;

function decodePageToken(token: string | null | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string" && parsed.after !== "") return parsed.after;
  } catch {
    // fall through
  }
  throw invalidParam(`Invalid page token '${token}'.`);
}
const encodePageToken = (after: string) => Buffer.from(JSON.stringify({ after })).toString("base64url");

export interface ArtifactListing {
  rootUri: string;
  files: ArtifactFileInfo[];
  nextPageToken?: string;
}

/** One page (PAGE_SIZE entries) of `relPath` below an artifact root URI (tracking-API listings). */
export async function listArtifactsPage(rootUri: string, relPath: string | null | undefined, pageToken?: string | null, pageSize = PAGE_SIZE): Promise<ArtifactListing> {
  const after = decodePageToken(pageToken);
  const base = parseArtifactPath(relPath);
  const dir = keyUnder(rootUri, relPath);
  const page = await getArtifactStore().list(dir, { after, limit: pageSize });
  const files = addressable(dir, page.entries).map((e) => toInfo(base, e));
  const last = page.entries[page.entries.length - 1];
  const next = page.more && last ? encodePageToken(last.isDir ? `${last.name}/` : last.name) : undefined;
  return { rootUri, files, nextPageToken: next };
}

// ───────────────────────────── Reads ─────────────────────────────

export interface ArtifactFile {
  key: ArtifactKey;
  /** Basename, for Content-Disposition. */
  name: string;
  size: number;
  /** Identifies the stored version, so a download never mixes two versions. */
  etag?: string;
}

async function statFile(key: ArtifactKey, shown: string): Promise<ArtifactFile> {
  if (key.length === 0) throw invalidParam("An artifact path is required.");
  const st = await getArtifactStore().stat(key);
  if (!st) throw notFound(`Artifact '${shown}' does not exist.`);
  if (st.type === "dir") throw invalidParam(`Artifact '${shown}' is a directory, not a file.`);
  return { key, name: baseName(key), size: st.size, etag: st.etag };
}

/** A root-relative file of the proxied service (download). */
export async function getArtifactFile(relPath: string | readonly string[]): Promise<ArtifactFile> {
  const key = toKey(relPath);
  await requireArtifactPath(key, "READ");
  return statFile(key, keyToPath(key));
}

/** The file at `relPath` below an artifact root URI. Throws RESOURCE_DOES_NOT_EXIST if missing. */
export async function artifactFile(rootUri: string, relPath: string): Promise<ArtifactFile> {
  return statFile(keyUnder(rootUri, relPath), relPath);
}

/** Opens a file (the whole of it, or bytes [start, end] inclusive) as a web stream for a Response. */
export async function openArtifactStream(file: ArtifactFile, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
  const node = await getArtifactStore().read(file.key, { type: "file", size: file.size, etag: file.etag }, range);
  // node:stream/web and DOM ReadableStream are the same runtime class.
  return Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>;
}

async function readPrefix(file: ArtifactFile, maxBytes: number): Promise<Buffer> {
  const want = Math.max(0, Math.min(maxBytes, file.size));
  if (want === 0) return Buffer.alloc(0);
  const stream = await getArtifactStore().read(file.key, { type: "file", size: file.size, etag: file.etag }, { start: 0, end: want - 1 });
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
    chunks.push(b);
    read += b.length;
    if (read >= want) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, want);
}

export interface ArtifactPreview {
  path: string;
  /** The first `maxBytes` bytes (or the whole file when smaller). */
  data: Buffer;
  /** Total file size in bytes. */
  size: number;
  truncated: boolean;
  /** Heuristic: true when the preview contains a NUL byte or is not valid UTF-8. */
  binary: boolean;
}

function looksBinary(buf: Buffer, truncated: boolean): boolean {
  if (buf.includes(0)) return true;
  // A multi-byte character may be cut at the end of a truncated preview: ignore the tail.
  const body = truncated ? buf.subarray(0, Math.max(0, buf.length - 3)) : buf;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return false;
  } catch {
    return true;
  }
}

/** Reads at most `maxBytes` from the start of a file below an artifact root URI (never the whole of a large file). */
export async function readArtifactPreview(rootUri: string, relPath: string, maxBytes = 256 * 1024): Promise<ArtifactPreview> {
  const file = await artifactFile(rootUri, relPath);
  const data = await readPrefix(file, maxBytes);
  const truncated = file.size > data.length;
  return { path: relPath, data, size: file.size, truncated, binary: looksBinary(data, truncated) };
}

/**
 * The whole of a file below an artifact root URI (e.g. a trace's `traces.json`); refuses
 * (INVALID_PARAMETER_VALUE) a file larger than `maxBytes`.
 */
export async function readArtifactBytes(rootUri: string, relPath: string, maxBytes: number): Promise<Buffer> {
  const file = await artifactFile(rootUri, relPath);
  if (file.size > maxBytes) throw invalidParam(`Artifact '${relPath}' is ${file.size} bytes, more than the ${maxBytes} bytes that can be read at once.`);
  return readPrefix(file, maxBytes);
}
