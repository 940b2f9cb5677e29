#!/usr/bin/env node
// Scale benchmark: one experiment with BENCH_SCALE_RUNS runs (default 100,000) and
// BENCH_SCALE_POINTS metric points (default 10,000,000), among them one BENCH_SCALE_HISTORY-point
// history (default 1,000,000), all logged through the REST API; then each read a team does all
// day, as a ratio against hand-written SQL for the same answer on the same database in the same
// run (median of BENCH_REPEAT, default 5, after a warm-up):
//   search   runs/search with a metric filter and a metric sort (100 runs) ÷ the same page in SQL
//   table    the runs table's first rows in Chromium, sorted and filtered by a metric ÷ that
//            page (100 runs with their params and metrics) in SQL
//   history  metrics/get-history of the 1M-point metric (the whole history, one call) ÷ selecting it
//   compare  the comparison page of 50 runs, first rows in Chromium ÷ their params, metrics and tags in SQL
//   size     database bytes per million metric points (metrics, latest_metrics and their
//            indexes) ÷ the bytes of the same points as bare rows (no indexes, no other tables)
//
//   RUNBOARD_URL  a running Runboard (npm run bench starts a production one)
//   DATABASE_URL  its database
//   BENCH_SCALE_CONCURRENCY  requests in flight while logging (default 8)
import pg from "pg";
import { api, base, launchChromium, median, ms, pool } from "./lib.mjs";

const databaseUrl = process.env.DATABASE_URL;
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 100_000);
const POINTS = Number(process.env.BENCH_SCALE_POINTS ?? 10_000_000);
const HISTORY = Number(process.env.BENCH_SCALE_HISTORY ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 8);
const KEYS = ["accuracy", "loss", "f1", "precision", "recall", "auc", "latency_ms", "tokens", "cost", "score"];
// Points per run spread over the runs (10 keys × STEPS), the long history on one more run.
const STEPS = Math.max(1, Math.floor((POINTS - HISTORY) / (RUNS * KEYS.length)));
const MODELS = ["gpt-4o", "claude", "llama", "mistral"];
const T0 = 1_760_000_000_000;

if (!databaseUrl) {
  console.error("[scale] DATABASE_URL is required (the SQL baselines run on the same database).");
  process.exit(2);
}

// Deterministic pseudo-random numbers (so reruns measure the same data).
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function logRuns(experimentId) {
  let done = 0;
  const t = performance.now();
  await pool(RUNS, CONCURRENCY, async (i) => {
    const r = rng(i + 1);
    const { run } = await api("runs/create", { experiment_id: experimentId, run_name: `run-${i}`, start_time: T0 + i * 1000, tags: [{ key: "team", value: i % 3 ? "search" : "ranking" }] });
    const metrics = [];
    for (let step = 0; step < STEPS; step++) {
      for (const key of KEYS) metrics.push({ key, value: key === "accuracy" ? 0.5 + 0.5 * r() : r() * 100, timestamp: T0 + i * 1000 + step, step });
    }
    await api("runs/log-batch", {
      run_id: run.info.run_id,
      metrics,
      params: [
        { key: "model", value: MODELS[i % MODELS.length] },
        { key: "lr", value: String([0.1, 0.01, 0.001][i % 3]) },
        { key: "batch_size", value: String(2 ** (4 + (i % 4))) },
      ],
    });
    if (++done % 10_000 === 0) console.log(`[scale] ${done.toLocaleString("en-US")} runs (${((done / (performance.now() - t)) * 1000).toFixed(0)} runs/s)…`);
  });
  return (performance.now() - t) / 1000;
}

async function logHistory(experimentId) {
  const { run } = await api("runs/create", { experiment_id: experimentId, run_name: "long-history", start_time: T0 });
  const t = performance.now();
  const r = rng(7);
  await pool(Math.ceil(HISTORY / 1000), CONCURRENCY, async (b) => {
    const metrics = [];
    for (let step = b * 1000; step < Math.min(HISTORY, (b + 1) * 1000); step++) metrics.push({ key: "train_loss", value: 2 * Math.exp(-step / 2e5) + 0.01 * r(), timestamp: T0 + step, step });
    await api("runs/log-batch", { run_id: run.info.run_id, metrics });
  });
  return { runId: run.info.run_id, seconds: (performance.now() - t) / 1000 };
}

