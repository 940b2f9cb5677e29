#!/usr/bin/env node
// Compare-page benchmark (issue 7 §7): time to first render of /compare for 50 runs × 500
// params × 100 metrics, and how long the main thread is frozen, in Chromium, printed beside a
// baseline measured in the same run: fetching the same runs as JSON through runs/search (what
// any client pays to get the data, with no rendering at all).
//
//   RUNBOARD_URL           a running Runboard (npm run bench starts a production one)
//   BENCH_COMPARE_RUNS     runs (default 50)
//   BENCH_COMPARE_PARAMS   params per run (default 500)
//   BENCH_COMPARE_METRICS  metrics per run (default 100)
//   BENCH_COMPARE_REPEAT   page loads measured (default 3; the median is reported)
//   CHROMIUM_PATH          default /usr/bin/chromium
//   BENCH_COMPARE_REUSE    an experiment id from an earlier run: measure its runs, seed nothing
//
// Figures:
//   first render   navigation start → the first table row is in the DOM (performance.now()
//                  in the page, from a MutationObserver installed before any script runs; the
//                  server renders the first screen of rows, so this is usually before hydration)
//   interactive    navigation start → the table is hydrated (its data-hydrated attribute)
//   blocking time  Σ (long task − 50 ms) over PerformanceObserver "longtask" entries from
//                  navigation until 1 s after interactive (total blocking time, as Lighthouse)
//   scroll frozen  Σ (long task − 50 ms) while scrolling the whole table in 20 steps
//   toggle         click "Differences only" → the re-rendered table (one long task measured)
import { api, base, launchChromium, median, ms, pool } from "./lib.mjs";

const RUNS = Number(process.env.BENCH_COMPARE_RUNS ?? 50);
const PARAMS = Number(process.env.BENCH_COMPARE_PARAMS ?? 500);
const METRICS = Number(process.env.BENCH_COMPARE_METRICS ?? 100);
const REPEAT = Number(process.env.BENCH_COMPARE_REPEAT ?? 3);
const CONCURRENCY = 4;


/** 50 runs like a hyper-parameter sweep: most params equal, some varying, a prompt template. */
async function seed() {
  const t0 = Date.now();
  const { experiment_id } = await api("experiments/create", { name: `bench-compare-${Date.now().toString(36)}` });
  const ids = new Array(RUNS);
  await pool(RUNS, CONCURRENCY, async (i) => {
    const { run } = await api("runs/create", { experiment_id, run_name: `sweep-${String(i).padStart(3, "0")}`, start_time: Date.now() - (RUNS - i) * 60_000 });
    const id = run.info.run_id;
    const params = [];
    for (let k = 0; k < PARAMS; k++) {
      const key = k === 0 ? "prompt_template" : `group_${k % 10}/param_${String(k).padStart(3, "0")}`;
      const value = k === 0 ? `You are a ${i % 2 ? "careful" : "concise"} assistant. Answer the question about {topic} in ${1 + (i % 3)} sentences: {question}` : k % 7 === 0 ? String((i * k) % 13) : `value-${k % 5}`;
      params.push({ key, value });
    }
    const metrics = Array.from({ length: METRICS }, (_, k) => ({ key: `eval/metric_${String(k).padStart(3, "0")}${k % 5 === 0 ? "_loss" : ""}`, value: Math.sin(i + k) + 1, timestamp: Date.now(), step: 10 }));
    for (let b = 0; b < Math.max(Math.ceil(PARAMS / 100), 1); b++) {
      await api("runs/log-batch", { run_id: id, params: params.slice(b * 100, b * 100 + 100), metrics: b === 0 ? metrics : [] });
    }
    await api("runs/update", { run_id: id, status: "FINISHED", end_time: Date.now() });
    ids[i] = id;
  });
  return { experimentId: experiment_id, ids, seconds: (Date.now() - t0) / 1000 };
}

