// Multipart uploads and ranged "presigned" downloads of the proxied artifact service, as the
// MLflow client drives them (http_artifact_repo.py: mpu/create → PUT each credential URL →
// mpu/complete, or mpu/abort on failure; presigned → ranged GETs) — on both artifact backends.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import * as artifactsRoute from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";
import * as mpuRoute from "@/app/api/2.0/mlflow-artifacts/mpu/[...path]/route";
import * as presignedRoute from "@/app/api/2.0/mlflow-artifacts/presigned/[...path]/route";
import * as serverInfoRoute from "@/app/api/3.0/mlflow/server-info/route";
import { rawList } from "@/tests/artifact-backend";
import { callArtifacts, json } from "@/tests/api/artifact-fixtures";
import { uniqueName } from "@/tests/helpers";

const ORIGIN = "http://runboard.test";
const MIB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function mpu(action: string, dir: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const segments = [action, ...dir.split("/").filter(Boolean)];
  const req = new Request(`${ORIGIN}/api/2.0/mlflow-artifacts/mpu/${segments.map(encodeURIComponent).join("/")}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...headers },
  });
  const res = await mpuRoute.POST(req, { params: Promise.resolve({ path: segments }) });
  return { status: res.status, body: (await json(res)) as Record<string, unknown> };
}

/** PUT to a credential URL the way the client does (requests.put(url, data=chunk, headers=credential.headers)). */
async function putPart(url: string, data: Buffer, headers: Record<string, string> = {}) {
  const u = new URL(url);
  const segments = u.pathname.replace(/^\/api\/2\.0\/mlflow-artifacts\/mpu\//, "").split("/").map(decodeURIComponent);
  const req = new Request(url, { method: "PUT", body: new Uint8Array(data), headers: { "Content-Length": String(data.length), ...headers } });
  return mpuRoute.PUT(req, { params: Promise.resolve({ path: segments }) });
}

type Credential = { url: string; part_number: number; headers: Record<string, string> };

describe("multipart upload (mpu/create, part URLs, mpu/complete)", () => {
  const base = uniqueName("mpu");

  test("server-info advertises multipart uploads and downloads", async () => {
    expect(await (await serverInfoRoute.GET(new Request(`${ORIGIN}/api/3.0/mlflow/server-info`))).json()).toMatchObject({ multipart_uploads_enabled: true, multipart_downloads_enabled: true });
  });

  test("parts uploaded out of order and in parallel join into the file; the download matches", async () => {
    const data = randomBytes(11 * MIB + 123);
    const chunk = 5 * MIB;
    const numParts = Math.ceil(data.length / chunk);
    const created = await mpu("create", `${base}/model`, { path: "/home/me/work/weights.bin", num_parts: numParts }, { Authorization: "Bearer abc" });
    expect(created.status).toBe(200);
    const uploadId = created.body.upload_id as string;
    const credentials = created.body.credentials as Credential[];
    expect(uploadId).toBeTruthy();
    expect(credentials.map((c) => c.part_number)).toEqual([1, 2, 3]);
    expect(credentials[0].url).toMatch(new RegExp(`^${ORIGIN}/api/2\\.0/mlflow-artifacts/mpu/part/${base}/model/weights\\.bin\\?`));
    // The client sends these headers with each part: its own credentials come back to it.
    expect(credentials[0].headers).toEqual({ Authorization: "Bearer abc" });
    // Nothing is visible before completion.
    expect(await json(await callArtifacts(artifactsRoute.GET, "GET", [], { query: { path: `${base}/model` } }))).toEqual({});

    const responses = await Promise.all(
      [...credentials].reverse().map((c) => putPart(c.url, data.subarray((c.part_number - 1) * chunk, c.part_number * chunk), c.headers)),
    );
    for (const r of responses) expect(r.status).toBe(200);
    const parts = [...credentials].reverse().map((c, i) => ({ part_number: c.part_number, etag: responses[i].headers.get("etag") ?? "", url: c.url }));
    expect(parts.every((p) => p.etag.length > 0)).toBe(true);
    parts.sort((a, b) => a.part_number - b.part_number);

    const done = await mpu("complete", `${base}/model`, { path: "/home/me/work/weights.bin", upload_id: uploadId, parts });
    expect(done).toEqual({ status: 200, body: {} });
    const listing = await json(await callArtifacts(artifactsRoute.GET, "GET", [], { query: { path: `${base}/model` } }));
    expect(listing).toEqual({ files: [{ path: "weights.bin", is_dir: false, file_size: data.length }] });
    const down = await callArtifacts(artifactsRoute.GET, "GET", `${base}/model/weights.bin`);
    expect(sha256(Buffer.from(await down.arrayBuffer()))).toBe(sha256(data));
    expect(await rawList(`${base}/model`)).toEqual(["weights.bin"]);
  });

  test("abort discards the parts; the target never appears", async () => {
    const created = await mpu("create", `${base}/aborted`, { path: "C:\\Users\\me\\big.bin", num_parts: 2 });
    expect(created.status).toBe(200);
    const [c1] = created.body.credentials as Credential[];
    expect(c1.url).toContain("/mpu/part/" + base + "/aborted/big.bin?");
    expect((await putPart(c1.url, randomBytes(5 * MIB))).status).toBe(200);
    expect(await mpu("abort", `${base}/aborted`, { path: "C:\\Users\\me\\big.bin", upload_id: created.body.upload_id })).toEqual({ status: 200, body: {} });
    expect(await rawList(`${base}/aborted`)).toEqual([]);
    // A second abort is harmless, as the client may retry it.
    expect((await mpu("abort", `${base}/aborted`, { path: "big.bin", upload_id: created.body.upload_id })).status).toBe(200);
  });

  test("bad requests are MLflow errors and store nothing", async () => {
    let r = await mpu("create", `${base}/bad`, { num_parts: 2 });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/'path'/);
    r = await mpu("create", `${base}/bad`, { path: "x.bin", num_parts: 0 });
    expect(r.status).toBe(400);
    r = await mpu("create", `${base}/bad`, { path: "x.bin", num_parts: 10_001 });
    expect(r.status).toBe(400);
    r = await mpu("create", `${base}/bad`, { path: "/tmp/..", num_parts: 1 });
    expect(r).toMatchObject({ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } });
    r = await mpu("create", `${base}/%2e%2e/%2e%2e`, { path: "x.bin", num_parts: 1 });
    expect(r).toMatchObject({ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } });
    r = await mpu("frobnicate", `${base}/bad`, { path: "x.bin" });
    expect(r.status).toBe(404);
    const bad = new Request(`${ORIGIN}/api/2.0/mlflow-artifacts/mpu/create/x`, { method: "POST", body: "{nope" });
    expect((await mpuRoute.POST(bad, { params: Promise.resolve({ path: ["create", "x"] }) })).status).toBe(400);

    const created = await mpu("create", `${base}/bad`, { path: "x.bin", num_parts: 2 });
    const uploadId = created.body.upload_id as string;
    const [c1, c2] = created.body.credentials as Credential[];
    const p1 = await putPart(c1.url, randomBytes(5 * MIB));
    const p2 = await putPart(c2.url, randomBytes(1000));
    // A part URL for another file, a bad part number, no Content-Length: refused.
    expect((await putPart(c1.url.replace("/x.bin?", "/y.bin?"), Buffer.from("x"))).status).toBe(400);
    expect((await putPart(c1.url.replace("part_number=1", "part_number=0"), Buffer.from("x"))).status).toBe(400);
    expect((await putPart(c1.url.replace("part_number=1", "part_number=abc"), Buffer.from("x"))).status).toBe(400);
    const segments = ["part", ...`${base}/bad/x.bin`.split("/")];
    const chunked = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array([1])), c.close()) });
    const noLength = new Request(c1.url, { method: "PUT", body: chunked, duplex: "half" } as RequestInit);
    expect((await mpuRoute.PUT(noLength, { params: Promise.resolve({ path: segments }) })).status).toBe(400);
    // Parts out of order, none at all, an unknown upload id: refused.
    const e1 = p1.headers.get("etag")!;
    const e2 = p2.headers.get("etag")!;
    r = await mpu("complete", `${base}/bad`, { path: "x.bin", upload_id: uploadId, parts: [{ part_number: 2, etag: e2 }, { part_number: 1, etag: e1 }] });
    expect(r.status).toBe(400);
    r = await mpu("complete", `${base}/bad`, { path: "x.bin", upload_id: uploadId, parts: [] });
    expect(r.status).toBe(400);
    r = await mpu("complete", `${base}/bad`, { path: "x.bin", upload_id: "x".repeat(16) + ".0", parts: [{ part_number: 1, etag: e1 }] });
    expect(r.status).toBe(400);
    expect(await rawList(`${base}/bad`)).toEqual([]);
    // The same upload still completes afterwards.
    r = await mpu("complete", `${base}/bad`, { path: "x.bin", upload_id: uploadId, parts: [{ part_number: 1, etag: e1 }, { part_number: 2, etag: e2 }] });
    expect(r).toEqual({ status: 200, body: {} });
    expect(await rawList(`${base}/bad`)).toEqual(["x.bin"]);
    // Like a plain upload, a multipart one cannot turn a file into a directory.
    r = await mpu("create", `${base}/bad/x.bin`, { path: "inner.bin", num_parts: 1 });
    expect(r).toMatchObject({ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } });
  });
});

describe("presigned (ranged) downloads", () => {
  test("answer this server's own download URL, the caller's credentials and the size; ranges of it reassemble the file", async () => {
    const base = uniqueName("presigned");
    const data = randomBytes(3 * MIB + 7);
    await callArtifacts(artifactsRoute.PUT, "PUT", `${base}/data.bin`, { body: data });
    const segments = `${base}/data.bin`.split("/");
    const req = new Request(`${ORIGIN}/api/2.0/mlflow-artifacts/presigned/${segments.join("/")}`, { headers: { Authorization: "Basic dTpw", "X-Forwarded-Host": "runboard.example.com", "X-Forwarded-Proto": "https" } });
    const res = await presignedRoute.GET(req, { params: Promise.resolve({ path: segments }) });
    const body = (await res.json()) as { url: string; headers: Record<string, string>; file_size: number };
    expect(body).toEqual({ url: `https://runboard.example.com/api/2.0/mlflow-artifacts/artifacts/${base}/data.bin`, headers: { Authorization: "Basic dTpw" }, file_size: data.length });
    const chunk = MIB;
    const pieces = await Promise.all(
      Array.from({ length: Math.ceil(data.length / chunk) }, async (_, i) => {
        const r = await callArtifacts(artifactsRoute.GET, "GET", `${base}/data.bin`, { headers: { Range: `bytes=${i * chunk}-${Math.min(data.length, (i + 1) * chunk) - 1}` } });
        expect(r.status).toBe(206);
        return Buffer.from(await r.arrayBuffer());
      }),
    );
    expect(sha256(Buffer.concat(pieces))).toBe(sha256(data));
    const missing = await presignedRoute.GET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({ path: [base, "nope.bin"] }) });
    expect(missing.status).toBe(404);
    const traversal = await presignedRoute.GET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({ path: ["..", "etc"] }) });
    expect(traversal.status).toBe(400);
  });
});