async function timed(fn) {
  await fn(); // warm-up (route compiled, caches filled)
  const times = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const FILTER_VALUE = 0.95;
const searchBody = (experimentId) => ({ experiment_ids: [experimentId], filter: `metrics.accuracy > ${FILTER_VALUE} and params.model = 'claude'`, order_by: ["metrics.accuracy DESC"], max_results: 100 });

/** The same page in SQL: the 100 matching runs by accuracy, with their params, tags and latest metrics. */
const SQL_PAGE = `
  WITH page AS (
    SELECT r.id, lm.value FROM latest_metrics lm
    JOIN runs r ON r.id = lm.run_id AND r.lifecycle_stage = 'active'
    JOIN params p ON p.run_id = lm.run_id AND p.key = 'model' AND p.value = $3
    WHERE lm.experiment_id = $1 AND lm.key = 'accuracy' AND lm.value > $2
    ORDER BY lm.value DESC, r.id LIMIT 100)
  SELECT r.id, r.name, r.status, r.start_time, r.end_time, r.artifact_uri,
    (SELECT json_agg(json_build_object('key', key, 'value', value)) FROM params WHERE run_id = r.id) AS params,
    (SELECT json_agg(json_build_object('key', key, 'value', value)) FROM run_tags WHERE run_id = r.id) AS tags,
    (SELECT json_agg(json_build_object('key', key, 'value', value, 'step', step, 'timestamp', timestamp)) FROM latest_metrics WHERE run_id = r.id) AS metrics
  FROM page JOIN runs r ON r.id = page.id ORDER BY page.value DESC, r.id`;

async function firstRowsInChromium(browser, url, selector) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((sel) => {
    const w = /** @type {any} */ (window);
    const obs = new MutationObserver(() => {
      const row = document.querySelector(sel);
      if (!w.__firstRow && row && row.getBoundingClientRect().height > 0) {
        w.__firstRow = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document, { childList: true, subtree: true });
  }, selector);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit", timeout: 180_000 });
  await page.waitForFunction(() => /** @type {any} */ (window).__firstRow, null, { timeout: 180_000, polling: 10 });
  const t = await page.evaluate(() => /** @type {any} */ (window).__firstRow);
  await context.close();
  return t;
}

async function timedPage(browser, url, selector) {
  await firstRowsInChromium(browser, url, selector);
  const times = [];
  for (let i = 0; i < REPEAT; i++) times.push(await firstRowsInChromium(browser, url, selector));
  return median(times);
}

const fmtRatio = (a, b) => `${(a / b).toFixed(2)}×`;

async function main() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const browser = await launchChromium();
  try {
    const { experiment_id: experimentId } = await api("experiments/create", { name: `scale-${Date.now().toString(36)}` });
    console.log(`[scale] logging ${RUNS.toLocaleString("en-US")} runs × ${KEYS.length} metrics × ${STEPS} steps + a ${HISTORY.toLocaleString("en-US")}-point history through the REST API (${CONCURRENCY} in flight)…`);
    const runSeconds = await logRuns(experimentId);
    const history = await logHistory(experimentId);
    const points = RUNS * KEYS.length * STEPS + HISTORY;
    console.log(`[scale] logged ${points.toLocaleString("en-US")} points: runs in ${runSeconds.toFixed(0)} s (${(RUNS / runSeconds).toFixed(0)} runs/s with ${KEYS.length * STEPS} points each), the history in ${history.seconds.toFixed(0)} s (${(HISTORY / history.seconds).toFixed(0)} points/s)`);
    await client.query("ANALYZE");
    const id = Number(experimentId);

    // search
    let apiRuns = 0;
    const apiSearch = await timed(async () => (apiRuns = (await api("runs/search", searchBody(experimentId), { retries: 0 })).runs.length));
    let sqlRuns = 0;
    const sqlSearch = await timed(async () => (sqlRuns = (await client.query(SQL_PAGE, [id, FILTER_VALUE, "claude"])).rows.length));
    if (apiRuns !== sqlRuns || apiRuns === 0) throw new Error(`search found ${apiRuns} runs, SQL ${sqlRuns}`);
    console.log(`[scale] runs/search, metric filter + metric sort (${apiRuns} runs): ${ms(apiSearch)} vs SQL ${ms(sqlSearch)} → ${fmtRatio(apiSearch, sqlSearch)}`);

    // runs table in Chromium, same filter and sort
    const q = new URLSearchParams({ q: searchBody(experimentId).filter, sort: "metrics.accuracy", dir: "desc" });
    const tableMs = await timedPage(browser, `${base}/experiments/${experimentId}?${q}`, '[role="grid"] [role="row"][data-row-index]');
    const unfilteredMs = await timedPage(browser, `${base}/experiments/${experimentId}`, '[role="grid"] [role="row"][data-row-index]');
    console.log(`[scale] runs table, first rows in Chromium (filtered + sorted by a metric): ${ms(tableMs)} vs SQL ${ms(sqlSearch)} → ${fmtRatio(tableMs, sqlSearch)}; unfiltered, newest first: ${ms(unfilteredMs)}`);

    // history
    let apiPoints = 0;
    const apiHistory = await timed(async () => {
      const res = await fetch(`${base}/api/2.0/mlflow/metrics/get-history?run_id=${history.runId}&metric_key=train_loss`);
      apiPoints = JSON.parse(await res.text()).metrics.length;
    });
    let sqlPoints = 0;
    const sqlHistory = await timed(async () => {
      sqlPoints = (await client.query("SELECT key, value, timestamp, step FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY step, timestamp", [history.runId, "train_loss"])).rows.length;
    });
    if (apiPoints !== HISTORY || sqlPoints !== HISTORY) throw new Error(`history: API ${apiPoints}, SQL ${sqlPoints} points`);
    const sampled = await timed(() => fetch(`${base}/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=${history.runId}&metric_key=train_loss&max_results=1000`).then((r) => r.text()));
    console.log(`[scale] metrics/get-history, ${HISTORY.toLocaleString("en-US")} points in one call: ${ms(apiHistory)} vs SQL ${ms(sqlHistory)} → ${fmtRatio(apiHistory, sqlHistory)}; sampled to 1,000 points (the UI's chart call): ${ms(sampled)}`);

    // compare 50 runs
    const ids = (await client.query(`SELECT id FROM runs WHERE experiment_id = $1 AND name LIKE 'run-%' ORDER BY start_time DESC LIMIT 50`, [id])).rows.map((r) => r.id);
    const compareSql = `SELECT r.id, r.name, r.status, r.start_time,
        (SELECT json_agg(json_build_object('key', key, 'value', value)) FROM params WHERE run_id = r.id) AS params,
        (SELECT json_agg(json_build_object('key', key, 'value', value)) FROM run_tags WHERE run_id = r.id) AS tags,
        (SELECT json_agg(json_build_object('key', key, 'value', value, 'step', step)) FROM latest_metrics WHERE run_id = r.id) AS metrics
      FROM runs r WHERE r.id = ANY($1::text[])`;
    const sqlCompare = await timed(() => client.query(compareSql, [ids]));
    const comparePage = await timedPage(browser, `${base}/compare?runs=${ids.join(",")}&baseline=${ids[0]}`, '[data-testid="compare-table"] [role="rowgroup"] [role="row"]');
    console.log(`[scale] compare page of 50 runs, first rows in Chromium: ${ms(comparePage)} vs SQL ${ms(sqlCompare)} → ${fmtRatio(comparePage, sqlCompare)}`);

    // size
    const { rows } = await client.query(`SELECT pg_total_relation_size('metrics') AS metrics, pg_total_relation_size('latest_metrics') AS latest,
        (SELECT count(*) FROM metrics) AS points, pg_database_size(current_database()) AS db`);
    const stored = Number(rows[0].metrics) + Number(rows[0].latest);
    const n = Number(rows[0].points);
    // The same points as bare heap rows: tuple header (24) + item pointer (4) + run_id (1 + 32) + key (1 + ~7) + step, timestamp, value (3 × 8), aligned.
    const bare = (await client.query(`SELECT sum(pg_column_size(ROW(run_id, key, step, timestamp, value)) + 4)::bigint AS b FROM (SELECT * FROM metrics TABLESAMPLE SYSTEM (1)) s`)).rows[0].b;
    const sampledRows = (await client.query(`SELECT count(*)::bigint AS c FROM metrics TABLESAMPLE SYSTEM (1)`)).rows[0].c;
    const bytesPerPointBare = Number(bare) / Math.max(1, Number(sampledRows));
    const perMillion = (stored / n) * 1e6;
    console.log(
      `[scale] database: ${(Number(rows[0].db) / 2 ** 30).toFixed(2)} GiB for ${n.toLocaleString("en-US")} points; metrics + latest_metrics with indexes ${(perMillion / 2 ** 20).toFixed(1)} MiB per million points` +
        ` vs ${((bytesPerPointBare * 1e6) / 2 ** 20).toFixed(1)} MiB as bare rows → ${(stored / n / bytesPerPointBare).toFixed(2)}×`,
    );
    console.log(
      JSON.stringify({
        bench: "scale",
        runs: RUNS,
        points: n,
        searchMs: Math.round(apiSearch),
        searchSqlMs: Math.round(sqlSearch),
        tableFirstRowsMs: Math.round(tableMs),
        historyMs: Math.round(apiHistory),
        historySqlMs: Math.round(sqlHistory),
        compareMs: Math.round(comparePage),
        compareSqlMs: Math.round(sqlCompare),
        mibPerMillionPoints: Number((perMillion / 2 ** 20).toFixed(1)),
        sizeRatio: Number((stored / n / bytesPerPointBare).toFixed(2)),
      }),
    );
  } finally {
    await browser.close();
    await client.end();
  }
}

main().catch((e) => {
  console.error(`[scale] ${e?.message ?? e}`);
  process.exit(1);
});
