#!/usr/bin/env node
// Import benchmark (issue 14 §4): `npm run import` from a second Runboard instance filled with
// the demo data ×N (default 100; it speaks MLflow's protocol), against the baseline measured in
// the same run: re-logging the same data run by run with the MLflow client's call pattern over
// HTTP, one call after another as MlflowClient makes them (what a copy script built on the
// client — e.g. mlflow-export-import — does): per run get-history per metric, list + download
// each artifact, then runs/create, log-batch (≤ 1000 metrics, ≤ 100 params / tags per call),
// log-inputs, one PUT per artifact, runs/update; logged models likewise. The baseline copies
// BENCH_IMPORT_BASELINE_COPIES copies before the import and as many after it (bracketing it in
// time, so load changes hit both); the figure is seconds per run, baseline ÷ import.
//
//   RUNBOARD_URL    the Runboard imported into (npm run bench starts a fresh production one)
//   DATABASE_URL    its database; the source instance gets a fresh database on the same server
//   BENCH_IMPORT_COPIES              demo copies in the source (default 100)
//   BENCH_IMPORT_BASELINE_COPIES     copies re-logged by the baseline, before and after (default 3)
//   BENCH_IMPORT_FILL_CONCURRENCY    demo fills in parallel (default 4)
//   BENCH_IMPORT_CONCURRENCY         the importer's --concurrency (default 8)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../scripts/lib/config.mjs";
import { startInstance } from "../scripts/lib/instance.mjs";
import { base, pool } from "./lib.mjs";
import { relogClient, relogCopy } from "./relog.mjs";

const copies = Number(process.env.BENCH_IMPORT_COPIES ?? 100);
const baselineCopies = Math.min(copies, Number(process.env.BENCH_IMPORT_BASELINE_COPIES ?? 3));
const fillConcurrency = Number(process.env.BENCH_IMPORT_FILL_CONCURRENCY ?? 4);
const importConcurrency = Number(process.env.BENCH_IMPORT_CONCURRENCY ?? 8);
const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const now = () => performance.now() / 1000;

function run(argv, env, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"] });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(" ")} exited with ${code}`))));
  });
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is required (the source instance gets a database on the same server)");
  const source = await startInstance({ serverUrl, name: "bench_source" });
  const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-bench-import-"));
  try {
    console.log(`[import] source: a second Runboard at ${source.url}; filling it with the demo data ×${copies} (${fillConcurrency} at a time)…`);
    const t0 = now();
    await pool(copies, fillConcurrency, (i) => run([path.join(ROOT, "scripts", "demo.mjs")], { RUNBOARD_URL: source.url, RUNBOARD_DEMO_PREFIX: `c${i + 1}-` }, { quiet: true }));
    console.log(`[import] filled in ${fmt(now() - t0, 1)} s`);

    const src = relogClient(source.url);
    const dst = relogClient(base);
    const baseline = { runs: 0, seconds: 0 };
    const measureBaseline = async (from, label) => {
      const t = now();
      for (let i = from; i < from + baselineCopies; i++) baseline.runs += await relogCopy(src, dst, `c${i + 1}-`, `${label}-`);
      baseline.seconds += now() - t;
    };
    // Warm-up: one copy with the client pattern, not measured (route loading, JIT, pools).
    await relogCopy(src, dst, `c${copies}-`, "warm-");
    await measureBaseline(0, "baseline-a");

    const report = path.join(tmp, "report.json");
    const t1 = now();
    await run([path.join(ROOT, "scripts", "import.mjs"), "--from", source.url, "--to", base, "--progress", "lines", "--report", report, "--concurrency", String(importConcurrency)], {}, { quiet: true });
    const importSeconds = now() - t1;
    await measureBaseline(Math.max(0, copies - 1 - baselineCopies), "baseline-b");

    const r = JSON.parse(readFileSync(report, "utf8"));
    const c = r.counts;
    const runs = c.runs.copied;
    const entities = Object.values(c).reduce((a, x) => a + x.copied, 0);
    const points = c.runs.metric_points ?? 0;
    const files = (c.runs.artifact_files ?? 0) + (c["logged models"]?.artifact_files ?? 0);
    if (r.failures.length) console.error(`[import] ${r.failures.length} failures, e.g. ${JSON.stringify(r.failures[0])}`);
    const perRunImport = importSeconds / runs;
    const perRunBaseline = baseline.seconds / baseline.runs;
    console.log(`[import] npm run import        : ${fmt(runs)} runs, ${fmt(entities)} entities, ${fmt(points)} metric points, ${fmt(files)} artifact files in ${fmt(importSeconds, 1)} s`);
    console.log(`[import]   throughput          : ${fmt(runs / importSeconds, 1)} runs/s, ${fmt(entities / importSeconds, 1)} entities/s, ${fmt(points / importSeconds)} points/s, ${fmt(files / importSeconds, 1)} files/s`);
    console.log(`[import]   requests            : source ${fmt(r.requests.source.requests)}, Runboard ${fmt(r.requests.target.requests)}`);
    // Where the requests go, per entity (runs + logged models), heaviest first: the source's
    // artifact listings and per-file GETs dominate (MLflow's protocol has no bulk download).
    const perEntity = runs + (c["logged models"]?.copied ?? 0);
    for (const [side, label] of [["source", "source"], ["target", "Runboard"]]) {
      const rows = Object.entries(r.requests[side].byEndpoint ?? {}).sort((a, b) => b[1].n - a[1].n).slice(0, 4);
      console.log(`[import]   ${label.padEnd(8)} per entity: ${rows.map(([k, v]) => `${k.replace(/^\w+ \/(ajax-)?api\/2\.0\//, "")} ${fmt(v.n / perEntity, 2)}`).join(", ")}`);
    }
    console.log(`[import] client-pattern re-log : ${fmt(baseline.runs)} runs in ${fmt(baseline.seconds, 1)} s (${fmt(baseline.runs / baseline.seconds, 1)} runs/s), ${baselineCopies} copies before and ${baselineCopies} after the import`);
    console.log(`[import] ratio (s per run, re-log ÷ import): ${(perRunBaseline / perRunImport).toFixed(2)}`);
    if (r.status !== "finished" || r.failures.length) process.exitCode = 1;
  } finally {
    await source.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`[import] ${e?.stack ?? e}`);
  process.exit(1);
});
