#!/usr/bin/env node
// Large-artifact benchmark: one file of BENCH_UPLOAD_BYTES (default 2 GiB) uploaded with a single
// streamed PUT through the proxied artifact API and downloaded back, on each artifact backend
// (the local disk, and S3 on a real S3-compatible server), while the Runboard process's resident
// memory is sampled every 50 ms from /proc. It shows that a large artifact never sits in memory:
//   - memory: peak RSS growth during the transfer ÷ the file's size (≈ 0 when streaming; ≥ 1 if
//     the file were buffered);
//   - speed: throughput through Runboard ÷ writing the same bytes straight to the backend from
//     this process in the same run (fs.createWriteStream / lib-storage Upload).
// This benchmark starts its own Runboard per backend (it needs the process id); DATABASE_URL is
// the benchmark database (npm run bench sets it).
import { Upload } from "@aws-sdk/lib-storage";
import { S3Client } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { freePort } from "../scripts/lib/embedded-db.mjs";
import { ROOT } from "../scripts/lib/config.mjs";
import { s3Env, startS3Server } from "../scripts/lib/s3-server.mjs";

const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 ** 3);
const CHUNK = 1024 * 1024;
const MIB = 1024 * 1024;
const backends = (process.env.BENCH_UPLOAD_BACKENDS ?? "local,s3").split(",");

const block = randomBytes(CHUNK);
/** SIZE bytes: the random block with the chunk index stamped in, so no two chunks are equal. */
function* chunks() {
  for (let off = 0, i = 0; off < SIZE; off += CHUNK, i++) {
    const b = Buffer.from(block.subarray(0, Math.min(CHUNK, SIZE - off)));
    b.writeUInt32LE(i, 0);
    yield b;
  }
}

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/** Samples a process's RSS until stop() is called; returns the peak in KiB. */
function sampler(pid) {
  let peak = rssKiB(pid);
  const t = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 50);
  return () => (clearInterval(t), Math.max(peak, rssKiB(pid)));
}

async function startRunboard(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 480; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { child, base };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Runboard did not become ready");
}

function put(url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT", headers: { "Content-Length": SIZE, "Content-Type": "application/octet-stream" } }, (res) => {
      let body = "";
      res.on("data", (b) => (body += b));
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT → ${res.statusCode} ${body}`))));
    });
    req.on("error", reject);
    pipeline(Readable.from(chunks()), req).catch(reject);
  });
}

async function download(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET → ${res.status}`);
  const h = createHash("sha256");
  let n = 0;
  for await (const c of res.body) {
    h.update(c);
    n += c.length;
  }
  return { bytes: n, sha: h.digest("hex") };
}

const expectedSha = (() => {
  const h = createHash("sha256");
  for (const c of chunks()) h.update(c);
  return h.digest("hex");
})();

const mb = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const rate = (bytes, ms) => `${(bytes / MIB / (ms / 1000)).toFixed(0)} MiB/s`;
const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-bench-upload-"));
let failed = false;
console.log(`[upload] one ${(SIZE / MIB).toFixed(0)} MiB file, single streamed PUT then GET, per backend`);
try {
  for (const backend of backends) {
    let s3;
    let env;
    let raw;
    if (backend === "s3") {
      s3 = await startS3Server({ directory: path.join(tmp, "s3"), buckets: ["bench"] });
      env = s3Env(s3.endpoint, "bench", "runboard");
      const client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, requestChecksumCalculation: "WHEN_REQUIRED" });
      raw = () => new Upload({ client, params: { Bucket: "bench", Key: "raw/baseline.bin", Body: Readable.from(chunks()) }, partSize: 8 * MIB, queueSize: 4 }).done();
    } else {
      env = { RUNBOARD_ARTIFACT_ROOT: path.join(tmp, "local") };
      raw = () => pipeline(Readable.from(chunks()), createWriteStream(path.join(tmp, "baseline.bin")));
    }
    const { child, base } = await startRunboard(env);
    try {
      const url = `${base}/api/2.0/mlflow-artifacts/artifacts/1/bench/artifacts/big.bin`;
      // Load the route modules first, so "idle" already includes them.
      const warm = `${base}/api/2.0/mlflow-artifacts/artifacts/1/bench/artifacts/warmup.txt`;
      await fetch(warm, { method: "PUT", body: "warm" });
      await (await fetch(warm)).text();
      const idle = rssKiB(child.pid);
      let stop = sampler(child.pid);
      let t = performance.now();
      await put(url);
      const upMs = performance.now() - t;
      const upPeak = stop();
      stop = sampler(child.pid);
      t = performance.now();
      const got = await download(url);
      const downMs = performance.now() - t;
      const downPeak = stop();
      if (got.bytes !== SIZE || got.sha !== expectedSha) throw new Error(`download differs: ${got.bytes} bytes`);
      t = performance.now();
      await raw();
      const rawMs = performance.now() - t;
      const growth = (peak) => Math.max(0, peak - idle);
      console.log(
        [
          `[upload] ${backend}: Runboard RSS idle ${mb(idle)}, peak during upload ${mb(upPeak)} (+${mb(growth(upPeak))} = ${((growth(upPeak) * 1024) / SIZE).toFixed(4)} × the file),` +
            ` during download ${mb(downPeak)} (+${mb(growth(downPeak))} = ${((growth(downPeak) * 1024) / SIZE).toFixed(4)} × the file)`,
          `[upload] ${backend}: upload ${rate(SIZE, upMs)} through Runboard vs ${rate(SIZE, rawMs)} written straight to the backend → ratio ${(rawMs / upMs).toFixed(2)}; download ${rate(SIZE, downMs)}; sha256 verified`,
        ].join("\n"),
      );
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      await s3?.stop();
      rmSync(path.join(tmp, backend === "s3" ? "s3" : "local"), { recursive: true, force: true });
      rmSync(path.join(tmp, "baseline.bin"), { force: true });
    }
  }
} catch (e) {
  console.error(`[upload] ${e?.message ?? e}`);
  failed = true;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
