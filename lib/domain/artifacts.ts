import "server-only";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { db, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";

// The proxied artifact store (spec §6): plain files under one local root directory.
// `mlflow-artifacts:/<path>` (and `http(s)://…/api/2.0/mlflow-artifacts/artifacts/<path>`) map to
// `<root>/<path>`. Every path is validated segment by segment, and every resolved location is
// checked with realpath against the real root, so neither `..`, encoded traversal nor a symlink
// can reach outside it. Uploads stream to a temp file in the target directory and are renamed
// into place, so a failed upload never leaves a partial file behind.

/** Where artifacts live: RUNBOARD_ARTIFACT_ROOT, else <RUNBOARD_HOME or ./.runboard>/artifacts. */
export function artifactRoot(): string {
  const configured = process.env.RUNBOARD_ARTIFACT_ROOT;
  if (configured) return path.resolve(configured);
  return path.resolve(process.env.RUNBOARD_HOME || ".runboard", "artifacts");
}

const realRoots = new Map<string, Promise<string>>();

/** The root's real path (created on first use). */
async function realRoot(): Promise<string> {
  const root = artifactRoot();
  let p = realRoots.get(root);
  if (!p) {
    p = fs.mkdir(root, { recursive: true }).then(() => fs.realpath(root));
    p.catch(() => realRoots.delete(root));
    realRoots.set(root, p);
  }
  return p;
}

const isInside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

/** Names of in-flight uploads; never listed. */
const TEMP_PREFIX = ".runboard-upload-";
const isTempName = (name: string) => name.startsWith(TEMP_PREFIX) && name.endsWith(".tmp");

const badPath = (p: string, why: string) => invalidParam(`Invalid artifact path '${p}': ${why}.`);

function decodeOnce(s: string): string | null {
  try {
    const d = decodeURIComponent(s);
    return d === s ? null : d;
  } catch {
    return null;
  }
}

function checkSegment(full: string, seg: string): void {
  if (seg === "." || seg === "..") throw badPath(full, "'.' and '..' segments are not allowed");
  if (seg.includes("\\")) throw badPath(full, "backslashes are not allowed");
  // A segment that still decodes to traversal (e.g. %2e%2e, %252e%252e, %2f) is refused too.
  let cur: string | null = seg;
  for (let i = 0; i < 4 && cur !== null; i++) {
    cur = decodeOnce(cur);
    if (cur === null) break;
    if (cur === "." || cur === ".." || /[/\\\0]/.test(cur)) throw badPath(full, "percent-encoded traversal is not allowed");
  }
  if (Buffer.byteLength(seg) > 255) throw badPath(full, "a path segment is longer than 255 bytes");
}

/**
 * Validates a relative artifact path and returns its segments ("" / undefined → the root).
 * Duplicate and trailing slashes are ignored; `.`/`..` segments, absolute paths, backslashes,
 * NUL bytes and percent-encoded traversal are refused with INVALID_PARAMETER_VALUE.
 */
export function parseArtifactPath(p: string | null | undefined): string[] {
  if (p === null || p === undefined || p === "") return [];
  if (p.includes("\0")) throw badPath(p.replaceAll("\0", "\\0"), "NUL bytes are not allowed");
  if (p.includes("\\")) throw badPath(p, "backslashes are not allowed");
  if (p.startsWith("/")) throw badPath(p, "absolute paths are not allowed");
  if (/^[a-zA-Z]:/.test(p)) throw badPath(p, "absolute paths are not allowed");
  const segments = p.split("/").filter((s) => s !== "");
  for (const s of segments) checkSegment(p, s);
  return segments;
}

/** Validates path segments that arrive already split (URL path params). */
export function parseArtifactSegments(segments: readonly string[]): string[] {
  const joined = segments.join("/");
  for (const s of segments) {
    if (s.includes("/")) throw badPath(joined, "encoded slashes are not allowed");
    if (s.includes("\0")) throw badPath(joined.replaceAll("\0", "\\0"), "NUL bytes are not allowed");
  }
  return parseArtifactPath(joined);
}

const MARKER = "/mlflow-artifacts/artifacts";

/**
 * The root-relative path an artifact URI points at: `mlflow-artifacts:/1/abc/artifacts`,
 * `mlflow-artifacts://host:5000/1/abc/artifacts` or
 * `http(s)://host/…/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts` → `1/abc/artifacts`.
 */
export function artifactUriToPath(uri: string): string {
  const m = /^mlflow-artifacts:(.*)$/i.exec(uri);
  if (m) {
    let rest = m[1];
    if (rest.startsWith("//")) {
      const slash = rest.indexOf("/", 2);
      rest = slash === -1 ? "" : rest.slice(slash);
    }
    return rest.replace(/^\/+/, "").replace(/\/+$/, "");
  }
  if (/^https?:\/\//i.test(uri)) {
    const pathname = uri.replace(/^https?:\/\/[^/]*/i, "").replace(/[?#].*$/, "");
    const at = pathname.indexOf(MARKER);
    if (at !== -1 && (pathname.length === at + MARKER.length || pathname[at + MARKER.length] === "/")) {
      return pathname.slice(at + MARKER.length).replace(/^\/+/, "").replace(/\/+$/, "");
    }
  }
  throw invalidParam(`Artifact URI '${uri}' is not served by this Runboard server (expected mlflow-artifacts:/… ).`);
}

/** True when `uri` names this server's artifact store (mlflow-artifacts: or its HTTP form). */
export function isServedArtifactUri(uri: string): boolean {
  try {
    artifactUriToPath(uri);
    return true;
  } catch {
    return false;
  }
}

/** Joins a root-relative base path (from a URI) and a path below it, validating both. */
function joinUnder(rootUri: string, relPath: string | null | undefined): string[] {
  return [...parseArtifactPath(artifactUriToPath(rootUri)), ...parseArtifactPath(relPath)];
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;
}
const isMissing = (e: unknown) => ["ENOENT", "ENOTDIR"].includes(errnoCode(e) ?? "");

/** Real path of an existing location inside the root, or null when it does not exist. */
async function resolveExisting(segments: string[]): Promise<string | null> {
  const root = await realRoot();
  let real: string;
  try {
    real = await fs.realpath(path.join(root, ...segments));
  } catch (e) {
    if (!isMissing(e) && errnoCode(e) !== "ELOOP") throw e;
    // Missing: still refuse when the deepest existing ancestor lies outside the root, so a
    // symlink leading out answers the same whether or not its target exists.
    for (let n = segments.length - 1; n > 0; n--) {
      const ancestor = await fs.realpath(path.join(root, ...segments.slice(0, n))).catch(() => null);
      if (ancestor === null) continue;
      if (!isInside(root, ancestor)) throw badPath(segments.join("/"), "it resolves outside the artifact root");
      break;
    }
    return null;
  }
  if (!isInside(root, real)) throw badPath(segments.join("/"), "it resolves outside the artifact root");
  return real;
}

/**
 * Creates (as needed) the directories above the target, one component at a time, refusing any
 * component that is a file or a symlink leading outside the root. Returns the real directory.
 */
async function ensureParentDir(segments: string[]): Promise<string> {
  const root = await realRoot();
  const full = segments.join("/");
  let cur = root;
  for (const seg of segments.slice(0, -1)) {
    const next = path.join(cur, seg);
    let st = await fs.lstat(next).catch((e) => (isMissing(e) ? null : Promise.reject(e)));
    if (!st) {
      await fs.mkdir(next).catch((e) => (errnoCode(e) === "EEXIST" ? undefined : Promise.reject(e)));
      st = await fs.lstat(next);
    }
    if (st.isSymbolicLink()) {
      const real = await fs.realpath(next).catch(() => null);
      if (!real || !isInside(root, real)) throw badPath(full, "it resolves outside the artifact root");
      if (!(await fs.stat(real)).isDirectory()) throw badPath(full, `'${seg}' is a file, not a directory`);
      cur = real;
    } else if (st.isDirectory()) {
      cur = next;
    } else {
      throw badPath(full, `'${seg}' is a file, not a directory`);
    }
  }
  const real = await fs.realpath(cur);
  if (!isInside(root, real)) throw badPath(full, "it resolves outside the artifact root");
  return real;
}

// ───────────────────────────── Writes ─────────────────────────────

/** A request body: a web ReadableStream (fetch Request.body) or any async iterable of bytes. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;

function toNodeReadable(body: ByteSource): Readable {
  if (body === null) return Readable.from([]);
  if (typeof (body as ReadableStream).getReader === "function") {
    // The DOM and node:stream/web ReadableStream types describe the same runtime object.
    return Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array>);
}

/**
 * Stores `body` at the root-relative `relPath` (overwriting), streaming to a temp file in the
 * same directory and renaming it into place. Returns the number of bytes written.
 */
export async function putArtifact(relPath: string | string[], body: ByteSource): Promise<{ size: number }> {
  const segments = Array.isArray(relPath) ? parseArtifactSegments(relPath) : parseArtifactPath(relPath);
  const full = segments.join("/");
  if (segments.length === 0) throw invalidParam("An artifact path is required to upload a file.");
  const dir = await ensureParentDir(segments);
  const target = path.join(dir, segments[segments.length - 1]);
  const existing = await fs.lstat(target).catch(() => null);
  if (existing?.isDirectory()) throw badPath(full, "a directory already exists at this path");
  const tmp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}.tmp`);
  let size = 0;
  try {
    await pipeline(toNodeReadable(body), createWriteStream(tmp, { flags: "wx", mode: 0o644 }));
    size = (await fs.stat(tmp)).size;
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  return { size };
}

/** Deletes a file or a directory tree (recursive). Missing paths are not an error. */
export async function deleteArtifacts(relPath: string | string[]): Promise<void> {
  const segments = Array.isArray(relPath) ? parseArtifactSegments(relPath) : parseArtifactPath(relPath);
  if (segments.length === 0) throw invalidParam("Refusing to delete the whole artifact root: an artifact path is required.");
  const parent = await resolveExisting(segments.slice(0, -1));
  if (!parent) return;
  const target = path.join(parent, segments[segments.length - 1]);
  const st = await fs.lstat(target).catch(() => null);
  if (!st) return;
  // A symlink is removed itself, never followed; fs.rm does not follow links inside trees.
  if (st.isSymbolicLink()) await fs.unlink(target);
  else await fs.rm(target, { recursive: true, force: true });
}

// ───────────────────────────── Reads ─────────────────────────────

export interface ArtifactEntry {
  /** Basename. */
  name: string;
  isDir: boolean;
  /** Bytes; undefined for directories. */
  fileSize?: number;
}

/** The entries of a root-relative directory, sorted by name; [] for a file or a missing path. */
async function readDirectory(segments: string[]): Promise<ArtifactEntry[]> {
  const dir = await resolveExisting(segments);
  if (!dir) return [];
  const st = await fs.stat(dir);
  if (!st.isDirectory()) return [];
  const root = await realRoot();
  const dirents = await fs.readdir(dir, { withFileTypes: true });
  const entries = await Promise.all(
    dirents
      .filter((d) => !isTempName(d.name))
      .map(async (d): Promise<ArtifactEntry | null> => {
        const p = path.join(dir, d.name);
        if (d.isSymbolicLink()) {
          const real = await fs.realpath(p).catch(() => null);
          if (!real || !isInside(root, real)) return null;
        }
        const s = await fs.stat(p).catch(() => null);
        if (!s) return null;
        if (s.isDirectory()) return { name: d.name, isDir: true };
        if (s.isFile()) return { name: d.name, isDir: false, fileSize: s.size };
        return null;
      }),
  );
  return entries.filter((e): e is ArtifactEntry => e !== null).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Proxied-service listing (`GET /mlflow-artifacts/artifacts?path=`): basenames. */
export async function listArtifactDirectory(relPath: string | null | undefined): Promise<ArtifactEntry[]> {
  return readDirectory(parseArtifactPath(relPath));
}

export interface ArtifactFileInfo {
  /** Path relative to the root URI it was listed under (e.g. "model/MLmodel"). */
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** Lists `relPath` below an artifact root URI; paths in the result are relative to that URI. */
export async function listArtifacts(rootUri: string, relPath?: string | null): Promise<ArtifactFileInfo[]> {
  const base = parseArtifactPath(relPath);
  const entries = await readDirectory(joinUnder(rootUri, relPath));
  return entries.map((e) => ({ path: [...base, e.name].join("/"), isDir: e.isDir, fileSize: e.fileSize }));
}

export interface ArtifactFile {
  /** Absolute, real, validated path on disk. */
  absPath: string;
  /** Basename, for Content-Disposition. */
  name: string;
  size: number;
}

async function statFile(segments: string[], shown: string): Promise<ArtifactFile> {
  if (segments.length === 0) throw invalidParam("An artifact path is required.");
  const real = await resolveExisting(segments);
  if (!real) throw notFound(`Artifact '${shown}' does not exist.`);
  const st = await fs.stat(real);
  if (st.isDirectory()) throw invalidParam(`Artifact '${shown}' is a directory, not a file.`);
  if (!st.isFile()) throw notFound(`Artifact '${shown}' does not exist.`);
  return { absPath: real, name: segments[segments.length - 1], size: st.size };
}

/** A root-relative file of the proxied service (download). */
export async function getArtifactFile(relPath: string | string[]): Promise<ArtifactFile> {
  const segments = Array.isArray(relPath) ? parseArtifactSegments(relPath) : parseArtifactPath(relPath);
  return statFile(segments, segments.join("/"));
}

/** The file at `relPath` below an artifact root URI. Throws RESOURCE_DOES_NOT_EXIST if missing. */
export async function artifactFile(rootUri: string, relPath: string): Promise<ArtifactFile> {
  return statFile(joinUnder(rootUri, relPath), relPath);
}

/** Absolute path on disk of the file at `relPath` below an artifact root URI (validated). */
export async function artifactFilePath(rootUri: string, relPath: string): Promise<string> {
  return (await artifactFile(rootUri, relPath)).absPath;
}

/** Streams bytes [start, end] (inclusive) of a file; the whole file by default. */
export function artifactReadStream(file: ArtifactFile, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
  const node = createReadStream(file.absPath, range ? { start: range.start, end: range.end } : {});
  // node:stream/web and DOM ReadableStream are the same runtime class.
  return Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>;
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

/** Reads at most `maxBytes` from the start of a file (never the whole of a large file). */
export async function readArtifactPreview(rootUri: string, relPath: string, maxBytes = 256 * 1024): Promise<ArtifactPreview> {
  const file = await artifactFile(rootUri, relPath);
  const want = Math.max(0, Math.min(maxBytes, file.size));
  const handle = await fs.open(file.absPath, "r");
  try {
    const buf = Buffer.alloc(want);
    let read = 0;
    while (read < want) {
      const { bytesRead } = await handle.read(buf, read, want - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const data = buf.subarray(0, read);
    const truncated = file.size > read;
    return { path: relPath, data, size: file.size, truncated, binary: looksBinary(data, truncated) };
  } finally {
    await handle.close();
  }
}

// ───────────────────────────── Runs and logged models ─────────────────────────────

const PAGE_SIZE = 1000;

function decodePageToken(token: string | null | undefined): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through
  }
  throw invalidParam(`Invalid page token '${token}'.`);
}
const encodePageToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");

export interface ArtifactListing {
  rootUri: string;
  files: ArtifactFileInfo[];
  nextPageToken?: string;
}

async function pagedListing(rootUri: string, relPath: string | null | undefined, pageToken?: string | null): Promise<ArtifactListing> {
  const offset = decodePageToken(pageToken);
  const all = await listArtifacts(rootUri, relPath);
  const files = all.slice(offset, offset + PAGE_SIZE);
  const next = offset + PAGE_SIZE < all.length ? encodePageToken(offset + PAGE_SIZE) : undefined;
  return { rootUri, files, nextPageToken: next };
}

async function runArtifactUri(runId: string, tx: Tx): Promise<string> {
  const run = await tx.run.findUnique({ where: { id: runId }, select: { artifactUri: true } });
  if (!run) throw notFound(`Run with id=${runId} not found`);
  return run.artifactUri;
}

/** Tracking-API listing of a run's artifacts (`artifacts/list`): run-relative paths. */
export async function listRunArtifacts(runId: string, relPath?: string | null, pageToken?: string | null, tx: Tx = db): Promise<ArtifactListing> {
  return pagedListing(await runArtifactUri(runId, tx), relPath, pageToken);
}

/** A run's artifact file (UI download helper `/get-artifact`). */
export async function getRunArtifactFile(runId: string, relPath: string, tx: Tx = db): Promise<ArtifactFile> {
  return artifactFile(await runArtifactUri(runId, tx), relPath);
}

async function loggedModelArtifactUri(modelId: string, tx: Tx): Promise<string> {
  const model = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { artifactUri: true, lifecycleStage: true } });
  if (!model || model.lifecycleStage === "deleted") throw notFound(`Logged model with ID '${modelId}' not found.`);
  return model.artifactUri;
}

/** Listing of a logged model's artifacts: paths relative to the model's artifact root. */
export async function listLoggedModelArtifacts(modelId: string, relPath?: string | null, pageToken?: string | null, tx: Tx = db): Promise<ArtifactListing> {
  return pagedListing(await loggedModelArtifactUri(modelId, tx), relPath, pageToken);
}

/** A logged model's artifact file. */
export async function getLoggedModelArtifactFile(modelId: string, relPath: string, tx: Tx = db): Promise<ArtifactFile> {
  return artifactFile(await loggedModelArtifactUri(modelId, tx), relPath);
}
