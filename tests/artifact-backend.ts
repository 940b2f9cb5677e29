// Direct access to the artifact backend the tests run on (the local directory, or the bucket of
// the "s3" Vitest project), bypassing Runboard: to seed many files fast, and to prove what is (and
// is not) stored. Uses the real filesystem or the real S3 API, never a mock.
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export type Backend = "local" | "s3";

const setting = () => process.env.RUNBOARD_ARTIFACT_ROOT ?? "";
export const backend = (): Backend => (/^s3:\/\//i.test(setting()) ? "s3" : "local");

function s3Target(): { client: S3Client; bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(setting())!;
  const client = new S3Client({ region: process.env.AWS_REGION, endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
  return { client, bucket: m[1], prefix: m[2].replace(/\/+$/, "") };
}
const objectKey = (prefix: string, rel: string) => (prefix ? `${prefix}/${rel}` : rel);

/** The local root directory (local backend only). */
export const localRoot = () => path.resolve(setting());

/** Writes files straight into the backend (`relPath` is root-relative), `concurrency` at a time. */
export async function rawWrite(files: { path: string; data: string | Buffer }[], concurrency = 16): Promise<void> {
  const queue = [...files];
  const s3 = backend() === "s3" ? s3Target() : null;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        if (s3) {
          await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: objectKey(s3.prefix, f.path), Body: Buffer.from(f.data) }));
        } else {
          const p = path.join(localRoot(), f.path);
          await mkdir(path.dirname(p), { recursive: true });
          await writeFile(p, f.data);
        }
      }
    }),
  );
}

/** The bytes stored at a root-relative path, read straight from the backend; null if absent. */
export async function rawRead(relPath: string): Promise<Buffer | null> {
  if (backend() === "s3") {
    const s3 = s3Target();
    try {
      const r = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: objectKey(s3.prefix, relPath) }));
      return Buffer.from(await r.Body!.transformToByteArray());
    } catch {
      return null;
    }
  }
  return readFile(path.join(localRoot(), relPath)).catch(() => null);
}

/**
 * Every stored file below a root-relative directory, as paths relative to it, straight from the
 * backend (temp files of in-flight uploads included: nothing is hidden).
 */
export async function rawList(relDir: string): Promise<string[]> {
  if (backend() === "s3") {
    const s3 = s3Target();
    const prefix = objectKey(s3.prefix, relDir) + "/";
    const out: string[] = [];
    let token: string | undefined;
    do {
      const r = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
      out.push(...(r.Contents ?? []).map((c) => c.Key!.slice(prefix.length)));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }
  const base = path.join(localRoot(), relDir);
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(base, path.join(e.parentPath, e.name)))
    .sort();
}

/** Removes a root-relative directory straight from the backend. */
export async function rawDelete(relDir: string): Promise<void> {
  if (backend() === "s3") {
    const s3 = s3Target();
    const keys = await rawList(relDir);
    for (let i = 0; i < keys.length; i += 1000) {
      const Objects = keys.slice(i, i + 1000).map((k) => ({ Key: objectKey(s3.prefix, `${relDir}/${k}`) }));
      await s3.client.send(new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects } }));
    }
    return;
  }
  await rm(path.join(localRoot(), relDir), { recursive: true, force: true });
}

/** The key prefix of the S3 root ("" for the bucket root). */
export const s3Prefix = () => s3Target().prefix;

/** Every key in the whole bucket (S3 backend only): to prove nothing was written outside the prefix. */
export async function rawBucketKeys(): Promise<string[]> {
  const s3 = s3Target();
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken: token }));
    out.push(...(r.Contents ?? []).map((c) => c.Key!));
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return out;
}
