// Hostile searches are bounded (issue 15 item 3): every search endpoint refuses a filter with too
// many clauses or distinct keys with MLflow's 400; a filter naming many keys (below the cap)
// still answers correctly; a query past RUNBOARD_QUERY_TIMEOUT answers 504 DEADLINE_EXCEEDED;
// and aborting the HTTP request cancels its query in PostgreSQL (pg_stat_activity). Slow queries
// are made deterministic by holding a lock the search must wait for — no timing thresholds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { FILTER_LIMITS, MAX_ORDER_BY } from "@/lib/domain/search/filter";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "@/app/api/2.0/mlflow/experiments/create/route";
import { POST as searchExperiments } from "@/app/api/2.0/mlflow/experiments/search/route";
import { POST as createRun } from "@/app/api/2.0/mlflow/runs/create/route";
import { POST as logBatch } from "@/app/api/2.0/mlflow/runs/log-batch/route";
import { POST as searchRuns } from "@/app/api/2.0/mlflow/runs/search/route";
import { GET as getHistory } from "@/app/api/2.0/mlflow/metrics/get-history/route";
import { GET as searchRegisteredModels } from "@/app/api/2.0/mlflow/registered-models/search/route";
import { GET as searchModelVersions } from "@/app/api/2.0/mlflow/model-versions/search/route";
import { POST as searchLoggedModels } from "@/app/api/2.0/mlflow/logged-models/search/route";
import { POST as searchTraces } from "@/app/api/3.0/mlflow/traces/search/route";

let experimentId = "";
let runId = "";

beforeAll(async () => {
  const e = await call(createExperiment, "POST", { name: uniqueName("bounds") });
  experimentId = e.body.experiment_id as string;
  const r = await call(createRun, "POST", { experiment_id: experimentId, start_time: 1 });
  runId = (r.body.run as { info: { run_id: string } }).info.run_id;
  // 30 metrics, params and tags: more keys than are joined directly (DIRECT_KEY_PROBES).
  const n = 30;
  const b = await call(logBatch, "POST", {
    run_id: runId,
    metrics: [
      ...Array.from({ length: n }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 1, step: 0 })),
      { key: "nan", value: "NaN", timestamp: 1, step: 0 },
    ],
    params: Array.from({ length: n }, (_, i) => ({ key: `p${i}`, value: `v${i}` })),
    tags: Array.from({ length: n }, (_, i) => ({ key: `t${i}`, value: `w${i}` })),
  });
  expect(b.status).toBe(200);
});

const manyKeys = (n: number, prefix = "tags.k") => Array.from({ length: n }, (_, i) => `${prefix}${i} = 'x'`).join(" AND ");

describe("filter limits on every search endpoint", () => {
  const tooManyKeys = manyKeys(FILTER_LIMITS.maxKeys + 1);
  const tooManyClauses = Array.from({ length: FILTER_LIMITS.maxClauses + 1 }, () => "tags.k = 'x'").join(" AND ");
  const endpoints: [string, () => Promise<{ status: number; body: Record<string, unknown> }>, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
    ["runs/search", () => call(searchRuns, "POST", { experiment_ids: [experimentId], filter: tooManyKeys }), () => call(searchRuns, "POST", { experiment_ids: [experimentId], filter: tooManyClauses })],
    ["experiments/search", () => call(searchExperiments, "POST", { filter: tooManyKeys }), () => call(searchExperiments, "POST", { filter: tooManyClauses })],
    ["registered-models/search", () => call(searchRegisteredModels, "GET", { filter: tooManyKeys }), () => call(searchRegisteredModels, "GET", { filter: tooManyClauses })],
    ["model-versions/search", () => call(searchModelVersions, "GET", { filter: tooManyKeys }), () => call(searchModelVersions, "GET", { filter: tooManyClauses })],
    ["logged-models/search", () => call(searchLoggedModels, "POST", { experiment_ids: [experimentId], filter: tooManyKeys }), () => call(searchLoggedModels, "POST", { experiment_ids: [experimentId], filter: tooManyClauses })],
    [
      "traces/search",
      () => call(searchTraces, "POST", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } }], filter: tooManyKeys }),
      () => call(searchTraces, "POST", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } }], filter: tooManyClauses }),
    ],
  ];
  for (const [name, keys, clauses] of endpoints) {
    it(`${name}: too many distinct keys or clauses → 400 INVALID_PARAMETER_VALUE`, async () => {
      const k = await keys();
      expect(k.status, JSON.stringify(k.body)).toBe(400);
      expect(k.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(k.body.message).toMatch(new RegExp(`too many distinct keys: a filter may name at most ${FILTER_LIMITS.maxKeys} distinct`));
      const c = await clauses();
      expect(c.status, JSON.stringify(c.body)).toBe(400);
      expect(c.body.message).toMatch(new RegExp(`too many clauses: a filter may have at most ${FILTER_LIMITS.maxClauses} clauses`));
    });
  }

  it("too many IN values and order_by entries → 400", async () => {
    const ids = Array.from({ length: FILTER_LIMITS.maxListValues + 1 }, (_, i) => `'${i}'`).join(", ");
    const r = await call(searchRuns, "POST", { experiment_ids: [experimentId], filter: `attributes.run_id IN (${ids})` });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/too many values/);
    const o = await call(searchRuns, "POST", { experiment_ids: [experimentId], order_by: Array.from({ length: MAX_ORDER_BY + 1 }, (_, i) => `metrics.m${i}`) });
    expect(o.status).toBe(400);
    expect(o.body.message).toMatch(new RegExp(`at most ${MAX_ORDER_BY} order_by`));
  });
});

