#!/usr/bin/env node
// Ingest benchmark (issue 3 §5): Runboard's runs/log-batch metric throughput over HTTP, divided
// by raw PostgreSQL multi-row INSERT throughput of the same rows on the same database.
//
//   RUNBOARD_URL  a running Runboard (npm run bench starts a production one)
//   DATABASE_URL  its database (the raw baseline writes a scratch table there and drops it)
//   BENCH_INGEST_BATCHES      log-batch requests of 1,000 metrics each (default 200)
//   BENCH_INGEST_CONCURRENCY  requests / connections in flight (default 4)
//
// Both sides write the same rows (run_id, key, step, timestamp, value), 1,000 per request or
// statement, with the same concurrency, alternating in 4 rounds; the scratch table has the
// metrics table's columns, defaults and primary key (not its foreign key to runs). Runboard
// additionally parses and validates every point over HTTP and maintains latest_metrics and
// experiment_keys — that is the cost being measured.
import pg from "pg";
import { api, base } from "./lib.mjs";

const databaseUrl = process.env.DATABASE_URL;
const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 200);
const concurrency = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4);
const PER_BATCH = 1000;
const KEYS = 10;
const ROUNDS = 4;

if (!databaseUrl) {
  console.error("[ingest] DATABASE_URL is required (the raw PostgreSQL baseline runs on the same database).");
  process.exit(2);
}

/** Batch b: KEYS keys × 100 steps, like a training loop logging 10 metrics per step. */
function batchRows(b) {
  const rows = [];
  const t0 = 1_700_000_000_000;
  for (let i = 0; i < PER_BATCH; i++) {
    const step = b * (PER_BATCH / KEYS) + Math.floor(i / KEYS);
    rows.push({ key: `metric_${i % KEYS}`, value: Math.exp(-step / 5000) + ((i * 7919) % 1000) / 1e5, timestamp: t0 + step * 10, step });
  }
  return rows;
}

/** Runs `n` tasks with at most `c` in flight; returns wall-clock seconds. */
async function timed(n, c, task) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const fmt = (x) => Math.round(x).toLocaleString("en-US");

async function main() {
  const name = `bench-ingest-${Date.now().toString(36)}`;
  const { experiment_id } = await api("experiments/create", { name });
  const newRun = async (runName) => (await api("runs/create", { experiment_id, run_name: runName, start_time: Date.now() })).run.info.run_id;

  // Warm-up (route compilation, connection pool, JIT) on its own run; not measured.
  const warm = await newRun("warm-up");
  for (let b = 0; b < 3; b++) await api("runs/log-batch", { run_id: warm, metrics: batchRows(b) });

  const runId = await newRun("ingest");
  const bodies = Array.from({ length: batches }, (_, b) => JSON.stringify({ run_id: runId, metrics: batchRows(b) }));
  const total = batches * PER_BATCH;

  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  const scratch = `bench_raw_metrics_${Date.now().toString(36)}`;
  let runboardSeconds = 0;
  let rawSeconds = 0;
  let stored;
  try {
    await pool.query(`CREATE TABLE ${scratch} (LIKE metrics INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    const placeholders = Array.from({ length: PER_BATCH }, (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(", ");
    const sql = `INSERT INTO ${scratch} (run_id, key, step, timestamp, value) VALUES ${placeholders}`;
    const params = Array.from({ length: batches }, (_, b) => batchRows(b).flatMap((r) => [runId, r.key, r.step, r.timestamp, r.value]));
    // warm the connections like the Runboard side was warmed
    await pool.query(sql, batchRows(batches + 1).flatMap((r) => [warm, r.key, r.step, r.timestamp, r.value]));
    // Alternate the two sides in rounds so a load change on the machine hits both alike.
    const rounds = Math.min(ROUNDS, batches);
    for (let round = 0; round < rounds; round++) {
      const from = Math.floor((batches * round) / rounds);
      const to = Math.floor((batches * (round + 1)) / rounds);
      runboardSeconds += await timed(to - from, concurrency, (i) => api("runs/log-batch", bodies[from + i], { retries: 0 }));
      rawSeconds += await timed(to - from, concurrency, (i) => pool.query(sql, params[from + i]));
    }
    stored = Number((await pool.query("SELECT count(*) AS n FROM metrics WHERE run_id = $1", [runId])).rows[0].n);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${scratch}`).catch(() => {});
    await pool.end();
  }

  const runboardRate = total / runboardSeconds;
  const rawRate = total / rawSeconds;
  console.log(`[ingest] ${fmt(total)} metrics in ${batches} log-batch requests of ${PER_BATCH}, concurrency ${concurrency}, against ${base}`);
  console.log(`[ingest] Runboard log-batch over HTTP : ${fmt(runboardRate)} metrics/s (${runboardSeconds.toFixed(2)} s; ${fmt(stored)} rows stored)`);
  console.log(`[ingest] raw PostgreSQL multi-row INSERT: ${fmt(rawRate)} rows/s (${rawSeconds.toFixed(2)} s)`);
  console.log(`[ingest] ratio Runboard ÷ raw          : ${(runboardRate / rawRate).toFixed(2)}`);
  if (stored !== total) {
    console.error(`[ingest] expected ${total} stored metrics, found ${stored}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`[ingest] ${e?.stack ?? e}`);
  process.exit(1);
});
