#!/usr/bin/env node
// Runs-table benchmark (issue 5 §7): an experiment with 10k runs × 200 keys (100 params + 100
// metrics per run) logged through the REST API, then in Chromium the time for the experiment page
// to show its first rows, printed beside the time of the raw runs/search call for the same first
// page, measured in the same run.
//
//   RUNBOARD_URL        a running Runboard (npm run bench starts a production one)
//   BENCH_RUNS          runs to log (default 10000)
//   BENCH_KEYS          keys per run, half params and half metrics (default 200)
//   BENCH_CONCURRENCY   log requests in flight (default 8)
//   BENCH_REPEAT        page loads / search calls measured (default 5; the median is reported)
//   CHROMIUM_PATH       default /usr/bin/chromium
//
// Figures:
//   first rows   navigation start → the first run row is in the DOM and visible
//                (performance.now() in the page, from a MutationObserver installed before any
//                script runs; a fresh browser context per load, so nothing is cached)
//   runs/search  POST runs/search for the same first page (100 runs, the table's default page
//                size and order), timed from the client: request sent → JSON parsed
import { api, base, launchChromium, median, ms, pool } from "./lib.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const PAGE_SIZE = 100; // the runs table's default page size
const PARAMS = Math.floor(KEYS / 2);
const METRICS = KEYS - PARAMS;


/** A sweep-like experiment: every run has the same keys, values vary. */
async function seed() {
  const t0 = Date.now();
  const { experiment_id } = await api("experiments/create", { name: `bench-ui-${Date.now().toString(36)}` });
  const start0 = Date.now() - RUNS * 1000;
  let done = 0;
  await pool(RUNS, CONCURRENCY, async (i) => {
    const start = start0 + i * 1000;
    const { run } = await api("runs/create", { experiment_id, run_name: `trial-${i}`, start_time: start, tags: [{ key: "sweep", value: String(i % 10) }] });
    const runId = run.info.run_id;
    const params = Array.from({ length: PARAMS }, (_, k) => ({ key: `param_${String(k).padStart(3, "0")}`, value: String((i * 31 + k * 7) % 1000) }));
    const metrics = Array.from({ length: METRICS }, (_, k) => ({ key: `metric_${String(k).padStart(3, "0")}`, value: Math.sin(i + k) + 1, timestamp: start + 500, step: 0 }));
    // log-batch limits: ≤ 100 params and ≤ 1,000 entities per request.
    for (let p = 0, m = 0; p < params.length || m < metrics.length; ) {
      const ps = params.slice(p, p + 100);
      const msl = metrics.slice(m, m + (1000 - ps.length));
      await api("runs/log-batch", { run_id: runId, params: ps, metrics: msl });
      p += ps.length;
      m += msl.length;
    }
    await api("runs/update", { run_id: runId, status: i % 50 === 7 ? "FAILED" : "FINISHED", end_time: start + 900 });
    done++;
    if (done % 1000 === 0) console.log(`[ui] logged ${done.toLocaleString("en-US")} / ${RUNS.toLocaleString("en-US")} runs…`);
  });
  return { experimentId: experiment_id, seconds: (Date.now() - t0) / 1000 };
}

async function timeSearch(experimentId) {
  const t = performance.now();
  const r = await api("runs/search", { experiment_ids: [experimentId], max_results: PAGE_SIZE });
  const elapsed = performance.now() - t;
  if (!r.runs || r.runs.length !== Math.min(PAGE_SIZE, RUNS)) throw new Error(`runs/search returned ${r.runs?.length} runs`);
  return elapsed;
}

async function timePage(browser, experimentId) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => {
    const w = /** @type {any} */ (window);
    const check = () => {
      const row = document.querySelector('[role="grid"] [role="row"][data-row-index]');
      if (!w.__firstRow && row && row.getBoundingClientRect().height > 0) {
        w.__firstRow = performance.now();
        obs.disconnect();
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(`${base}/experiments/${experimentId}`, { waitUntil: "commit" });
  await page.waitForFunction(() => /** @type {any} */ (window).__firstRow, null, { timeout: 60_000, polling: 10 });
  const firstRow = await page.evaluate(() => /** @type {any} */ (window).__firstRow);
  const rows = await page.locator('[role="grid"] [role="row"][data-row-index]').count();
  if (rows === 0) throw new Error("no rows rendered");
  const nav = await page.evaluate(() => {
    const e = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType("navigation")[0]);
    return { ttfb: e.responseStart, html: e.responseEnd };
  });
  await context.close();
  return { firstRow, ...nav };
}

async function main() {
  const health = await fetch(`${base}/health`).catch(() => null);
  if (!health?.ok) throw new Error(`no Runboard at ${base} (set RUNBOARD_URL)`);
  console.log(`[ui] logging ${RUNS.toLocaleString("en-US")} runs × ${KEYS} keys (${PARAMS} params + ${METRICS} metrics) through the REST API, ${CONCURRENCY} requests in flight…`);
  const { experimentId, seconds } = await seed();
  console.log(`[ui] logged in ${seconds.toFixed(1)} s (experiment ${experimentId})`);

  const browser = await launchChromium();
  try {
    // One unmeasured load of each: server code paths and caches warm, as for a user who has Runboard open.
    await timeSearch(experimentId);
    await timePage(browser, experimentId);
    const pages = [];
    const searches = [];
    for (let i = 0; i < REPEAT; i++) {
      searches.push(await timeSearch(experimentId));
      pages.push(await timePage(browser, experimentId));
    }
    const firstRow = median(pages.map((p) => p.firstRow));
    const ttfb = median(pages.map((p) => p.ttfb));
    const search = median(searches);
    console.log(`[ui] experiment page, first rows visible: ${ms(firstRow)} median of ${REPEAT} (HTML first byte ${ms(ttfb)}; each: ${pages.map((p) => Math.round(p.firstRow)).join(", ")} ms)`);
    console.log(`[ui] runs/search, same first page (${PAGE_SIZE} runs): ${ms(search)} median of ${REPEAT} (each: ${searches.map((s) => Math.round(s)).join(", ")} ms)`);
    console.log(`[ui] ratio page / runs/search: ${(firstRow / search).toFixed(2)}×`);
    console.log(JSON.stringify({ bench: "ui", runs: RUNS, keys: KEYS, firstRowsMs: Math.round(firstRow), htmlFirstByteMs: Math.round(ttfb), runsSearchMs: Math.round(search), ratio: Number((firstRow / search).toFixed(2)) }));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`[ui] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
