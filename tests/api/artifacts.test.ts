// Contract tests for the proxied artifact service and artifacts/list (docs/mlflow-compatibility.md#artifacts), the UI
// download helper /get-artifact and the multipart stubs — in-process against real files.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as artifactsRoute from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";
import * as listRoute from "@/app/api/2.0/mlflow/artifacts/list/route";
import * as getArtifactRoute from "@/app/get-artifact/route";
import { backend, localRoot, rawBucketKeys, rawDelete, rawList, rawRead, rawWrite, s3Prefix } from "@/tests/artifact-backend";
import { callArtifacts, json, makeExperiment, makeRun } from "@/tests/api/artifact-fixtures";
import { call, uniqueName } from "@/tests/helpers";

const A = artifactsRoute;
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function put(rel: string | string[], body: BodyInit, contentType = "application/octet-stream") {
  return callArtifacts(A.PUT, "PUT", rel, { body, headers: { "Content-Type": contentType } });
}

describe("PUT / GET / list / DELETE /api/2.0/mlflow-artifacts/artifacts", () => {
  const base = uniqueName("rt");

  test("round trip with nested directories", async () => {
    for (const [p, body] of [
      [`${base}/model/MLmodel`, "flavors:\n  python_function: {}\n"],
      [`${base}/model/sub/dir/weights.bin`, "\u0000\u0001binary"],
      [`${base}/metrics.csv`, "step,loss\n0,1.0\n"],
    ] as const) {
      const res = await put(p, body);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({});
    }
    // Listing: basenames, sorted, file_size only for files.
    let res = await callArtifacts(A.GET, "GET", [], { query: { path: base } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      files: [
        { path: "metrics.csv", is_dir: false, file_size: 16 },
        { path: "model", is_dir: true },
      ],
    });
    res = await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/model/sub` } });
    expect(await json(res)).toEqual({ files: [{ path: "dir", is_dir: true }] });
    // Listing a file or a missing path: no files at all.
    expect(await json(await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/metrics.csv` } }))).toEqual({});
    expect(await json(await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/nope` } }))).toEqual({});
    // Root listing (no path) includes our directory.
    const root = (await json(await callArtifacts(A.GET, "GET", []))) as { files: { path: string; is_dir: boolean }[] };
    expect(root.files).toContainEqual({ path: base, is_dir: true });

    res = await callArtifacts(A.GET, "GET", `${base}/model/sub/dir/weights.bin`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("\u0000\u0001binary");
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=weights.bin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-length")).toBe("8");

    res = await callArtifacts(A.GET, "GET", `${base}/model/MLmodel`);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("flavors:\n  python_function: {}\n");
  });

  test("a JSON body sent as application/json is stored byte for byte, never parsed", async () => {
    const text = '{"b": 2,   "a": [1, 2.50, "é"],\n "n": null}\n';
    const res = await put(`${base}/input_example.json`, text, "application/json");
    expect(res.status).toBe(200);
    const got = await callArtifacts(A.GET, "GET", `${base}/input_example.json`);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(text))).toBe(true);
    // Not even valid JSON is a problem: it is just bytes.
    expect((await put(`${base}/broken.json`, "{not json", "application/json")).status).toBe(200);
    expect(await (await callArtifacts(A.GET, "GET", `${base}/broken.json`)).text()).toBe("{not json");
  });

  test("empty files, overwrite, names with spaces and unicode", async () => {
    expect((await put(`${base}/empty.txt`, "")).status).toBe(200);
    const e = await callArtifacts(A.GET, "GET", `${base}/empty.txt`);
    expect(e.status).toBe(200);
    expect(await e.text()).toBe("");
    await put(`${base}/over.txt`, "one");
    await put(`${base}/over.txt`, "two!");
    expect(await (await callArtifacts(A.GET, "GET", `${base}/over.txt`)).text()).toBe("two!");
    await put(`${base}/dir with space/résumé v2.txt`, "ok");
    const res = await callArtifacts(A.GET, "GET", `${base}/dir with space/résumé v2.txt`);
    expect(await res.text()).toBe("ok");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="r_sum_ v2.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20v2.txt`);
  });

  test("50 MB streamed upload and download keep their sha256", async () => {
    const chunk = 1024 * 1024;
    const total = 50;
    const up = createHash("sha256");
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === total) return controller.close();
        const b = randomBytes(chunk);
        up.update(b);
        sent++;
        controller.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.length));
      },
    });
    const res = await put(`${base}/big/blob.bin`, body);
    expect(res.status).toBe(200);
    const expected = up.digest("hex");
    const listing = await json(await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/big` } }));
    expect(listing).toEqual({ files: [{ path: "blob.bin", is_dir: false, file_size: total * chunk }] });

    const down = await callArtifacts(A.GET, "GET", `${base}/big/blob.bin`);
    expect(down.headers.get("content-length")).toBe(String(total * chunk));
    const h = createHash("sha256");
    let received = 0;
    for await (const part of down.body as unknown as AsyncIterable<Uint8Array>) {
      h.update(part);
      received += part.length;
    }
    expect(received).toBe(total * chunk);
    expect(h.digest("hex")).toBe(expected);

    // Range requests read a slice without the rest.
    const whole = (await rawRead(`${base}/big/blob.bin`))!;
    expect(sha256(whole)).toBe(expected);
    const r = await callArtifacts(A.GET, "GET", `${base}/big/blob.bin`, { headers: { Range: "bytes=1000-1999" } });
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe(`bytes 1000-1999/${total * chunk}`);
    expect(r.headers.get("content-length")).toBe("1000");
    expect(sha256(Buffer.from(await r.arrayBuffer()))).toBe(sha256(whole.subarray(1000, 2000)));
    const tail = await callArtifacts(A.GET, "GET", `${base}/big/blob.bin`, { headers: { Range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 10))).toBe(true);
    const open = await callArtifacts(A.GET, "GET", `${base}/big/blob.bin`, { headers: { Range: `bytes=${total * chunk - 5}-` } });
    expect(open.headers.get("content-range")).toBe(`bytes ${total * chunk - 5}-${total * chunk - 1}/${total * chunk}`);
    expect((await open.arrayBuffer()).byteLength).toBe(5);
    const bad = await callArtifacts(A.GET, "GET", `${base}/big/blob.bin`, { headers: { Range: `bytes=${total * chunk}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get("content-range")).toBe(`bytes */${total * chunk}`);
    await rawDelete(`${base}/big`);
  });

  test("DELETE removes files and whole trees; answers {}", async () => {
    await put(`${base}/del/a/1.txt`, "1");
    await put(`${base}/del/a/2.txt`, "2");
    await put(`${base}/del/keep.txt`, "k");
    let res = await callArtifacts(A.DELETE, "DELETE", `${base}/del/a`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    expect(await json(await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/del` } }))).toEqual({
      files: [{ path: "keep.txt", is_dir: false, file_size: 1 }],
    });
    res = await callArtifacts(A.DELETE, "DELETE", `${base}/del/keep.txt`);
    expect(res.status).toBe(200);
    expect(await json(await callArtifacts(A.GET, "GET", [], { query: { path: `${base}/del` } }))).toEqual({});
    // Missing paths: nothing to do.
    expect((await callArtifacts(A.DELETE, "DELETE", `${base}/del/never`)).status).toBe(200);
    // The whole root: refused.
    res = await callArtifacts(A.DELETE, "DELETE", []);
    expect(res.status).toBe(400);
    expect((await json(res)).error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  test("errors are MLflow JSON", async () => {
    let res = await callArtifacts(A.GET, "GET", `${base}/does/not/exist.txt`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await json(res)).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `Artifact '${base}/does/not/exist.txt' does not exist.` });
    await put(`${base}/d/x.txt`, "x");
    res = await callArtifacts(A.GET, "GET", `${base}/d`);
    expect(res.status).toBe(400);
    expect((await json(res)).error_code).toBe("INVALID_PARAMETER_VALUE");
    res = await put(`${base}/d/x.txt/child`, "x");
    expect(res.status).toBe(400);
    res = await put([], "x");
    expect(res.status).toBe(400);
  });
});

// A directory of several backend pages (1,000 entries each) is written out a page at a time and
// is byte for byte the listing built whole. Local only: s3rver takes ~10 s per thousand objects
// (the S3 store's paging is tested with a small page in s3-store.test.ts).
test.runIf(backend() === "local")("a listing of 2,345 files is streamed a backend page at a time, in order, with every size", async () => {
  const dir = uniqueName("big-listing");
  const names = Array.from({ length: 2345 }, (_, i) => `f${String(i).padStart(4, "0")}`);
  await rawWrite(names.map((n, i) => ({ path: `${dir}/${n}`, data: "x".repeat(i % 7) })));
  await rawWrite([{ path: `${dir}/d1/inner`, data: "" }, { path: `${dir}/zz/inner`, data: "" }]);
  const res = await callArtifacts(A.GET, "GET", [], { query: { path: dir } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let text = "";
  let pieces = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    text += new TextDecoder().decode(r.value);
    pieces++;
  }
  expect(pieces).toBe(4); // three pages of entries and the closing piece
  const expected = {
    files: [{ path: "d1", is_dir: true }, ...names.map((n, i) => ({ path: n, is_dir: false, file_size: i % 7 })), { path: "zz", is_dir: true }],
  };
  expect(text).toBe(JSON.stringify(expected));
});

describe("path traversal is refused and nothing lands outside the root", () => {
  const base = uniqueName("trav");
  const marker = `escape-${randomBytes(4).toString("hex")}`;
  let outside: string;
  let rootParent: string;
  let before: string[];
  const local = backend() === "local";

  beforeAll(async () => {
    await put(`${base}/seed.txt`, "seed");
    if (local) {
      outside = await mkdtemp(path.join(os.tmpdir(), "runboard-outside-"));
      rootParent = path.dirname(localRoot());
      await symlink(outside, path.join(localRoot(), base, "escape-link"));
      before = (await readdir(rootParent)).sort();
    }
  });
  afterAll(async () => {
    if (local) await rm(outside, { recursive: true, force: true });
  });

  // Segments as Next.js decodes them from the URL (…/a%2Fb arrives as "a/b", %00 as NUL, …).
  // Plain `..` and `%2e%2e` segments are resolved by the URL parser before routing; when they
  // still reach the handler (e.g. `%252e%252e` → "%2e%2e") they are refused here.
  test.each([
    [["..", marker]],
    [[base, "..", "..", marker]],
    [[base, "%2e%2e", "%2e%2e", marker]],
    [[base, "%2E%2E", marker]],
    [[base, ".", marker]],
    [[base, "..%2f..%2f" + marker]],
    [["/etc", marker]],
    [[`..${"/"}..`, marker]],
    [[base, `a\\..\\..\\${marker}`]],
    [[base, `x\u0000${marker}`]],
    [[".runboard-mpu", marker]],
  ])("PUT %j → 400", async (segments) => {
    const res = await put(segments, "evil");
    expect(res.status).toBe(400);
    expect((await json(res)).error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  test.runIf(local).each([[[base, "escape-link", marker]], [[base, "escape-link", "deeper", marker]]])("PUT through an escaping symlink %j → 400", async (segments) => {
    const res = await put(segments, "evil");
    expect(res.status).toBe(400);
    expect((await json(res)).error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  test.each([["../x"], ["/etc"], [`${"%2e%2e"}/x`], ["a/../../x"], ["a\\b"], ["a\u0000b"]])("list ?path=%j → 400", async (p) => {
    const res = await callArtifacts(A.GET, "GET", [], { query: { path: p } });
    expect(res.status).toBe(400);
    expect((await json(res)).error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  test("GET and DELETE through traversal are refused too", async () => {
    expect((await callArtifacts(A.GET, "GET", ["..", "etc", "passwd"])).status).toBe(400);
    expect((await callArtifacts(A.DELETE, "DELETE", ["..", base])).status).toBe(400);
    expect((await callArtifacts(A.DELETE, "DELETE", [base, "%2e%2e"])).status).toBe(400);
  });

  test.runIf(local)("GET and DELETE through an escaping symlink are refused; deleting the link removes only the link", async () => {
    expect([400, 404]).toContain((await callArtifacts(A.GET, "GET", [base, "escape-link"])).status);
    expect((await callArtifacts(A.GET, "GET", [base, "escape-link", "x"])).status).toBe(400);
    expect((await callArtifacts(A.DELETE, "DELETE", [base, "escape-link"])).status).toBe(200);
  });

  test("nothing was written outside the root", async () => {
    expect(await rawList(base)).toEqual(["seed.txt"]);
    if (local) {
      expect(await readdir(outside)).toEqual([]);
      expect((await readdir(rootParent)).sort()).toEqual(before);
      expect(await readdir(os.tmpdir())).not.toContain(marker);
      expect(await readdir(path.dirname(rootParent))).not.toContain(marker);
    } else {
      const keys = await rawBucketKeys();
      expect(keys.filter((k) => k.includes(marker))).toEqual([]);
      expect(keys.filter((k) => !k.startsWith(`${s3Prefix()}/`))).toEqual([]);
    }
  });
});

describe("GET /api/2.0/mlflow/artifacts/list", () => {
  test("run-relative paths, root_uri, nested listing", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    const prefix = `${exp.id}/${run.runId}/artifacts`;
    await put(`${prefix}/model/MLmodel`, "flavors: {}\n");
    await put(`${prefix}/model/conda.yaml`, "name: env\n");
    await put(`${prefix}/plot.png`, "\x89PNG");
    let res = await call(listRoute.GET, "GET", { run_id: run.runId });
    expect(res).toEqual({
      status: 200,
      body: { root_uri: run.artifactUri, files: [{ path: "model", is_dir: true }, { path: "plot.png", is_dir: false, file_size: 5 }] },
    });
    res = await call(listRoute.GET, "GET", { run_uuid: run.runId, path: "model" });
    expect(res.body).toEqual({
      root_uri: run.artifactUri,
      files: [
        { path: "model/MLmodel", is_dir: false, file_size: 12 },
        { path: "model/conda.yaml", is_dir: false, file_size: 10 },
      ],
    });
    // A file or a missing directory: no files.
    expect((await call(listRoute.GET, "GET", { run_id: run.runId, path: "plot.png" })).body).toEqual({ root_uri: run.artifactUri });
    expect((await call(listRoute.GET, "GET", { run_id: run.runId, path: "nothing" })).body).toEqual({ root_uri: run.artifactUri });
  });

  test("errors", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    let res = await call(listRoute.GET, "GET", {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    });
    res = await call(listRoute.GET, "GET", { run_id: "f".repeat(32) });
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    res = await call(listRoute.GET, "GET", { run_id: run.runId, path: "../../etc" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: "Invalid path" }); // MLflow's exact text
    res = await call(listRoute.GET, "GET", { run_id: run.runId, page_token: "garbage" });
    expect(res.status).toBe(400);
  });
});

describe("GET /get-artifact (UI download helper)", () => {
  test("streams a run's file with download headers and Range support", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    await put(`${exp.id}/${run.runId}/artifacts/reports/summary.json`, '{"ok": true}', "application/json");
    const req = (q: string, headers: Record<string, string> = {}) =>
      getArtifactRoute.GET(new Request(`http://runboard.test/get-artifact?${q}`, { headers }), { params: Promise.resolve({}) });
    let res = await req(`run_id=${run.runId}&path=reports/summary.json`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"ok": true}');
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=summary.json");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    res = await req(`run_id=${run.runId}&path=reports/summary.json`, { Range: "bytes=1-4" });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('"ok"');
    res = await req(`run_id=${run.runId}&path=reports/missing.json`);
    expect(res.status).toBe(404);
    expect((await json(res)).error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    res = await req(`run_id=${run.runId}&path=../../../etc/passwd`);
    expect(res.status).toBe(400);
    expect((await json(res)).message).toBe("Invalid path");
    res = await req(`run_id=${run.runId}`);
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(/'path'/);
    res = await req(`run_id=${"a".repeat(32)}&path=x`);
    expect(res.status).toBe(404);
  });
});