describe("filters on many keys", () => {
  const ids = async (filter: string, order_by?: string[]) => {
    const r = await call(searchRuns, "POST", { experiment_ids: [experimentId], filter, order_by });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return ((r.body.runs ?? []) as { info: { run_id: string } }[]).map((x) => x.info.run_id);
  };

  it("matches when every key matches, not when one key is missing or differs", async () => {
    const all = Array.from({ length: 15 }, (_, i) => `metrics.m${i} >= ${i} AND params.p${i} = 'v${i}' AND tags.t${i} LIKE 'w%'`).join(" AND ");
    expect(await ids(all)).toEqual([runId]);
    expect(await ids(`${all} AND metrics.missing > 0`)).toEqual([]);
    expect(await ids(`${all} AND params.p14 != 'v14'`)).toEqual([]);
    expect(await ids(`${all} AND tags.t14 != 'zz'`)).toEqual([runId]);
    expect(await ids(`${all} AND tags.t14 ILIKE 'W1_'`)).toEqual([runId]);
    expect(await ids(`${all} AND tags.t14 = 'w13'`)).toEqual([]);
    // NaN never satisfies > / >= (as with a directly joined key), but matches !=.
    expect(await ids(`${all} AND metrics.nan >= 0`)).toEqual([]);
    expect(await ids(`${all} AND metrics.nan != 0`)).toEqual([runId]);
    // Ordering by a key read through the lateral.
    expect(await ids(all, ["metrics.m14 DESC", "params.p13"])).toEqual([runId]);
  });

  it("an IN list longer than PostgreSQL's bind-parameter limit is one array parameter", async () => {
    const list = Array.from({ length: FILTER_LIMITS.maxListValues - 1 }, (_, i) => `'x${i}'`);
    expect(await ids(`attributes.run_id IN (${[...list, `'${runId}'`].join(", ")})`)).toEqual([runId]);
  });

  it("experiments/search over many tag keys", async () => {
    const name = uniqueName("tagged");
    const tags = Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    const e = await call(createExperiment, "POST", { name, tags });
    const filter = tags.map((t) => `tags.${t.key} = '${t.value}'`).join(" AND ");
    const r = await call(searchExperiments, "POST", { filter });
    expect((r.body.experiments as { experiment_id: string }[]).map((x) => x.experiment_id)).toEqual([e.body.experiment_id]);
    const none = await call(searchExperiments, "POST", { filter: `${filter} AND tags.k11 = 'other'` });
    expect(none.body.experiments ?? []).toEqual([]);
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

/** Backends of this database running a statement for the request named `requestId`. */
async function activeFor(requestId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND state = 'active' AND application_name = ${`runboard ${requestId}`}`;
  return rows[0].n;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not reached in 30 s");
}

describe("statement timeout and cancellation", () => {
  const saved = process.env.RUNBOARD_QUERY_TIMEOUT;
  afterAll(() => {
    if (saved === undefined) delete process.env.RUNBOARD_QUERY_TIMEOUT;
    else process.env.RUNBOARD_QUERY_TIMEOUT = saved;
  });

  it("a search past RUNBOARD_QUERY_TIMEOUT answers 504 DEADLINE_EXCEEDED, a history read too", async () => {
    process.env.RUNBOARD_QUERY_TIMEOUT = "300ms";
    // (Locks on tables other tests barely touch: datasets; metrics for a moment.)
    const lock = await holdLock("datasets");
    try {
      const r = await call(searchRuns, "POST", { experiment_ids: [experimentId], filter: "datasets.name = 'x'" });
      expect(r.status, JSON.stringify(r.body)).toBe(504);
      expect(r.body.error_code).toBe("DEADLINE_EXCEEDED");
      expect(r.body.message).toMatch(/longer than 0.3 s.*RUNBOARD_QUERY_TIMEOUT/);
    } finally {
      await lock.release();
    }
    const m = await holdLock("metrics");
    try {
      const h = await call(getHistory, "GET", { run_id: runId, metric_key: "m1" });
      expect(h.status, JSON.stringify(h.body)).toBe(504);
      expect(h.body.error_code).toBe("DEADLINE_EXCEEDED");
    } finally {
      await m.release();
    }
    delete process.env.RUNBOARD_QUERY_TIMEOUT;
    const ok = await call(searchRuns, "POST", { experiment_ids: [experimentId], filter: "metrics.m1 > 0" });
    expect(ok.status).toBe(200);
  });

  it("aborting the request cancels its query in PostgreSQL", async () => {
    delete process.env.RUNBOARD_QUERY_TIMEOUT; // 30 s: only the abort can stop it
    const requestId = `abort-${randomBytes(6).toString("hex")}`;
    const lock = await holdLock("datasets");
    try {
      const ac = new AbortController();
      const req = new Request("http://runboard.test/api/2.0/mlflow/runs/search", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Request-Id": requestId },
        body: JSON.stringify({ experiment_ids: [experimentId], filter: "datasets.name = 'x'" }),
        signal: ac.signal,
      });
      const pending = searchRuns(req);
      // The search is running (waiting for the lock) in PostgreSQL…
      await until(async () => (await activeFor(requestId)) === 1);
      ac.abort();
      // …and is gone once the request is aborted, while the lock is still held.
      await until(async () => (await activeFor(requestId)) === 0);
      const res = await pending;
      expect(res.status).toBe(499);
      expect((await res.json()).error_code).toBe("CANCELLED");
    } finally {
      await lock.release();
    }
  });
});
