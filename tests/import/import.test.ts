// `npm run import` end to end against a real source server: a second Runboard instance (it speaks
// MLflow's protocol) is filled through the MLflow REST API with every kind of entity, imported
// into a third through a small HTTP proxy that can inject failures, and the two are compared
// field by field, artifacts byte for byte (tests/import/compare.mjs). Then: a second import copies
// nothing; changes at the source are copied alone; 500s are retried with backoff; a 404 fails
// one run with its reason and the next import copies it; an interrupted import resumes; page
// tokens are followed (page size 2). Both servers run with RUNBOARD_AUTH on: the importer signs in
// to each as an administrator (the second import is the CLI itself, with the credentials in the
// environment). Needs a production build (npm test builds first).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { promisify } from "node:util";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInstance } from "@/scripts/lib/instance.mjs";
import { httpClient } from "@/scripts/lib/import/http.mjs";
import { Progress } from "@/scripts/lib/import/progress.mjs";
import { runImport } from "@/scripts/lib/import/run.mjs";
import { mlflowSource } from "@/scripts/lib/import/source.mjs";
import { runboardTarget } from "@/scripts/lib/import/target.mjs";
import { compareServers } from "@/tests/import/compare.mjs";

const hasBuild = existsSync(path.resolve(".next/BUILD_ID"));
const u = randomBytes(3).toString("hex");
// Each server's administrator (the source's stands for the MLflow server's credentials).
const SRC_ADMIN = { username: "src-admin", password: "source-admin-password" };
const DST_ADMIN = { username: "dst-admin", password: "target-admin-password" };
const basicAuth = (c: { username: string; password: string }) => "Basic " + Buffer.from(`${c.username}:${c.password}`).toString("base64");
const authFor = (base: string) => basicAuth(base === target?.url ? DST_ADMIN : SRC_ADMIN);
const authEnv = (c: { username: string; password: string }) => ({ RUNBOARD_AUTH: "on", RUNBOARD_ADMIN_USERNAME: c.username, RUNBOARD_ADMIN_PASSWORD: c.password });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- MLflow JSON in a test

let source: Awaited<ReturnType<typeof startInstance>>;
let target: Awaited<ReturnType<typeof startInstance>>;
let proxy: http.Server;
let proxyUrl = "";
/** Decides, per request through the proxy, whether to answer it with an injected status. */
let inject: (req: http.IncomingMessage, body: Buffer) => number | null = () => null;

