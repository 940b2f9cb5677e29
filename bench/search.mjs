#!/usr/bin/env node
// runs/search benchmark (issue 12 §5, issue 15 §6): one experiment with BENCH_SEARCH_RUNS runs
// (default 20,000), each with 20 params, 10 tags and 10 latest metrics, as a sweep logs them.
// Figures, each against a baseline of the same run on the same database:
//  - page: POST runs/search for the first 100 runs (no filter, default order) read to its last
//    byte ÷ hand-written SQL fetching the same 100 runs with their params, tags and metrics
//    through node-postgres (median of BENCH_REPEAT, default 5, after a warm-up);
//  - whole: one runs/search for every run (max_results = BENCH_SEARCH_RUNS; MLflow allows
//    50,000) ÷ the same SQL for every run; and the server's peak RSS above idle ÷ the JSON size
//    (1.0 would mean the answer was held whole once; streamed in chunks it stays far below).
//
//  - listing: GET mlflow-artifacts/artifacts?path= of a directory of BENCH_SEARCH_FILES files
//    (default 20,000; MLflow's proxied listing has no paging, so it is one answer, written a
//    backend page at a time) ÷ readdir + stat of the same directory; RSS growth ÷ JSON size.
//    Local artifact root only (RUNBOARD_ARTIFACT_ROOT a directory; npm run bench sets one).
//
//   RUNBOARD_URL          a running Runboard (npm run bench starts a production one)
//   RUNBOARD_SERVER_PID   its process id, for RSS (npm run bench passes it; else RSS is skipped)
//   DATABASE_URL          its database (the runs are inserted there directly; the SQL baseline reads them)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { api, base, median, ms } from "./lib.mjs";

const databaseUrl = process.env.DATABASE_URL;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 20_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const PAGE = 100;
const FILES = Number(process.env.BENCH_SEARCH_FILES ?? 20_000);
const artifactRoot = process.env.RUNBOARD_ARTIFACT_ROOT;
const pid = Number(process.env.RUNBOARD_SERVER_PID) || undefined;
if (!databaseUrl) {
  console.error("[search] DATABASE_URL is required (the SQL baseline runs on the same database).");
  process.exit(2);
}

