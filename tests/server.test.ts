// The production server (scripts/server.mjs) end to end: liveness and readiness, request ids
// and JSON request logs, and a graceful shutdown that finishes an upload already in flight.
// Needs a production build (npm test builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../scripts/lib/embedded-db.mjs";
import { rawRead } from "@/tests/artifact-backend";
import { uniqueName } from "@/tests/helpers";

const hasBuild = existsSync(path.resolve(".next/BUILD_ID"));

interface Server {
  child: ChildProcess;
  base: string;
  port: number;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: { ...process.env, RUNBOARD_LOG_FORMAT: "json", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const lines = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (lines().some((l) => l.event === "listening")) return { child, base, port, lines, exited };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start: ${out}`);
}

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (cond()) return;
  throw new Error("timed out");
};

describe.skipIf(!hasBuild)("production server (scripts/server.mjs)", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer();
  }, 120_000);
  afterAll(() => {
    if (s?.child.exitCode === null) s.child.kill("SIGKILL");
  });

  test("/health is liveness; /health/ready checks the database and the artifact store", async () => {
    const live = await fetch(`${s.base}/health`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe("OK");
    const ready = await fetch(`${s.base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body).toMatchObject({ status: "ready", checks: { database: { ok: true }, artifact_store: { ok: true, backend: "local" } } });
    expect(typeof body.checks.database.latency_ms).toBe("number");
  });

  test("the request guard: a foreign Host is refused (DNS rebinding), bad percent-encoding and wrong methods get MLflow JSON; pages carry the security headers", async () => {
    const raw = (pathname: string, opts: { method?: string; host?: string } = {}) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: s.port, path: pathname, method: opts.method ?? "GET", headers: opts.host ? { Host: opts.host } : {} }, (res) => {
          let body = "";
          res.on("data", (b: Buffer) => (body += b.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      });
    const rebound = await raw("/api/2.0/mlflow/experiments/get?experiment_id=0", { host: "attacker.example:3000" });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error_code: "PERMISSION_DENIED" });
    expect((await raw("/health", { host: "10.0.0.7:3000" })).status).toBe(200); // load balancers probe by IP
    expect((await raw("/api/2.0/mlflow/experiments/get?experiment_id=0", { host: `localhost:${s.port}` })).status).toBe(200);
    for (const bad of ["/api/2.0/mlflow-artifacts/artifacts/%ff", "/experiments/%u002e"]) {
      const r = await raw(bad);
      expect([r.status, JSON.parse(r.body).error_code], bad).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    }
    const wrongMethod = await raw("/api/2.0/mlflow/experiments/get?experiment_id=0", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(JSON.parse(wrongMethod.body)).toMatchObject({ error_code: "ENDPOINT_NOT_FOUND" });
    const page = await raw("/experiments");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.headers["content-security-policy"]).not.toBe((await raw("/experiments")).headers["content-security-policy"]); // a nonce per response
  });

  test("JSON request logs: request id (kept when valid), method, path, route pattern, status, duration", async () => {
    const res = await fetch(`${s.base}/api/2.0/mlflow/logged-models/m-0123?x=secret`, { headers: { "X-Request-Id": "trace-abc.123" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe("trace-abc.123");
    const bad = await fetch(`${s.base}/ajax-api/2.0/mlflow/experiments/get?experiment_id=1`, { headers: { "X-Request-Id": "no spaces allowed" } });
    const generated = bad.headers.get("x-request-id")!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const logs = () => s.lines().filter((l) => l.msg === "request");
    await waitFor(() => [generated, "trace-abc.123"].every((id) => logs().some((l) => l.request_id === id)));
    const first = logs().find((l) => l.request_id === "trace-abc.123")!;
    expect(first).toMatchObject({ level: "info", method: "GET", path: "/api/2.0/mlflow/logged-models/m-0123", route: "/api/2.0/mlflow/logged-models/[model_id]", status: 404 });
    expect(JSON.stringify(first)).not.toContain("secret");
    expect(first.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Number(first.bytes_out)).toBeGreaterThan(0);
    expect(typeof first.time).toBe("string");
    expect(logs().find((l) => l.request_id === generated)).toMatchObject({ route: "/api/2.0/mlflow/experiments/get", path: "/ajax-api/2.0/mlflow/experiments/get" });
  });
});

/** A PUT whose body trickles in: `chunks` pieces, one every `gapMs`. Resolves with the status. */
function slowUpload(base: string, relPath: string, chunks: Buffer[], gapMs: number, onFirstChunk: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const req = http.request(`${base}/api/2.0/mlflow-artifacts/artifacts/${relPath}`, { method: "PUT", headers: { "Content-Length": size, "Content-Type": "application/octet-stream" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    let i = 0;
    const tick = () => {
      req.write(chunks[i++]);
      if (i === 1) onFirstChunk();
      if (i < chunks.length) setTimeout(tick, gapMs);
      else req.end();
    };
    tick();
  });
}

describe.skipIf(!hasBuild)("graceful shutdown", () => {
  test("SIGTERM: readiness turns 503, the upload in flight completes whole, then the process exits 0 and refuses connections", async () => {
    const s = await startServer({ RUNBOARD_SHUTDOWN_DELAY: "1", RUNBOARD_SHUTDOWN_TIMEOUT: "30" });
    try {
      const rel = `${uniqueName("drain")}/big.bin`;
      const chunks = Array.from({ length: 12 }, () => randomBytes(256 * 1024));
      const upload = slowUpload(s.base, rel, chunks, 200, () => s.child.kill("SIGTERM"));
      await waitFor(() => s.lines().some((l) => l.event === "draining"));
      const ready = await fetch(`${s.base}/health/ready`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).status).toBe("draining");
      expect(await upload).toBe(200);
      expect(await s.exited).toBe(0);
      const stored = await rawRead(rel);
      expect(createHash("sha256").update(stored!).digest("hex")).toBe(createHash("sha256").update(Buffer.concat(chunks)).digest("hex"));
      await expect(fetch(`${s.base}/health`)).rejects.toThrow();
      const events = s.lines().map((l) => l.event).filter(Boolean);
      expect(events).toEqual(["listening", "draining", "stopped"]);
    } finally {
      if (s.child.exitCode === null) s.child.kill("SIGKILL");
    }
  }, 120_000);
});
