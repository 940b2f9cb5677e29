// A real S3-compatible server for tests and benchmarks: s3rver (npm), in a child process on a
// free loopback port, storing objects in a directory. Not for production.
//
// Two things about s3rver and a current AWS SDK, handled here and in s3Env():
//  - its list continuation tokens use DES, which OpenSSL 3 only offers with the legacy provider:
//    the child runs with --openssl-legacy-provider;
//  - its listing with a delimiter loses a common prefix whose directory holds only
//    subdirectories (`d/` for the key `d/e/f`): listObjects is replaced below by one that walks
//    every key under the prefix;
//  - it does not decode `aws-chunked` bodies with trailing checksums (what the SDK sends for a
//    streamed upload by default): clients set AWS_REQUEST_CHECKSUM_CALCULATION=when_required,
//    as they would for any S3-compatible server without that feature.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
export const S3_TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Starts s3rver with `buckets` created. Returns its endpoint and stop().
 * @param {{ directory: string, buckets?: string[] }} opts
 */
export async function startS3Server({ directory, buckets = ["runboard-test"] }) {
  const child = spawn(process.execPath, ["--openssl-legacy-provider", SELF, "--child", directory, ...buckets], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (b) => {
      out += b.toString();
      const m = /^listening (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** The environment a Runboard process needs to use `s3://bucket/prefix` on that server. */
export function s3Env(endpoint, bucket = "runboard-test", prefix = "") {
  return {
    RUNBOARD_ARTIFACT_ROOT: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
    RUNBOARD_S3_FORCE_PATH_STYLE: "1",
    AWS_REQUEST_CHECKSUM_CALCULATION: "when_required",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required",
  };
}

if (process.argv[2] === "--child") {
  const [directory, ...buckets] = process.argv.slice(3);
  const { default: S3rver } = await import("s3rver");
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  await fixListing(server.store);
  const { port } = await server.run();
  process.stdout.write(`listening ${port}\n`);
  const stop = () => server.close().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // Never outlive the process that started us.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}

/** s3rver's FilesystemStore.listObjects, without the directory pruning that loses common prefixes. */
async function fixListing(store) {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const FilesystemStore = require("s3rver/lib/stores/filesystem");
  const S3Object = require("s3rver/lib/models/object");
  const { readdir } = await import("node:fs/promises");
  const path = await import("node:path");
  const SUFFIX = "._S3rver_object";
  store.listObjects = async function listObjects(bucket, { delimiter = "", startAfter = "", prefix = "", maxKeys = Infinity } = {}) {
    const bucketPath = this.getBucketPath(bucket);
    const entries = await readdir(bucketPath, { recursive: true }).catch(() => []);
    const keys = entries
      .filter((p) => p.endsWith(SUFFIX))
      .map((p) => FilesystemStore.decodeKeyPath(p.split(path.sep).join("/").slice(0, -SUFFIX.length)))
      .filter((k) => k > startAfter && k.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const commonPrefixes = new Set();
    const picked = [];
    let isTruncated = false;
    for (const key of keys) {
      const idx = delimiter ? key.slice(prefix.length).indexOf(delimiter) : -1;
      if (idx !== -1) {
        commonPrefixes.add(key.slice(0, prefix.length + idx + delimiter.length));
        continue;
      }
      if (picked.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      picked.push(key);
    }
    const metadata = await Promise.all(picked.map((k) => this.getMetadata(bucket, k).catch((e) => (e.code === "ENOENT" ? undefined : Promise.reject(e)))));
    return {
      objects: picked.map((k, i) => (metadata[i] ? new S3Object(bucket, k, null, metadata[i]) : null)).filter(Boolean),
      commonPrefixes: [...commonPrefixes].sort(),
      isTruncated,
    };
  };
}
