// Two production Runboard instances (`npm start`, each with its own RUNBOARD_HOME and port) on
// ONE PostgreSQL database and ONE bucket (a real S3-compatible server), started at the same
// moment on an empty database, the way a team runs several instances behind a load balancer:
//  - the migrations are applied exactly once (the advisory lock), both instances come up;
//  - what the MLflow client logs through one is read back, bytes included, through the other;
//  - 16 concurrent loggers, each batch sent to the other instance than the one before, lose nothing;
//  - a prompt alias moved on one instance is seen on the other at once;
//  - a UI page served by one instance submits its server actions to the other, both ways.
// Needs a production build (npm test builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../scripts/lib/embedded-db.mjs";
import { createDatabase, dropDatabase } from "../scripts/lib/migrations.mjs";
import { s3Env, startS3Server } from "../scripts/lib/s3-server.mjs";
import { uniqueName } from "@/tests/helpers";

const hasBuild = existsSync(path.resolve(".next/BUILD_ID"));
const MIGRATIONS = readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).length;

interface Instance {
  name: string;
  base: string;
  child: ChildProcess;
  output: () => string;
}

function startInstance(name: string, port: number, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["scripts/runboard.mjs"], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes("Runboard is ready")) {
        clearInterval(t);
        resolve({ name, base: `http://127.0.0.1:${port}`, child, output: () => out });
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(t);
      reject(new Error(`instance ${name} exited with ${code}:\n${out}`));
    });
  });
}

