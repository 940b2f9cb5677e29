import "server-only";
import type { Readable } from "node:stream";
import type { ArtifactKey } from "@/lib/domain/artifacts/paths";
import { LocalArtifactStore, localArtifactRoot } from "@/lib/domain/artifacts/local-store";
import { S3ArtifactStore, parseS3Root } from "@/lib/domain/artifacts/s3-store";

// One interface over where artifact bytes live. The backend is chosen by RUNBOARD_ARTIFACT_ROOT:
// `s3://bucket/prefix` → S3-compatible object storage, anything else → a local directory.
// Backends see only ArtifactKeys (validated in paths.ts) and behave identically as seen through
// the artifact operations in files.ts: directories are implicit parents of files, an upload
// never turns a file into a directory (or the reverse), listings are sorted by entrySortKey,
// a failed upload leaves nothing behind, deletes are recursive.

export type ArtifactStat = { type: "file"; size: number; etag?: string } | { type: "dir" };

export interface ArtifactEntry {
  /** Basename. */
  name: string;
  isDir: boolean;
  /** Bytes; undefined for directories. */
  fileSize?: number;
}

export interface ArtifactFileEntry {
  /** Path relative to the walked directory ("model/MLmodel"). */
  path: string;
  size: number;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

export interface ArtifactStore {
  readonly kind: "local" | "s3";
  /** Where the bytes are, for logs and the readiness check (never a secret). */
  readonly location: string;
  /**
   * Streams `body` to `key`, overwriting a file there. Refuses (INVALID_PARAMETER_VALUE) when an
   * ancestor is a file or `key` is a directory. `sizeHint` (Content-Length) only tunes buffering.
   */
  put(key: ArtifactKey, body: Readable, sizeHint?: number): Promise<{ size: number }>;
  /** What is at `key`: a file, a directory (anything below it), or nothing. The root is a directory. */
  stat(key: ArtifactKey): Promise<ArtifactStat | null>;
  /**
   * One page of the entries directly inside `dir`, in entrySortKey order, starting after the
   * entry whose sort key is `after`. A file or a missing path has no entries.
   */
  list(dir: ArtifactKey, opts: { after?: string; limit: number }): Promise<{ entries: ArtifactEntry[]; more: boolean }>;
  /** Every file below `dir` (recursive), at most `limit`, in path order. */
  walk(dir: ArtifactKey, limit: number): Promise<{ files: ArtifactFileEntry[]; truncated: boolean }>;
  /** Streams a file (from stat) or a byte range of it. */
  read(key: ArtifactKey, file: Extract<ArtifactStat, { type: "file" }>, range?: ByteRange): Promise<Readable>;
  /** Deletes a file or a whole tree; a missing path is not an error. */
  delete(key: ArtifactKey): Promise<void>;
  /** Throws unless the store can be read and written (readiness). */
  check(): Promise<void>;

  /** Multipart uploads (the `mlflow-artifacts/mpu/*` API): parts are uploaded separately, then joined at `key`. */
  createMultipartUpload(key: ArtifactKey): Promise<string>;
  uploadPart(key: ArtifactKey, uploadId: string, partNumber: number, body: Readable, size: number): Promise<{ etag: string }>;
  completeMultipartUpload(key: ArtifactKey, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ size: number }>;
  abortMultipartUpload(key: ArtifactKey, uploadId: string): Promise<void>;
}

/** The configured root: RUNBOARD_ARTIFACT_ROOT (an s3:// URL or a directory), else <RUNBOARD_HOME>/artifacts. */
export function artifactRootSetting(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOARD_ARTIFACT_ROOT || localArtifactRoot(env);
}

const g = globalThis as unknown as { runboardArtifactStore?: { setting: string; store: ArtifactStore } };

/** The process's artifact store (one per configured root; the S3 client keeps its connections). */
export function getArtifactStore(): ArtifactStore {
  const setting = artifactRootSetting();
  const cached = g.runboardArtifactStore;
  if (cached && cached.setting === setting) return cached.store;
  const s3 = parseS3Root(setting);
  const store: ArtifactStore = s3 ? new S3ArtifactStore(s3) : new LocalArtifactStore(localArtifactRoot());
  g.runboardArtifactStore = { setting, store };
  return store;
}