async function call(base: string, method: string, p: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { Authorization: authFor(base), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}
const post = (base: string, p: string, body: unknown) => call(base, "POST", `/api/2.0/mlflow/${p}`, body);
const put = async (base: string, artifactUri: string, rel: string, content: string | Buffer) => {
  const file = rel.split("/").map(encodeURIComponent).join("/");
  const url = artifactUri.startsWith("http") ? `${artifactUri}/${file}` : `${base}/api/2.0/mlflow-artifacts/artifacts/${artifactUri.replace(/^mlflow-artifacts:\/*/, "")}/${file}`;
  const res = await fetch(url, { method: "PUT", headers: { Authorization: authFor(base) }, body: typeof content === "string" ? content : new Uint8Array(content) });
  expect(res.status).toBe(200);
};

async function newRun(exp: string, name: string, extra: Json = {}) {
  return (await post(source.url, "runs/create", { experiment_id: exp, run_name: name, start_time: 1_700_000_000_000 + Math.floor(Math.random() * 1e6), user_id: "alice", ...extra })).run.info as Json;
}

/** Fills the source with every kind of entity, the way the MLflow client does. */
async function fill() {
  const S = source.url;
  // The target already has an experiment with id 1 (so the source's id 1 is mapped) and one
  // named like a source experiment (so it is merged).
  await post(target.url, "experiments/create", { name: `t-own-${u}` });
  await post(target.url, "experiments/create", { name: `shared-${u}`, tags: [{ key: "here", value: "yes" }] });

  const a = (await post(S, "experiments/create", { name: `imp-a-${u}`, tags: [{ key: "team", value: "ml" }, { key: "mlflow.note.content", value: "notes ✓" }] })).experiment_id;
  const b = (await post(S, "experiments/create", { name: `imp-b-${u}` })).experiment_id;
  const shared = (await post(S, "experiments/create", { name: `shared-${u}` })).experiment_id;

  // A prompt with two versions and an alias (created as the MLflow client registers prompts).
  const prompt = `pr_${u}`;
  await post(S, "registered-models/create", { name: prompt, description: "greets", tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }, { key: "team", value: "ml" }] });
  await post(S, "model-versions/create", { name: prompt, source: "prompt-template", description: "v1", tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }, { key: "mlflow.prompt.text", value: "Hi {{name}}" }, { key: "_mlflow_prompt_type", value: "text" }] });
  await post(S, "model-versions/create", {
    name: prompt,
    source: "prompt-template",
    description: "v2",
    tags: [
      { key: "mlflow.prompt.is_prompt", value: "true" },
      { key: "mlflow.prompt.text", value: JSON.stringify([{ role: "system", content: "Be {{tone}}" }, { role: "user", content: "{{q}}" }]) },
      { key: "_mlflow_prompt_type", value: "chat" },
      { key: "_mlflow_prompt_response_format", value: '{"type": "object"}' },
      { key: "lang", value: "en" },
    ],
  });
  await post(S, "registered-models/alias", { name: prompt, alias: "production", version: "2" });
  const linked = JSON.stringify([{ name: prompt, version: "2" }]);

  // Runs: a parent with nested children, params, tags, histories with special values.
  const parent = await newRun(a, "sweep", { tags: [{ key: "stage", value: "sweep" }, { key: "mlflow.linkedPrompts", value: linked }] });
  const loss = Array.from({ length: 240 }, (_, s) => ({ key: "loss", value: 1 / (s + 1), timestamp: 1_700_000_000_000 + s, step: s }));
  // 120 points all at step 0: the bulk read's estimate is wrong for it, so its answer is cut short.
  const flat = Array.from({ length: 120 }, (_, i) => ({ key: "flat", value: i % 7, timestamp: 1_700_000_100_000 + i, step: 0 }));
  const odd = [{ key: "odd", value: "NaN", timestamp: 5, step: -3 }, { key: "odd", value: "Infinity", timestamp: 6, step: 9_007_199_254 }, { key: "odd", value: "-Infinity", timestamp: 7, step: 2 }];
  await post(S, "runs/log-batch", { run_id: parent.run_id, params: [{ key: "lr", value: "0.1" }, { key: "long", value: "x".repeat(5000) }], metrics: [...loss, ...odd] });
  await post(S, "runs/log-batch", { run_id: parent.run_id, metrics: flat });
  await put(S, parent.artifact_uri, "notes.txt", "hello artifacts\n");
  await put(S, parent.artifact_uri, "dir/sub/data.bin", randomBytes(300_000));
  await put(S, parent.artifact_uri, "spaces and ünïcode.txt", "ü\n");
  await post(S, "runs/update", { run_id: parent.run_id, status: "FINISHED", end_time: 1_700_000_900_000 });
  for (const i of [1, 2]) {
    const child = await newRun(a, `trial-${i}`, { tags: [{ key: "mlflow.parentRunId", value: parent.run_id }] });
    await post(S, "runs/log-batch", { run_id: child.run_id, params: [{ key: "i", value: String(i) }], metrics: [{ key: "score", value: i / 2, timestamp: 10, step: 0 }, { key: "loss", value: 0.5, timestamp: 11, step: 1 }] });
    await post(S, "runs/log-inputs", { run_id: child.run_id, datasets: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset: { name: "toy", digest: "d1", source_type: "code", source: "{}", schema: '{"a": 1}', profile: '{"rows": 2}' } }] });
    await post(S, "runs/update", { run_id: child.run_id, status: i === 1 ? "FAILED" : "KILLED", end_time: 1_700_000_500_000 });
  }

  // A run that produced a logged model (artifacts, params, tags, metrics with model_id) that is registered.
  const modelRun = await newRun(a, "model-run");
  const { model } = await post(S, "logged-models", { experiment_id: a, name: "echo", source_run_id: modelRun.run_id, model_type: "pyfunc", params: [{ key: "k", value: "v" }], tags: [{ key: "mlflow.linkedPrompts", value: linked }] });
  const modelId = model.info.model_id as string;
  await post(S, "runs/outputs", { run_id: modelRun.run_id, models: [{ model_id: modelId, step: 0 }] });
  await post(S, "runs/log-batch", { run_id: modelRun.run_id, metrics: [{ key: "acc", value: 0.8, timestamp: 20, step: 0 }] });
  await post(S, "runs/log-batch", { run_id: modelRun.run_id, metrics: [{ key: "acc", value: 0.9, timestamp: 21, step: 1, model_id: modelId, dataset_name: "eval", dataset_digest: "e1" }] });
  await put(S, model.info.artifact_uri, "MLmodel", "flavors: {}\n");
  await put(S, model.info.artifact_uri, "data/model.pkl", randomBytes(4096));
  await call(S, "PATCH", `/api/2.0/mlflow/logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" });
  await post(S, "runs/update", { run_id: modelRun.run_id, status: "FINISHED", end_time: 1_700_000_600_000 });

  const reg = `reg-${u}`;
  await post(S, "registered-models/create", { name: reg, description: "the echo model", tags: [{ key: "owner", value: "bob" }] });
  await post(S, "model-versions/create", { name: reg, source: `runs:/${modelRun.run_id}/model`, run_id: modelRun.run_id });
  await post(S, "model-versions/create", { name: reg, source: `models:/${modelId}`, run_id: modelRun.run_id, model_id: modelId, tags: [{ key: "validated", value: "yes" }] });
  await post(S, "model-versions/create", { name: reg, source: `mlflow-artifacts:/${a}/${modelRun.run_id}/artifacts/model`, run_id: modelRun.run_id });
  await call(S, "DELETE", "/api/2.0/mlflow/model-versions/delete", { name: reg, version: "1" });
  await post(S, "registered-models/alias", { name: reg, alias: "champion", version: "3" });
  await post(S, "model-versions/transition-stage", { name: reg, version: "2", stage: "Staging" });

  // A deleted run, and a deleted experiment with a run.
  const gone = await newRun(a, "gone");
  await post(S, "runs/delete", { run_id: gone.run_id });
  const inB = await newRun(b, "in-b");
  await post(S, "runs/log-batch", { run_id: inB.run_id, metrics: [{ key: "m", value: 1, timestamp: 1, step: 0 }] });
  await post(S, "experiments/delete", { experiment_id: b });
  await newRun(shared, "in-shared");
  // An experiment whose artifact location is the HTTP form of the store: its artifacts are read
  // through the tracking API (artifacts/list, get-artifact) rather than the proxied service.
  const httpExp = (await post(S, "experiments/create", { name: `http-${u}`, artifact_location: `${S}/api/2.0/mlflow-artifacts/artifacts/http-${u}` })).experiment_id;
  const viaHttp = await newRun(httpExp, "via-http");
  await put(S, viaHttp.artifact_uri, "deep/er/x.json", '{"a": 1}');
  return { a, b, shared, parent, modelId, prompt, reg };
}

function importer(opts: Json = {}) {
  const src = mlflowSource(httpClient({ baseUrl: proxyUrl, label: "source", authorization: basicAuth(SRC_ADMIN), backoffMs: 5, maxBackoffMs: 50 }), { pageSize: 2, bulkMaxPoints: 50 });
  const tgt = runboardTarget(httpClient({ baseUrl: target.url, label: "Runboard", authorization: basicAuth(DST_ADMIN), backoffMs: 5, maxBackoffMs: 50 }));
  return { src, tgt, run: () => runImport({ source: src, target: tgt, sourceUrl: proxyUrl, targetUrl: target.url, progress: new Progress({ mode: "none" }), concurrency: 4, pointsPerRequest: 100, ...opts, ...(opts.wrap ? { target: opts.wrap(tgt) } : {}) }) };
}

const compare = () => compareServers(source.url, target.url, { allowMerged: ["Default", `shared-${u}`], auth: { source: basicAuth(SRC_ADMIN), target: basicAuth(DST_ADMIN) } });
const counts = (r: Json, phase: string) => ({ copied: r.counts[phase]?.copied ?? 0, skipped: r.counts[phase]?.skipped ?? 0, failed: r.counts[phase]?.failed ?? 0 });

describe.skipIf(!hasBuild)("npm run import from a live source server", () => {
  let data: Awaited<ReturnType<typeof fill>>;
  beforeAll(async () => {
    const serverUrl = process.env.RUNBOARD_TEST_SERVER_URL ?? process.env.DATABASE_URL!;
    [source, target] = await Promise.all([startInstance({ serverUrl, name: "source", env: authEnv(SRC_ADMIN) }), startInstance({ serverUrl, name: "target", env: authEnv(DST_ADMIN) })]);
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const status = inject(req, body);
        if (status) {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ error_code: status === 404 ? "RESOURCE_DOES_NOT_EXIST" : "INTERNAL_ERROR", message: "injected by the test proxy" }));
          return;
        }
        const up = http.request(`${source.url}${req.url}`, { method: req.method, headers: req.headers }, (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        });
        up.on("error", () => res.destroy());
        up.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    data = await fill();
  }, 120_000);
  afterAll(async () => {
    proxy?.close();
    await Promise.all([source?.stop(), target?.stop()]);
  });

  test("copies everything, retrying injected 500s; ids kept, experiment ids mapped; a second import copies nothing", async () => {
    // Every fifth distinct request fails once with a 500 (the retry goes through).
    const seen = new Set<string>();
    let n = 0;
    let injected = 0;
    inject = (req, body) => {
      const k = `${req.method} ${req.url} ${body.toString("base64").slice(0, 200)}`;
      if (seen.has(k)) return null;
      seen.add(k);
      if (++n % 5 !== 0) return null;
      injected++;
      return 500;
    };
    const first = await importer().run();
    inject = () => null;
    expect(first.error).toBeUndefined();
    expect(first.failures).toEqual([]);
    expect(first.status).toBe("finished");
    expect(injected).toBeGreaterThan(5);
    expect(first.requests.source.retries).toBeGreaterThanOrEqual(injected);
    expect(counts(first, "runs")).toEqual({ copied: 8, skipped: 0, failed: 0 });
    expect(counts(first, "logged models")).toEqual({ copied: 1, skipped: 0, failed: 0 });
    expect(counts(first, "registered models").copied).toBe(1);
    expect(counts(first, "prompts").copied).toBe(1);
    const byName = new Map(first.experiments.map((e: Json) => [e.name, e]));
    expect(byName.get(`imp-a-${u}`)).toMatchObject({ source_id: data.a, id_kept: false, result: "created" });
    expect(byName.get(`shared-${u}`)).toMatchObject({ result: "merged" });

    const { differences, counts: seenCounts } = await compare();
    expect(differences).toEqual([]);
    expect(seenCounts).toMatchObject({ runs: 8, loggedModels: 1, registeredModels: 2, modelVersions: 4 });
    expect(seenCounts.metricPoints).toBeGreaterThan(360);
    expect(seenCounts.artifactFiles).toBe(6);
    // The report is stored with the job.
    const jobs = await call(target.url, "GET", "/api/2.0/runboard/import/jobs?limit=5", undefined);
    // Without credentials the import endpoints refuse (auth is on).
    expect((await fetch(`${target.url}/api/2.0/runboard/import/jobs`)).status).toBe(401);
    expect(jobs.jobs[0]).toMatchObject({ job_id: first.job_id, status: "finished" });
    expect(jobs.jobs[0].report.counts.runs.copied).toBe(8);

    // The second import is the command line, credentials from the environment (MLflow's
    // variables for the source, RUNBOARD_* for Runboard), its report written as JSON.
    const dir = mkdtempSync(path.join(os.tmpdir(), "import-cli-"));
    const reportFile = path.join(dir, "report.json");
    let again: Json;
    try {
      const cli = await promisify(execFile)(process.execPath, ["scripts/import.mjs", "--from", proxyUrl, "--to", target.url, "--progress", "none", "--report", reportFile], {
        env: {
          ...process.env,
          MLFLOW_TRACKING_USERNAME: SRC_ADMIN.username,
          MLFLOW_TRACKING_PASSWORD: SRC_ADMIN.password,
          RUNBOARD_USERNAME: DST_ADMIN.username,
          RUNBOARD_PASSWORD: DST_ADMIN.password,
        },
      });
      expect(cli.stdout).toContain(`Report: ${reportFile}`);
      expect(cli.stdout).toMatch(/runs\s+copied 0, unchanged 8, failed 0/);
      again = JSON.parse(readFileSync(reportFile, "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(again.failures).toEqual([]);
    for (const phase of ["experiments", "registered models", "prompts", "logged models", "runs"]) expect(counts(again, phase).copied, phase).toBe(0);
    expect(counts(again, "runs").skipped).toBe(8);
    // Nothing was written: only the job's own calls reached the target.
    expect(again.requests.target.requests).toBeLessThan(12);
  });

  test("copies only what changed at the source", async () => {
    const S = source.url;
    const runs = (await post(S, "runs/search", { experiment_ids: [data.a], filter: "attributes.run_name = 'trial-1'" })).runs as Json[];
    await post(S, "runs/set-tag", { run_id: runs[0].info.run_id, key: "reviewed", value: "yes" });
    const fresh = await newRun(data.a, "fresh");
    await put(S, fresh.artifact_uri, "f.txt", "new\n");
    await post(S, "model-versions/create", { name: data.prompt, source: "prompt-template", tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }, { key: "mlflow.prompt.text", value: "Hello {{name}}!" }] });
    const r = await importer().run();
    expect(r.failures).toEqual([]);
    expect(counts(r, "runs")).toEqual({ copied: 2, skipped: 7, failed: 0 });
    expect(counts(r, "prompts")).toEqual({ copied: 1, skipped: 0, failed: 0 });
    expect(counts(r, "registered models")).toEqual({ copied: 0, skipped: 1, failed: 0 });
    expect((await compare()).differences).toEqual([]);
  });

  test("a 404 from the source fails that run with its reason; the next import copies it; an interrupted import resumes", async () => {
    const S = source.url;
    const broken = await newRun(data.a, "broken");
    await put(S, broken.artifact_uri, "missing.txt", "soon gone\n");
    inject = (req) => (req.url?.includes(broken.run_id) && /^\/get-artifact|\/mlflow-artifacts\/artifacts\//.test(req.url) ? 404 : null);
    const r = await importer().run();
    inject = () => null;
    expect(counts(r, "runs")).toMatchObject({ copied: 0, failed: 1 });
    expect(r.failures).toEqual([expect.objectContaining({ kind: "run", id: broken.run_id, reason: expect.stringContaining("404") })]);
    // Nothing of the failed run landed.
    await expect(call(target.url, "GET", `/api/2.0/mlflow/runs/get?run_id=${broken.run_id}`)).rejects.toThrow(/404/);

    // Three more runs; the import is interrupted after its first run commit.
    for (const i of [1, 2, 3]) {
      const run = await newRun(data.a, `late-${i}`);
      await post(S, "runs/log-batch", { run_id: run.run_id, metrics: Array.from({ length: 30 }, (_, s) => ({ key: "m", value: s, timestamp: s, step: s })) });
    }
    const abort = new AbortController();
    const interrupted = await importer({
      signal: abort.signal,
      concurrency: 1,
      wrap: (t: ReturnType<typeof runboardTarget>) => ({
        ...t,
        run: async (body: unknown) => {
          const out = await t.run(body);
          abort.abort();
          return out;
        },
      }),
    }).run();
    expect(interrupted.status).toBe("interrupted");
    // The runs in flight when it stopped were finished; the rest is left for the next import.
    expect(counts(interrupted, "runs").copied).toBeGreaterThanOrEqual(1);
    expect(counts(interrupted, "runs").copied).toBeLessThan(4);
    const resumed = await importer().run();
    expect(resumed.status).toBe("finished");
    expect(resumed.failures).toEqual([]);
    // broken (no longer failing) and late-1..3, between the two imports.
    expect(counts(interrupted, "runs").copied + counts(resumed, "runs").copied).toBe(4);
    expect((await compare()).differences).toEqual([]);
    const jobs = (await call(target.url, "GET", "/api/2.0/runboard/import/jobs?limit=3")).jobs as Json[];
    expect(jobs.map((j) => j.status)).toEqual(["finished", "interrupted", "finished"]);
  });
});
