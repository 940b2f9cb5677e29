// metrics/get-history is streamed from a database cursor (issue 15 item 6): with a chunk far
// smaller than the history (RUNBOARD_STREAM_CHUNK), the answer is byte for byte the JSON MLflow's
// shape gives ({"metrics":[…],"next_page_token":…}) — whole histories, every page size around the
// chunk boundaries, awkward doubles and int64s — errors are MLflow JSON with their status (nothing
// is streamed before the checks), and a client that stops reading or aborts leaves no cursor,
// transaction or query behind.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as createRun } from "../runs/create/route";
import { POST as batch } from "../runs/log-batch/route";
import { GET as history } from "./get-history/route";

type Logged = { key: string; value: number | string; timestamp: number | string; step: number | string; model_id?: string; dataset_name?: string; dataset_digest?: string };

const CHUNK = 7;
const saved = process.env.RUNBOARD_STREAM_CHUNK;
let runId = "";
let logged: Logged[] = [];

/** The double a wire value stands for. */
const asDouble = (v: number | string) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v));
/** PostgreSQL's float8 order: NaN above everything, -0 = 0. */
const cmpDouble = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0);
const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
/** MLflow's history order: timestamp, step, value. */
const mlflowOrder = (a: Logged, b: Logged) =>
  cmpBig(BigInt(a.timestamp), BigInt(b.timestamp)) || cmpBig(BigInt(a.step), BigInt(b.step)) || cmpDouble(asDouble(a.value), asDouble(b.value));

/** One Metric as MLflow's JSON carries it (the field order of the proto). */
function wire(m: Logged, run: string) {
  const v = asDouble(m.value);
  return {
    key: m.key,
    value: Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v,
    timestamp: Number(BigInt(m.timestamp)),
    step: Number(BigInt(m.step)),
    dataset_name: m.dataset_name,
    dataset_digest: m.dataset_digest,
    model_id: m.model_id,
    run_id: run,
  };
}

async function raw(query: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return history(new Request(`http://runboard.test/api/2.0/mlflow/metrics/get-history?${q}`, { headers, signal }));
}

beforeAll(async () => {
  process.env.RUNBOARD_STREAM_CHUNK = String(CHUNK);
  const experimentId = (await call(createExperiment, "POST", { name: uniqueName("stream") })).body.experiment_id as string;
  runId = ((await call(createRun, "POST", { experiment_id: experimentId, start_time: 1 })).body.run as { info: { run_id: string } }).info.run_id;
  // 64 points (9+ chunks), logged out of order, with ties on timestamp and on (timestamp, step).
  const points: Logged[] = Array.from({ length: 50 }, (_, i) => ({ key: "loss/train: val-1.x", value: Math.sin(i) * 10 ** ((i % 9) - 4), timestamp: 1_700_000_000_000 + ((i * 37) % 50), step: i }));
  points.push(
    { key: "loss/train: val-1.x", value: "NaN", timestamp: 5, step: 3 },
    { key: "loss/train: val-1.x", value: "Infinity", timestamp: 5, step: 3 },
    { key: "loss/train: val-1.x", value: "-Infinity", timestamp: 5, step: 3 },
    { key: "loss/train: val-1.x", value: -0, timestamp: 6, step: 1 },
    { key: "loss/train: val-1.x", value: 1e-7, timestamp: 6, step: 2 },
    { key: "loss/train: val-1.x", value: 1.5e300, timestamp: 6, step: 3 },
    { key: "loss/train: val-1.x", value: 123456789012345680, timestamp: 6, step: 4 },
    { key: "loss/train: val-1.x", value: 1e21, timestamp: 6, step: 5 },
    { key: "loss/train: val-1.x", value: 0.1, timestamp: "9007199254740993", step: "-9223372036854775808" },
    { key: "loss/train: val-1.x", value: 0.2, timestamp: "9223372036854775807", step: 0 },
    { key: "loss/train: val-1.x", value: 2, timestamp: 0, step: 7, model_id: "m-0123456789abcdef0123456789abcdef", dataset_name: "eval\nset", dataset_digest: "d1" },
    { key: "loss/train: val-1.x", value: 3, timestamp: 0, step: 8, dataset_name: "only-name" },
    { key: "loss/train: val-1.x", value: 1, timestamp: 1_700_000_000_010, step: 10 },
    { key: "other", value: 1, timestamp: 1, step: 0 },
  );
  const r = await call(batch, "POST", { run_id: runId, metrics: [...points].reverse() });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  logged = points.filter((p) => p.key !== "other").sort(mlflowOrder);
  expect(logged.length).toBeGreaterThan(CHUNK * 8);
});