const rss = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
};
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** runs/search read to its last byte: seconds, runs, bytes and the server's peak RSS. */
async function search(experimentId, maxResults) {
  let peak = pid ? rss() : 0;
  const timer = pid ? setInterval(() => (peak = Math.max(peak, rss())), 5) : undefined;
  const start = process.hrtime.bigint();
  const res = await fetch(`${base}/api/2.0/mlflow/runs/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ experiment_ids: [experimentId], max_results: maxResults }),
  });
  const text = await res.text();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  if (pid) peak = Math.max(peak, rss());
  if (res.status !== 200) throw new Error(`runs/search → ${res.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  const first = body.runs?.[0];
  if (first && (first.data.params?.length !== 20 || first.data.tags?.length !== 10 || first.data.metrics?.length !== 10)) {
    throw new Error(`unexpected run shape: ${JSON.stringify(first).slice(0, 300)}`);
  }
  return { seconds, runs: body.runs?.length ?? 0, bytes: Buffer.byteLength(text), peak };
}

/** The hand-written SQL for the same page: the runs in order, then their params, tags and metrics. */
async function sqlPage(client, experimentId, limit) {
  const start = process.hrtime.bigint();
  const runs = await client.query({
    text: `SELECT id, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage FROM runs
           WHERE experiment_id = $1 AND lifecycle_stage = 'active' ORDER BY start_time DESC, id ASC LIMIT $2`,
    values: [experimentId, limit],
    rowMode: "array",
  });
  const ids = runs.rows.map((r) => r[0]);
  const [p, t, m] = await Promise.all(
    ["SELECT run_id, key, value FROM params", "SELECT run_id, key, value FROM run_tags", "SELECT run_id, key, value, timestamp, step FROM latest_metrics"].map((q) =>
      client.query({ text: `${q} WHERE run_id = ANY($1) ORDER BY run_id, key`, values: [ids], rowMode: "array" }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, runs: ids.length, rows: p.rows.length + t.rows.length + m.rows.length };
}

let experimentId;

async function main() {
  ({ experiment_id: experimentId } = await api("experiments/create", { name: `bench-search-${Date.now().toString(36)}` }));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  try {
    // Seeding is not measured: the runs go in with a few INSERT … SELECT statements.
    const t0 = Date.now();
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      await c.query(
        `INSERT INTO runs (id, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
         SELECT md5('bench-search-' || $1 || '-' || g), $1::int, 'sweep-' || g, 'bench', 'FINISHED', 1760000000000 + g * 1000, 1760000000000 + g * 1000 + 500,
                'mlflow-artifacts:/' || $1 || '/' || md5('bench-search-' || $1 || '-' || g) || '/artifacts', 'active'
         FROM generate_series(1, $2::int) g`,
        [experimentId, RUNS],
      );
      await c.query(
        `INSERT INTO params (run_id, key, value) SELECT r.id, 'param_' || k, (k * 37 + length(r.name))::text FROM runs r, generate_series(1, 20) k WHERE r.experiment_id = $1`,
        [experimentId],
      );
      await c.query(
        `INSERT INTO run_tags (run_id, key, value) SELECT r.id, 'tag_' || k, 'value ' || k || ' of ' || r.name FROM runs r, generate_series(1, 10) k WHERE r.experiment_id = $1`,
        [experimentId],
      );
      await c.query(
        `INSERT INTO latest_metrics (run_id, key, experiment_id, step, timestamp, value)
         SELECT r.id, 'metric_' || k, $1, 100, r.start_time + 400, (hashtext(r.id || k) % 10000) / 10000.0 FROM runs r, generate_series(1, 10) k WHERE r.experiment_id = $1`,
        [experimentId],
      );
      await c.query("COMMIT");
      await c.query("ANALYZE runs, params, run_tags, latest_metrics");
    } finally {
      c.release();
    }
    console.log(`[search] ${RUNS.toLocaleString("en-US")} runs × (20 params, 10 tags, 10 metrics) seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s, against ${base}`);

    const client = await pool.connect();
    try {
      for (let i = 0; i < 3; i++) {
        await search(experimentId, PAGE);
        await sqlPage(client, experimentId, PAGE);
      }
      const api100 = [];
      const sql100 = [];
      for (let i = 0; i < REPEAT; i++) {
        api100.push((await search(experimentId, PAGE)).seconds * 1000);
        sql100.push((await sqlPage(client, experimentId, PAGE)).seconds * 1000);
      }
      const a = median(api100);
      const s = median(sql100);
      console.log(`[search] first page (${PAGE} runs): runs/search ${ms(a)} vs SQL ${ms(s)} (medians of ${REPEAT}) → ${(a / s).toFixed(2)}×`);

      await new Promise((r) => setTimeout(r, 1000));
      const idle = pid ? rss() : 0;
      const whole = await search(experimentId, RUNS);
      const wholeSql = await sqlPage(client, experimentId, RUNS);
      if (whole.runs !== RUNS || wholeSql.runs !== RUNS) throw new Error(`whole search returned ${whole.runs} runs, SQL ${wholeSql.runs}`);
      console.log(`[search] every run (${RUNS.toLocaleString("en-US")}): runs/search ${whole.seconds.toFixed(2)} s, ${mb(whole.bytes)} of JSON vs SQL ${wholeSql.seconds.toFixed(2)} s (${wholeSql.rows.toLocaleString("en-US")} rows) → ${(whole.seconds / wholeSql.seconds).toFixed(2)}×`);
      if (pid) {
        console.log(`[search] server RSS: idle ${mb(idle)}, peak ${mb(whole.peak)}, growth ${mb(whole.peak - idle)}`);
        console.log(`[search] memory ratio RSS growth ÷ JSON size: ${((whole.peak - idle) / whole.bytes).toFixed(2)}`);
      } else console.log("[search] RUNBOARD_SERVER_PID not set: server RSS not measured");
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
  if (artifactRoot && !/^s3:/i.test(artifactRoot)) await listing(String(experimentId));
  else console.log("[search] artifact listing skipped (needs a local RUNBOARD_ARTIFACT_ROOT)");
}

/** A directory of FILES files listed through the proxied artifact API ÷ readdir + stat. */
async function listing(experimentId) {
  const rel = `${experimentId}/bench-listing`;
  const dir = path.join(artifactRoot, rel);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, `file-${String(i).padStart(6, "0")}.json`), "x".repeat(i % 100));
  const get = async () => {
    let peak = pid ? rss() : 0;
    const timer = pid ? setInterval(() => (peak = Math.max(peak, rss())), 5) : undefined;
    const start = process.hrtime.bigint();
    const res = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(rel)}`);
    const text = await res.text();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(timer);
    if (res.status !== 200) throw new Error(`artifact listing → ${res.status} ${text.slice(0, 300)}`);
    const n = JSON.parse(text).files?.length;
    if (n !== FILES) throw new Error(`artifact listing returned ${n} files`);
    return { seconds, bytes: Buffer.byteLength(text), peak: pid ? Math.max(peak, rss()) : 0 };
  };
  const raw = async () => {
    const start = process.hrtime.bigint();
    const names = await readdir(dir);
    await Promise.all(names.map((n) => stat(path.join(dir, n))));
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  await get();
  await raw();
  await new Promise((r) => setTimeout(r, 1000));
  const idle = pid ? rss() : 0;
  const api = [];
  const fsTimes = [];
  let last;
  for (let i = 0; i < REPEAT; i++) {
    last = await get();
    api.push(last.seconds * 1000);
    fsTimes.push((await raw()) * 1000);
  }
  const a = median(api);
  const f = median(fsTimes);
  console.log(`[search] artifact listing of ${FILES.toLocaleString("en-US")} files: ${ms(a)} vs readdir + stat ${ms(f)} (medians of ${REPEAT}) → ${(a / f).toFixed(2)}×, ${mb(last.bytes)} of JSON`);
  if (pid) console.log(`[search] server RSS during the listing: growth ${mb(last.peak - idle)} → ${((last.peak - idle) / last.bytes).toFixed(2)} × the JSON size`);
}

main().catch((e) => {
  console.error(`[search] ${e?.stack ?? e}`);
  process.exit(1);
});