async function api(inst: Instance, method: "GET" | "POST" | "PATCH" | "DELETE", endpoint: string, body: Record<string, unknown> = {}) {
  const url = new URL(`${inst.base}/api/2.0/mlflow/${endpoint}`);
  if (method === "GET") for (const [k, v] of Object.entries(body)) url.searchParams.append(k, String(v));
  const res = await fetch(url, method === "GET" ? {} : { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${inst.name} ${method} ${endpoint} → ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- MLflow JSON, checked by the assertions
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.skipIf(!hasBuild)("two Runboard instances on one database and one bucket", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-multi-"));
  const dbName = `runboard_multi_${Date.now().toString(36)}_test`;
  const server = process.env.RUNBOARD_TEST_SERVER_URL!;
  let dbUrl: string;
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let a: Instance;
  let b: Instance;
  let browser: Browser | undefined;

  beforeAll(async () => {
    s3 = await startS3Server({ directory: path.join(tmp, "s3"), buckets: ["runboard-team"] });
    dbUrl = await createDatabase(server, dbName); // empty: both instances migrate it at once
    const shared = { DATABASE_URL: dbUrl, ...s3Env(s3.endpoint, "runboard-team", "prod"), RUNBOARD_LOG_FORMAT: "json", NEXT_TELEMETRY_DISABLED: "1" };
    const [pa, pb] = [await freePort(), await freePort()];
    [a, b] = await Promise.all([
      startInstance("A", pa, { ...shared, RUNBOARD_HOME: path.join(tmp, "a") }),
      startInstance("B", pb, { ...shared, RUNBOARD_HOME: path.join(tmp, "b") }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const i of [a, b]) if (i && i.child.exitCode === null) i.child.kill("SIGTERM");
    await Promise.all([a, b].filter(Boolean).map((i) => (i.child.exitCode !== null ? null : new Promise((r) => i.child.once("exit", r)))));
    await s3?.stop();
    await dropDatabase(server, dbName).catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  test("started together on an empty database: each migration applied once, under the advisory lock", async () => {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; n: number }>(
        `SELECT migration_name, count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY 1`,
      );
      expect(rows).toHaveLength(MIGRATIONS);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await client.end();
    }
    const applied = (o: string) => (o.match(/applied migration /g) ?? []).length;
    expect(applied(a.output()) + applied(b.output())).toBe(MIGRATIONS);
    for (const i of [a, b]) {
      const ready = await fetch(`${i.base}/health/ready`);
      expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { ok: true }, artifact_store: { ok: true, backend: "s3" } } });
    }
  });

  test("logged through A (params, metrics, tags, an artifact), read back through B", async () => {
    const { experiment_id } = await api(a, "POST", "experiments/create", { name: uniqueName("multi") });
    const { run } = await api(a, "POST", "runs/create", { experiment_id, run_name: "through-a", start_time: Date.now() });
    const runId = run.info.run_id as string;
    const metrics = Array.from({ length: 100 }, (_, step) => ({ key: "loss", value: 1 / (step + 1), timestamp: 1_700_000_000_000 + step, step }));
    await api(a, "POST", "runs/log-batch", { run_id: runId, metrics, params: [{ key: "lr", value: "0.01" }], tags: [{ key: "team", value: "ml" }] });
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const artifactUrl = (i: Instance) => `${i.base}/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/model/weights.bin`;
    expect((await fetch(artifactUrl(a), { method: "PUT", body: data, headers: { "Content-Type": "application/octet-stream" } })).status).toBe(200);

    const got = await api(b, "GET", "runs/get", { run_id: runId });
    expect(got.run.data.params).toEqual([{ key: "lr", value: "0.01" }]);
    expect(got.run.data.tags).toContainEqual({ key: "team", value: "ml" });
    expect(got.run.data.metrics).toEqual([{ key: "loss", value: 0.01, timestamp: 1_700_000_000_099, step: 99 }]);
    const history = await api(b, "GET", "metrics/get-history", { run_id: runId, metric_key: "loss", max_results: 25000 });
    expect(history.metrics).toHaveLength(100);
    const listing = await api(b, "GET", "artifacts/list", { run_id: runId, path: "model" });
    expect(listing.files).toEqual([{ path: "model/weights.bin", is_dir: false, file_size: data.length }]);
    const down = await fetch(artifactUrl(b));
    expect(sha256(Buffer.from(await down.arrayBuffer()))).toBe(sha256(data));
    const part = await fetch(artifactUrl(b), { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(100, 200))).toBe(true);
  });

  test("16 concurrent loggers, each batch through the other instance than the last, lose nothing", async () => {
    const { experiment_id } = await api(a, "POST", "experiments/create", { name: uniqueName("multi-load") });
    const LOGGERS = 16;
    const BATCHES = 12;
    const PER_BATCH = 50;
    const t0 = 1_700_000_000_000;
    const runIds = await Promise.all(
      Array.from({ length: LOGGERS }, async (_, i) => {
        const inst = i % 2 ? b : a;
        const { run } = await api(inst, "POST", "runs/create", { experiment_id, run_name: `logger-${i}`, start_time: t0 });
        const runId = run.info.run_id as string;
        for (let j = 0; j < BATCHES; j++) {
          const metrics = Array.from({ length: PER_BATCH }, (_, k) => ({ key: "x", value: j * PER_BATCH + k, timestamp: t0 + j * PER_BATCH + k, step: j * PER_BATCH + k }));
          await api((i + j) % 2 ? b : a, "POST", "runs/log-batch", { run_id: runId, metrics, params: [{ key: `p${j}`, value: String(j) }] });
        }
        await api((i + BATCHES) % 2 ? b : a, "POST", "runs/update", { run_id: runId, status: "FINISHED", end_time: t0 + 1 });
        return runId;
      }),
    );
    for (const inst of [a, b]) {
      let points = 0;
      for (const runId of runIds) {
        const h = await api(inst, "GET", "metrics/get-history", { run_id: runId, metric_key: "x", max_results: 25000 });
        expect(new Set(h.metrics.map((m: { step: number }) => m.step)).size).toBe(BATCHES * PER_BATCH);
        points += h.metrics.length;
        const r = await api(inst, "GET", "runs/get", { run_id: runId });
        expect(r.run.data.params).toHaveLength(BATCHES);
        expect(r.run.info.status).toBe("FINISHED");
      }
      expect(points).toBe(LOGGERS * BATCHES * PER_BATCH);
      const search = await api(inst, "POST", "runs/search", { experiment_ids: [experiment_id], max_results: 100, filter: `metrics.x = ${BATCHES * PER_BATCH - 1}` });
      expect(search.runs).toHaveLength(LOGGERS);
    }
  });

  test("a prompt alias moved on one instance is seen on the other at once", async () => {
    const name = uniqueName("prompt");
    const promptTag = { key: "mlflow.prompt.is_prompt", value: "true" };
    await api(a, "POST", "registered-models/create", { name, tags: [promptTag] });
    for (const text of ["Summarize: {{text}}", "Summarize briefly: {{text}}"]) {
      await api(b, "POST", "model-versions/create", { name, source: "dummy-source", tags: [promptTag, { key: "mlflow.prompt.text", value: text }] });
    }
    for (let k = 0; k < 10; k++) {
      const [writer, reader] = k % 2 ? [b, a] : [a, b];
      const version = String((k % 2) + 1);
      await api(writer, "POST", "registered-models/alias", { name, alias: "production", version });
      const seen = await api(reader, "GET", "registered-models/alias", { name, alias: "production" });
      expect(seen.model_version.version).toBe(version);
    }
  });

  test("server actions of a page served by one instance run on the other, both ways", async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    // A load balancer in front of both (one Host for the browser, as in production): pages and
    // assets go to one instance, every server-action POST to the other.
    let route: { pages: Instance; actions: Instance } = { pages: a, actions: b };
    const sent = { pages: 0, actions: 0 };
    const lb = http.createServer((req, res) => {
      const isAction = req.method === "POST" && req.headers["next-action"] !== undefined;
      const target = new URL(isAction ? route.actions.base : route.pages.base);
      sent[isAction ? "actions" : "pages"]++;
      const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    const lbPort = await freePort();
    await new Promise<void>((r) => lb.listen(lbPort, "127.0.0.1", r));
    try {
      for (const r of [
        { pages: a, actions: b },
        { pages: b, actions: a },
      ]) {
        route = r;
        sent.actions = 0;
        const page = await browser.newPage();
        const name = uniqueName(`action-${r.pages.name}-to-${r.actions.name}`);
        await page.goto(`http://127.0.0.1:${lbPort}/experiments`);
        await page.getByRole("button", { name: "New experiment" }).first().click();
        await page.getByLabel("Name", { exact: false }).first().fill(name);
        await page.getByRole("button", { name: "Create", exact: true }).click();
        await page.waitForURL((u) => /\/experiments\/\d+/.test(u.pathname), { timeout: 30_000 });
        await page.getByRole("heading", { name }).first().waitFor({ timeout: 30_000 });
        expect(sent.actions).toBeGreaterThanOrEqual(1);
        const created = await api(r.pages, "GET", "experiments/get-by-name", { experiment_name: name });
        expect(created.experiment.name).toBe(name);
        // The action's POST is in the other instance's request log.
        const logged = r.actions
          .output()
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l))
          .filter((l) => l.msg === "request" && l.method === "POST" && l.path === "/experiments");
        expect(logged.length).toBeGreaterThanOrEqual(1);
        expect(logged.at(-1).status).toBeLessThan(400);
        await page.close();
      }
    } finally {
      lb.close();
    }
  });
});