afterAll(() => {
  if (saved === undefined) delete process.env.RUNBOARD_STREAM_CHUNK;
  else process.env.RUNBOARD_STREAM_CHUNK = saved;
});

describe("streamed metrics/get-history", () => {
  it("answers the whole history as MLflow's JSON, byte for byte, across many chunks", async () => {
    const res = await raw({ run_id: runId, metric_key: logged[0].key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(JSON.stringify({ metrics: logged.map((m) => wire(m, runId)) }));
  });

  it("pages with max_results around the chunk size: same bytes, tokens that resume exactly", async () => {
    for (const max of [1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, logged.length - 1, logged.length, logged.length + 5]) {
      const seen: Logged[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await raw({ run_uuid: runId, metric_key: logged[0].key, max_results: max, ...(token ? { page_token: token } : {}) });
        expect(res.status).toBe(200);
        const text = await res.text();
        const body = JSON.parse(text) as { metrics?: unknown[]; next_page_token?: string };
        const page = logged.slice(seen.length, seen.length + max);
        expect(text, `max_results=${max}, page ${pages}`).toBe(JSON.stringify({ metrics: page.map((m) => wire(m, runId)), next_page_token: body.next_page_token }));
        seen.push(...page);
        token = body.next_page_token;
        // A token exactly when points remain after this page.
        expect(Boolean(token), `max_results=${max}, page ${pages}`).toBe(seen.length < logged.length);
        pages++;
      } while (token);
      expect(seen.length).toBe(logged.length);
      expect(pages).toBe(Math.ceil(logged.length / max));
    }
  });

  it("answers {} for a metric never logged, and MLflow's errors as JSON before anything is streamed", async () => {
    const none = await raw({ run_id: runId, metric_key: "never" });
    expect([none.status, await none.text()]).toEqual([200, "{}"]);
    const unknown = await raw({ run_id: "f".repeat(32), metric_key: "loss" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json");
    expect(await unknown.json()).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `Run with id=${"f".repeat(32)} not found` });
    const badToken = await raw({ run_id: runId, metric_key: logged[0].key, max_results: 3, page_token: "not-a-token" });
    expect([badToken.status, ((await badToken.json()) as { error_code: string }).error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const negative = await raw({ run_id: runId, metric_key: logged[0].key, max_results: -1 });
    expect([negative.status, ((await negative.json()) as { error_code: string }).error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("a client that stops reading mid-stream leaves no cursor or open transaction behind", async () => {
    const requestId = `stream-${randomBytes(6).toString("hex")}`;
    const res = await raw({ run_id: runId, metric_key: logged[0].key }, { "X-Request-Id": requestId });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith('{"metrics":[{')).toBe(true);
    // The cursor's transaction is open while the answer is being read…
    expect(await backendsFor(requestId)).toBe(1);
    await reader.cancel();
    // …and gone once the client went away.
    await until(async () => (await backendsFor(requestId)) === 0);
    // The connection went back to the pool in a usable state.
    const again = await raw({ run_id: runId, metric_key: logged[0].key });
    expect(JSON.parse(await again.text()).metrics.length).toBe(logged.length);
  });

  it("aborting the request cancels the history's query in PostgreSQL (499 CANCELLED)", async () => {
    const requestId = `stream-abort-${randomBytes(6).toString("hex")}`;
    const lock = await holdLock("metrics");
    try {
      const ac = new AbortController();
      const pending = raw({ run_id: runId, metric_key: logged[0].key }, { "X-Request-Id": requestId }, ac.signal);
      await until(async () => (await backendsFor(requestId, "active")) === 1);
      ac.abort();
      await until(async () => (await backendsFor(requestId)) === 0);
      const res = await pending;
      expect(res.status).toBe(499);
      expect(((await res.json()) as { error_code: string }).error_code).toBe("CANCELLED");
    } finally {
      await lock.release();
    }
  });
});

/** A second connection holding ACCESS EXCLUSIVE on `table` until released. */
async function holdLock(table: string): Promise<{ release: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await c.query("ROLLBACK");
      await c.end();
    },
  };
}

/** Backends of this database serving the request named `requestId` (any state, or one). */
async function backendsFor(requestId: string, state?: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = ${`runboard ${requestId}`} AND (${state ?? null}::text IS NULL OR state = ${state ?? null})`;
  return rows[0].n;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not reached in 30 s");
}
