#!/usr/bin/env node
// Big-read benchmark (issue 15 item 6): one metric with BENCH_HISTORY_POINTS points (default
// 1,000,000), read whole with metrics/get-history (no max_results) as a JS or PHP client does.
// Figures, each against a baseline of the same run:
//  - time: the HTTP answer read to its last byte ÷ a raw PostgreSQL SELECT of the same rows in
//    the same order by node-postgres on the same database (the cost of the rows themselves);
//  - memory: the server's peak RSS above its idle RSS while answering ÷ the size of the JSON
//    answer (1.0 would mean the server held the whole answer once; streamed, it stays far below).
//
//   RUNBOARD_URL          a running Runboard (npm run bench starts a production one)
//   RUNBOARD_SERVER_PID   its process id, for RSS (npm run bench passes it; else RSS is skipped)
//   DATABASE_URL          its database (the points are inserted there directly; the raw baseline reads them)
import { readFileSync } from "node:fs";
import pg from "pg";
import { api, base } from "./lib.mjs";

const databaseUrl = process.env.DATABASE_URL;
const points = Number(process.env.BENCH_HISTORY_POINTS ?? 1_000_000);
const pid = Number(process.env.RUNBOARD_SERVER_PID) || undefined;
if (!databaseUrl) {
  console.error("[history] DATABASE_URL is required (the raw PostgreSQL baseline runs on the same database).");
  process.exit(2);
}

/** Resident set size of the server process, bytes (Linux /proc). */
function rss() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** GET get-history, reading the body to its end; returns seconds, bytes and the server's peak RSS. */
async function readHistory(runId, key) {
  let peak = pid ? rss() : 0;
  const timer = pid ? setInterval(() => (peak = Math.max(peak, rss())), 5) : undefined;
  const start = process.hrtime.bigint();
  const res = await fetch(`${base}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=${encodeURIComponent(key)}`);
  if (res.status !== 200) throw new Error(`get-history → ${res.status} ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let head = "";
  let tail = "";
  for await (const chunk of res.body) {
    if (head.length < 200) head += Buffer.from(chunk).toString("utf8", 0, 200);
    tail = (tail + Buffer.from(chunk).toString("utf8", Math.max(0, chunk.length - 64))).slice(-64);
    bytes += chunk.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  if (pid) peak = Math.max(peak, rss());
  return { seconds, bytes, peak, head, tail };
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const fmt = (x) => Math.round(x).toLocaleString("en-US");

async function main() {
  const { experiment_id } = await api("experiments/create", { name: `bench-history-${Date.now().toString(36)}` });
  const newRun = async () => (await api("runs/create", { experiment_id, start_time: Date.now() })).run.info.run_id;
  const warm = await newRun();
  const runId = await newRun();
  const key = "loss";
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rawSeconds;
  let rawRows;
  try {
    // Seeding is not measured: the points go in with one INSERT (a training loop's history:
    // timestamps increasing with the step).
    await client.query(
      `INSERT INTO metrics (run_id, key, step, timestamp, value)
       SELECT $1, $2, g, 1700000000000 + g * 10, exp(-g / 200000.0) + (g % 1000) / 1e5 FROM generate_series(0, $3::int - 1) g`,
      [runId, key, points],
    );
    await client.query(`INSERT INTO metrics (run_id, key, step, timestamp, value) SELECT $1, $2, g, g, g FROM generate_series(0, 999) g`, [warm, key]);
    await client.query("ANALYZE metrics");
    // Warm-up (route, pool, JIT) on a small history; then the server is left to settle.
    for (let i = 0; i < 3; i++) await readHistory(warm, key);
    await new Promise((r) => setTimeout(r, 2000));

    // Baseline: the same rows, same order, through node-postgres.
    const start = process.hrtime.bigint();
    const r = await client.query({
      text: "SELECT run_id, key, value, timestamp, step, model_id, dataset_name, dataset_digest FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY timestamp, step, value",
      values: [runId, key],
      rowMode: "array",
    });
    rawSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    rawRows = r.rows.length;
  } finally {
    await client.end();
  }
  await new Promise((r) => setTimeout(r, 1000));

  const idle = pid ? rss() : 0;
  const h = await readHistory(runId, key);
  if (!h.head.startsWith('{"metrics":[{"key":"loss","value":1,"timestamp":1700000000000,"step":0,"run_id"') || !h.tail.endsWith("}]}")) {
    throw new Error(`unexpected answer: ${h.head} … ${h.tail}`);
  }
  console.log(`[history] one metric, ${fmt(points)} points, GET metrics/get-history without max_results, against ${base}`);
  console.log(`[history] Runboard get-history over HTTP: ${h.seconds.toFixed(2)} s, ${mb(h.bytes)} of JSON (${fmt(points / h.seconds)} points/s)`);
  console.log(`[history] raw PostgreSQL SELECT (node-postgres): ${rawSeconds.toFixed(2)} s for ${fmt(rawRows)} rows (${fmt(rawRows / rawSeconds)} rows/s)`);
  console.log(`[history] time ratio Runboard ÷ raw SELECT  : ${(h.seconds / rawSeconds).toFixed(2)}`);
  if (pid) {
    console.log(`[history] server RSS: idle ${mb(idle)}, peak ${mb(h.peak)}, growth ${mb(h.peak - idle)}`);
    console.log(`[history] memory ratio RSS growth ÷ JSON size: ${((h.peak - idle) / h.bytes).toFixed(2)}`);
  } else {
    console.log("[history] RUNBOARD_SERVER_PID not set: server RSS not measured");
  }
  if (rawRows !== points) {
    console.error(`[history] expected ${points} rows, found ${rawRows}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`[history] ${e?.stack ?? e}`);
  process.exit(1);
});
