import "server-only";
import { createHash } from "node:crypto";
import { DomainError, invalidParam } from "@/lib/errors";
import { childKey, keyToPath, toKey, type ArtifactKey } from "@/lib/domain/artifacts/paths";
import { getArtifactStore } from "@/lib/domain/artifacts/store";
import { requireArtifactPath } from "@/lib/domain/auth/authorize";
import { toNodeReadable, type ByteSource } from "@/lib/domain/artifacts/files";

// Multipart uploads of the proxied artifact API (`mlflow-artifacts/mpu/create|complete|abort`,
// used by the MLflow client for large files when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set or
// server-info says so). The client uploads the parts itself, in parallel, to the URLs `create`
// returns; here those URLs point back at this server (`mpu/part`), which streams each part into
// the backend's own multipart upload (S3's, or part files on the local disk). All state lives in
// the backend, so create, parts and complete may each reach a different instance.

/** S3's limits, applied on both backends. */
export const MAX_PARTS = 10_000;
export const MAX_PART_SIZE = 5 * 1024 ** 3;

/**
 * The artifact a multipart upload writes: the directory in the URL plus the basename of the
 * client's local file path (MLflow sends the whole local path in `path`).
 */
export function multipartTarget(dir: string | readonly string[], localPath: string): ArtifactKey {
  const name = localPath.split(/[\\/]/).filter(Boolean).pop();
  if (!name) throw invalidParam(`Invalid value '${localPath}' for parameter 'path': a file name is required.`);
  return childKey(toKey(dir), name);
}

// The upload id clients see binds the backend's id to the target: `<hash of the path>.<backend id>`,
// so a part or a completion sent for another path is refused on every backend (some S3-compatible
// servers do not check that themselves).
const pathTag = (key: ArtifactKey) => createHash("sha256").update(keyToPath(key)).digest("base64url").slice(0, 16);

function backendUploadId(key: ArtifactKey, uploadId: string): string {
  const dot = uploadId.indexOf(".");
  if (!uploadId || uploadId.length > 2048 || /[\s\0]/.test(uploadId) || dot !== 16) throw invalidParam(`Invalid upload_id '${uploadId}'.`);
  if (uploadId.slice(0, dot) !== pathTag(key)) throw invalidParam(`Upload '${uploadId}' is not an upload to '${keyToPath(key)}'.`);
  return uploadId.slice(dot + 1);
}

function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw invalidParam(`Invalid part number ${n}: it must be between 1 and ${MAX_PARTS}.`);
}

export async function createMultipartUpload(target: ArtifactKey, numParts: number): Promise<{ uploadId: string; path: string }> {
  if (!Number.isInteger(numParts) || numParts < 1 || numParts > MAX_PARTS) {
    throw invalidParam(`Invalid value ${numParts} for parameter 'num_parts': it must be between 1 and ${MAX_PARTS}.`);
  }
  await requireArtifactPath(target, "EDIT");
  const uploadId = await getArtifactStore().createMultipartUpload(target);
  return { uploadId: `${pathTag(target)}.${uploadId}`, path: keyToPath(target) };
}

/** Streams one part (`size` bytes, the request's Content-Length) into the upload. */
export async function uploadMultipartPart(
  target: string | readonly string[],
  uploadId: string,
  partNumber: number,
  body: ByteSource,
  size: number | undefined,
): Promise<{ etag: string }> {
  const key = toKey(target);
  if (key.length === 0) throw invalidParam("An artifact path is required.");
  const id = backendUploadId(key, uploadId);
  checkPartNumber(partNumber);
  if (size === undefined) throw new DomainError("BAD_REQUEST", "A part upload needs a Content-Length header.");
  if (size > MAX_PART_SIZE) throw invalidParam(`A part may be at most ${MAX_PART_SIZE} bytes.`);
  await requireArtifactPath(key, "EDIT");
  return getArtifactStore().uploadPart(key, id, partNumber, toNodeReadable(body), size);
}

export async function completeMultipartUpload(target: ArtifactKey, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ size: number }> {
  const id = backendUploadId(target, uploadId);
  if (parts.length === 0) throw invalidParam("Invalid value for parameter 'parts': at least one part is required.");
  parts.forEach((p, i) => {
    checkPartNumber(p.partNumber);
    if (i > 0 && p.partNumber <= parts[i - 1].partNumber) throw invalidParam("Invalid value for parameter 'parts': part numbers must be in ascending order, each once.");
  });
  await requireArtifactPath(target, "EDIT");
  return getArtifactStore().completeMultipartUpload(target, id, parts);
}

export async function abortMultipartUpload(target: ArtifactKey, uploadId: string): Promise<void> {
  const id = backendUploadId(target, uploadId);
  await requireArtifactPath(target, "EDIT");
  await getArtifactStore().abortMultipartUpload(target, id);
}