/** Baseline: the same runs as JSON through runs/search (one request, parsed). */
async function searchBaseline(experimentId, ids) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REPEAT + 1; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/2.0/mlflow/runs/search`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ experiment_ids: [experimentId], filter: `attributes.run_id IN (${ids.map((id) => `'${id}'`).join(", ")})`, max_results: ids.length }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`runs/search → ${res.status} ${text.slice(0, 200)}`);
    const got = JSON.parse(text).runs?.length ?? 0;
    if (got !== ids.length) throw new Error(`runs/search returned ${got} of ${ids.length} runs`);
    bytes = text.length;
    if (i > 0) times.push(performance.now() - t); // the first call warms the route
  }
  return { ms: median(times), bytes };
}

const INIT = `
  window.__bench = { firstRow: null, interactive: null, longtasks: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
  new MutationObserver((_, obs) => {
    if (window.__bench.firstRow === null && document.querySelector('[data-testid="compare-table"] [role="rowgroup"] [role="row"]')) window.__bench.firstRow = performance.now();
    if (document.querySelector('[data-testid="compare-table"][data-hydrated]')) { window.__bench.interactive = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
`;

const blocking = (tasks, from = 0, to = Infinity) => tasks.filter(([s]) => s >= from && s <= to).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);

async function measurePage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(INIT);
  await page.goto(url, { waitUntil: "commit", timeout: 180_000 });
  await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 180_000, polling: 50 });
  await page.waitForLoadState("load");
  await page.waitForTimeout(1000);
  const first = await page.evaluate(() => ({ firstRow: window.__bench.firstRow, interactive: window.__bench.interactive, tasks: window.__bench.longtasks.slice(), rows: document.querySelectorAll('[data-testid="compare-table"] [role="rowgroup"] [role="row"]').length, cols: document.querySelectorAll('[role="columnheader"][data-run-id]').length }));
  const tbt = blocking(first.tasks, 0, first.interactive + 1000);
  const longest = Math.max(0, ...first.tasks.filter(([s]) => s <= first.interactive + 1000).map(([, d]) => d));

  // Scroll the whole table, top to bottom, in 20 steps (virtualised rows mount and unmount).
  const scrollStart = await page.evaluate(() => performance.now());
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let s = 1; s <= 20; s++) {
    await page.evaluate((y) => window.scrollTo(0, y), Math.round((height * s) / 20));
    await page.waitForTimeout(60);
  }
  // …and across: the last run column.
  await page.evaluate(() => document.querySelectorAll('[data-testid="compare-table"] > div')[1]?.scrollBy({ left: 1e6 }));
  await page.waitForTimeout(300);
  const scrollTasks = await page.evaluate(() => window.__bench.longtasks.slice());
  const scrollFrozen = blocking(scrollTasks, scrollStart);

  // Toggle "Differences only" for every section.
  await page.evaluate(() => window.scrollTo(0, 0));
  const toggleStart = await page.evaluate(() => performance.now());
  await page.getByLabel("Differences only (all sections)").check();
  await page.waitForTimeout(500);
  const toggleTasks = await page.evaluate(() => window.__bench.longtasks.slice());
  const toggle = Math.max(0, ...toggleTasks.filter(([s]) => s >= toggleStart).map(([, d]) => d));
  await context.close();
  return { firstRender: first.firstRow, interactive: first.interactive, tbt, longest, scrollFrozen, toggle, rows: first.rows, cols: first.cols };
}

async function main() {
  if (!process.env.BENCH_COMPARE_REUSE) console.log(`[compare] seeding ${RUNS} runs × ${PARAMS} params × ${METRICS} metrics into ${base} …`);
  let experimentId, ids;
  if (process.env.BENCH_COMPARE_REUSE) {
    experimentId = process.env.BENCH_COMPARE_REUSE;
    const found = await api("runs/search", { experiment_ids: [experimentId], max_results: RUNS });
    ids = found.runs.map((r) => r.info.run_id);
    console.log(`[compare] reusing ${ids.length} runs of experiment ${experimentId}`);
  } else {
    const seeded = await seed();
    ({ experimentId, ids } = seeded);
    console.log(`[compare] seeded in ${seeded.seconds.toFixed(1)} s (experiment ${experimentId})`);
  }
  const url = `${base}/compare?runs=${ids.join(",")}`;
  console.log(`[compare] URL length ${url.length - base.length} characters (path + query)`);

  const search = await searchBaseline(experimentId, ids);
  const browser = await launchChromium();
  const results = [];
  try {
    await measurePage(browser, url); // warm-up: route compilation / caches, not measured
    for (let i = 0; i < REPEAT; i++) results.push(await measurePage(browser, url));
  } finally {
    await browser.close();
  }
  const m = (k) => median(results.map((r) => r[k]));
  const first = m("firstRender");
  console.log(`[compare] ${RUNS} runs, ${results[0].cols} columns, ${results[0].rows} table rows in the DOM after first render (virtualised)`);
  console.log(`[compare] baseline: runs/search JSON for the same runs : ${ms(search.ms)} (${(search.bytes / 1024).toFixed(0)} KB)`);
  console.log(`[compare] compare page, first render (navigation → table) : ${ms(first)}  (${(first / search.ms).toFixed(1)}× the runs/search baseline)`);
  console.log(`[compare] interactive (hydrated, all handlers live)     : ${ms(m("interactive"))}`);
  console.log(`[compare] main thread blocked until interactive + 1 s  : ${ms(m("tbt"))} total blocking time, longest task ${ms(m("longest"))}`);
  console.log(`[compare] scrolling the whole table (20 steps + across)  : ${ms(m("scrollFrozen"))} blocked`);
  console.log(`[compare] "Differences only" toggle, longest task        : ${ms(m("toggle"))}`);
  console.log(JSON.stringify({ bench: "compare", runs: RUNS, params: PARAMS, metrics: METRICS, searchMs: Math.round(search.ms), firstRenderMs: Math.round(first), interactiveMs: Math.round(m("interactive")), ratio: +(first / search.ms).toFixed(2), tbtMs: Math.round(m("tbt")), scrollBlockedMs: Math.round(m("scrollFrozen")), toggleMs: Math.round(m("toggle")) }));
}

main().catch((e) => {
  console.error(`[compare] ${e?.stack ?? e}`);
  process.exit(1);
});
