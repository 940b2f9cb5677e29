import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { PassThrough, type Readable } from "node:stream";
import { DomainError, invalidParam } from "@/lib/errors";
import { compareUtf8, entrySortKey, keyToPath, RESERVED_PREFIX, type ArtifactKey } from "@/lib/domain/artifacts/paths";
import type { ArtifactEntry, ArtifactFileEntry, ArtifactStat, ArtifactStore, ByteRange } from "@/lib/domain/artifacts/store";

// Artifacts in S3-compatible object storage (RUNBOARD_ARTIFACT_ROOT=s3://bucket/prefix), through
// the official AWS SDK. Credentials, region and endpoint come from the standard AWS variables
// (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or any other source of the SDK's
// default chain, AWS_REGION, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL); RUNBOARD_S3_FORCE_PATH_STYLE=1
// selects path-style addressing for servers that need it.
//
// Directories are key prefixes. To behave like the local backend, an upload first checks that no
// ancestor is an object and that the target is not a prefix (one HEAD per ancestor and one LIST,
// in parallel); S3 has no transactions, so two clients racing to create `a` and `a/b` can still
// both succeed. Uploads stream through lib-storage (multipart above one part, at most
// QUEUE_SIZE + 1 parts in memory); a failed upload is aborted, so nothing partial is left.

export interface S3Root {
  bucket: string;
  /** Key prefix without leading or trailing slashes ("" for the bucket's root). */
  prefix: string;
}

/** `s3://bucket/some/prefix` → {bucket, prefix}; null for anything that is not an s3:// URL. */
export function parseS3Root(setting: string): S3Root | null {
  const m = /^s3:\/\/([^/]+)(\/.*)?$/i.exec(setting.trim());
  if (!m) return null;
  const prefix = (m[2] ?? "").split("/").filter(Boolean).join("/");
  return { bucket: m[1], prefix };
}

const MIB = 1024 * 1024;
const MIN_PART_SIZE = 8 * MIB;
const QUEUE_SIZE = 4;
const MAX_PARTS = 10_000;

const isFlag = (v: string | undefined) => v === "1" || v?.toLowerCase() === "true";

function s3Status(e: unknown): number | undefined {
  return e instanceof S3ServiceException ? e.$metadata?.httpStatusCode : undefined;
}
const isNotFound = (e: unknown) => s3Status(e) === 404 || (e instanceof Error && ["NotFound", "NoSuchKey", "NoSuchUpload"].includes(e.name));

/** A failure of the object store itself (not of the request): logged, answered 503 so clients retry. */
function unavailable(op: string, e: unknown): DomainError {
  console.error(`[runboard] S3 ${op} failed`, e);
  const name = e instanceof Error ? e.name : "Error";
  return new DomainError("TEMPORARILY_UNAVAILABLE", `Artifact storage is unavailable (${op}: ${name}). See the Runboard server log for details.`);
}

/** Counts the bytes that flow through. */
function counter(): PassThrough & { bytes: number } {
  const t = new PassThrough() as PassThrough & { bytes: number };
  t.bytes = 0;
  t.on("data", (b: Buffer) => (t.bytes += b.length));
  return t;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly kind = "s3" as const;
  readonly location: string;
  private clientInstance?: S3Client;

  /** `listPageSize`: keys per ListObjectsV2 call (S3's maximum, 1000, unless a test wants many pages). */
  constructor(
    private readonly root: S3Root,
    private readonly listPageSize = 1000,
  ) {
    this.location = `s3://${root.bucket}${root.prefix ? `/${root.prefix}` : ""}`;
  }

  private get client(): S3Client {
    if (!this.clientInstance) {
      // Runboard pins its SDK version; the SDK's notice about future Node versions is for us, not users.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      const endpoint = process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined;
      this.clientInstance = new S3Client({
        region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1",
        ...(endpoint ? { endpoint } : {}),
        forcePathStyle: isFlag(process.env.RUNBOARD_S3_FORCE_PATH_STYLE),
      });
    }
    return this.clientInstance;
  }

  private get bucket() {
    return this.root.bucket;
  }

  /** The object key of an artifact key. */
  private objectKey(key: ArtifactKey): string {
    const p = keyToPath(key);
    return this.root.prefix ? (p ? `${this.root.prefix}/${p}` : this.root.prefix) : p;
  }

  /** The prefix under which a directory's contents live ("" for the bucket root). */
  private dirPrefix(key: ArtifactKey): string {
    const k = this.objectKey(key);
    return k ? `${k}/` : "";
  }

  private async headFile(key: ArtifactKey): Promise<Extract<ArtifactStat, { type: "file" }> | null> {
    if (key.length === 0) return null;
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { type: "file", size: h.ContentLength ?? 0, etag: h.ETag };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw unavailable("HeadObject", e);
    }
  }

  private async hasChildren(key: ArtifactKey): Promise<boolean> {
    try {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.dirPrefix(key), MaxKeys: 1 }));
      return (r.KeyCount ?? r.Contents?.length ?? 0) > 0 || (r.CommonPrefixes?.length ?? 0) > 0;
    } catch (e) {
      throw unavailable("ListObjectsV2", e);
    }
  }

  /** The checks the local filesystem makes by itself: no ancestor is a file, the target is not a directory. */
  private async checkWritable(key: ArtifactKey): Promise<void> {
    const ancestors = Array.from({ length: key.length - 1 }, (_, i) => key.slice(0, i + 1) as unknown as ArtifactKey);
    const [files, isDir] = await Promise.all([Promise.all(ancestors.map((a) => this.headFile(a))), this.hasChildren(key)]);
    const fileAt = files.findIndex((f) => f !== null);
    if (fileAt !== -1) throw invalidParam(`Invalid artifact path '${keyToPath(key)}': '${key[fileAt]}' is a file, not a directory.`);
    if (isDir) throw invalidParam(`Invalid artifact path '${keyToPath(key)}': a directory already exists at this path.`);
  }

  private partSize(sizeHint?: number): number {
    if (!sizeHint || sizeHint <= MIN_PART_SIZE * MAX_PARTS) return MIN_PART_SIZE;
    return Math.ceil(sizeHint / MAX_PARTS / MIB) * MIB;
  }

  async put(key: ArtifactKey, body: Readable, sizeHint?: number): Promise<{ size: number }> {
    await this.checkWritable(key);
    const count = counter();
    body.on("error", (e) => count.destroy(e));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body.pipe(count) },
      partSize: this.partSize(sizeHint),
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      // The request body failing (client went away) is not a storage failure. lib-storage has
      // aborted the multipart upload by then (or tried to: see abortMultipartUpload).
      const bodyError = body.errored ?? count.errored;
      if (bodyError) throw bodyError;
      throw unavailable("upload", e);
    }
    return { size: count.bytes };
  }

  async stat(key: ArtifactKey): Promise<ArtifactStat | null> {
    if (key.length === 0) return { type: "dir" };
    const [file, isDir] = await Promise.all([this.headFile(key), this.hasChildren(key)]);
    return file ?? (isDir ? { type: "dir" } : null);
  }

  private async listPage(input: { Prefix: string; Delimiter?: string; StartAfter?: string; ContinuationToken?: string }): Promise<ListObjectsV2CommandOutput> {
    try {
      return await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: this.listPageSize, ...input }));
    } catch (e) {
      throw unavailable("ListObjectsV2", e);
    }
  }

  async list(dir: ArtifactKey, opts: { after?: string; limit: number }): Promise<{ entries: ArtifactEntry[]; more: boolean }> {
    const prefix = this.dirPrefix(dir);
    const out: ArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const r = await this.listPage({
        Prefix: prefix,
        Delimiter: "/",
        ...(token ? { ContinuationToken: token } : opts.after !== undefined ? { StartAfter: prefix + opts.after } : {}),
      });
      const page: ArtifactEntry[] = [];
      for (const c of r.Contents ?? []) {
        const name = (c.Key ?? "").slice(prefix.length);
        if (name) page.push({ name, isDir: false, fileSize: c.Size ?? 0 });
      }
      for (const p of r.CommonPrefixes ?? []) {
        const name = (p.Prefix ?? "").slice(prefix.length, -1);
        if (name) page.push({ name, isDir: true });
      }
      page.sort((a, b) => compareUtf8(entrySortKey(a), entrySortKey(b)));
      for (const e of page) {
        if (e.name.startsWith(RESERVED_PREFIX)) continue;
        if (opts.after !== undefined && compareUtf8(entrySortKey(e), opts.after) <= 0) continue;
        out.push(e);
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token && out.length <= opts.limit);
    return { entries: out.slice(0, opts.limit), more: out.length > opts.limit || token !== undefined };
  }

  async walk(dir: ArtifactKey, limit: number): Promise<{ files: ArtifactFileEntry[]; truncated: boolean }> {
    const prefix = this.dirPrefix(dir);
    const files: ArtifactFileEntry[] = [];
    let token: string | undefined;
    do {
      const r = await this.listPage({ Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) });
      for (const c of r.Contents ?? []) {
        const p = (c.Key ?? "").slice(prefix.length);
        if (!p || p.endsWith("/") || p.split("/").some((s) => s.startsWith(RESERVED_PREFIX))) continue;
        if (files.length >= limit) return { files, truncated: true };
        files.push({ path: p, size: c.Size ?? 0 });
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return { files, truncated: false };
  }

  async read(key: ArtifactKey, file: Extract<ArtifactStat, { type: "file" }>, range?: ByteRange): Promise<Readable> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          // The size in the response headers came from stat: never stream a different version.
          ...(file.etag ? { IfMatch: file.etag } : {}),
        }),
      );
      return r.Body as Readable;
    } catch (e) {
      if (s3Status(e) === 412) throw new DomainError("ABORTED", `Artifact '${keyToPath(key)}' changed while it was being read; retry.`);
      if (isNotFound(e)) throw new DomainError("RESOURCE_DOES_NOT_EXIST", `Artifact '${keyToPath(key)}' does not exist.`);
      throw unavailable("GetObject", e);
    }
  }

  async delete(key: ArtifactKey): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (e) {
      if (!isNotFound(e)) throw unavailable("DeleteObject", e);
    }
    const prefix = this.dirPrefix(key);
    // List from the start each round: every round deletes what it listed.
    for (;;) {
      const r = await this.listPage({ Prefix: prefix });
      const keys = (r.Contents ?? []).map((c) => c.Key).filter((k): k is string => !!k);
      if (keys.length === 0) return;
      let out;
      try {
        out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
      } catch (e) {
        throw unavailable("DeleteObjects", e);
      }
      if (out.Errors?.length) throw unavailable("DeleteObjects", new Error(`${out.Errors[0].Code}: ${out.Errors[0].Message} (${out.Errors[0].Key})`));
    }
  }

  async check(): Promise<void> {
    await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.dirPrefix([] as unknown as ArtifactKey), MaxKeys: 1 }));
  }

  // ─── multipart (S3's own) ───

  async createMultipartUpload(key: ArtifactKey): Promise<string> {
    await this.checkWritable(key);
    try {
      const r = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!r.UploadId) throw new Error("no UploadId in the response");
      return r.UploadId;
    } catch (e) {
      throw unavailable("CreateMultipartUpload", e);
    }
  }

  private uploadError(op: string, uploadId: string, e: unknown): DomainError {
    if (isNotFound(e)) return invalidParam(`Upload '${uploadId}' does not exist (completed, aborted or never created).`);
    const status = s3Status(e);
    if (status !== undefined && status >= 400 && status < 500) return invalidParam(`${op} refused by the object store: ${e instanceof Error ? e.message : e}`);
    return unavailable(op, e);
  }

  async uploadPart(key: ArtifactKey, uploadId: string, partNumber: number, body: Readable, size: number): Promise<{ etag: string }> {
    try {
      const r = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: this.objectKey(key), UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: size }),
      );
      return { etag: r.ETag ?? "" };
    } catch (e) {
      if (!(e instanceof S3ServiceException) && body.errored) throw body.errored;
      throw this.uploadError("UploadPart", uploadId, e);
    }
  }

  async completeMultipartUpload(key: ArtifactKey, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ size: number }> {
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
    } catch (e) {
      throw this.uploadError("CompleteMultipartUpload", uploadId, e);
    }
    const file = await this.headFile(key);
    return { size: file?.size ?? 0 };
  }

  async abortMultipartUpload(key: ArtifactKey, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.objectKey(key), UploadId: uploadId }));
    } catch (e) {
      if (isNotFound(e)) return;
      // Some S3-compatible servers lack AbortMultipartUpload: the upload is never completed, and
      // the bucket's AbortIncompleteMultipartUpload lifecycle rule (README) reclaims its parts.
      if (s3Status(e) === 405 || s3Status(e) === 501) {
        console.warn(`[runboard] the object store cannot abort multipart uploads (${e instanceof Error ? e.name : e}); upload ${uploadId} is left to the bucket's lifecycle rule`);
        return;
      }
      throw this.uploadError("AbortMultipartUpload", uploadId, e);
    }
  }
}
