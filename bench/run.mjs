#!/usr/bin/env node
// `npm run bench`: starts a production Runboard on a fresh database (embedded PostgreSQL unless
// DATABASE_URL is set), then runs each benchmark in bench/ against it. Every benchmark prints
// its figures as a ratio against a baseline measured in the same run on the same machine —
// never an absolute threshold. Pick benchmarks with `npm run bench -- ingest ui`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../scripts/lib/embedded-db.mjs";
import { createDatabase, dropDatabase, migrate } from "../scripts/lib/migrations.mjs";
import { ROOT } from "../scripts/lib/config.mjs";

// Not in the default set (long, and they start servers of their own): upload (2 GiB per backend), scale,
// import (fills a second instance with the demo data ×100 first).
const ALL = ["ingest", "history", "search", "ui", "compare"];
const chosen = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const benches = (chosen.length ? chosen : ALL).filter((b) => existsSync(path.join(ROOT, "bench", `${b}.mjs`)));
const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

function run(argv, env, stdio = "inherit") {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, argv, { cwd: ROOT, env, stdio });
    p.on("exit", (code) => resolve(code ?? 1));
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-bench-"));
let embedded;
let server;
let serverUrl = process.env.DATABASE_URL;
const dbName = `runboard_bench_${Date.now().toString(36)}`;
let failed = 0;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    if (server && server.exitCode === null) server.kill("SIGTERM");
    await embedded?.stop();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.log("[bench] building (next build)…");
    if ((await run([nextBin, "build"], { ...process.env, NODE_ENV: "production" })) !== 0) throw new Error("next build failed");
  }
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), database: "postgres" });
    serverUrl = embedded.adminUrl;
  }
  const databaseUrl = await createDatabase(serverUrl, dbName);
  await migrate({ connectionString: databaseUrl });
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, RUNBOARD_ARTIFACT_ROOT: path.join(tmp, "artifacts"), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  server = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`[bench] Runboard (production build) at ${base}, database ${embedded ? "embedded PostgreSQL" : "DATABASE_URL server"}`);
  for (const b of benches) {
    console.log(`\n[bench] ── ${b} ──`);
    const code = await run([path.join(ROOT, "bench", `${b}.mjs`)], { ...env, RUNBOARD_URL: base, RUNBOARD_SERVER_PID: String(server.pid) });
    if (code !== 0) {
      console.error(`[bench] ${b} failed (exit ${code})`);
      failed = 1;
    }
  }
} catch (e) {
  console.error(`[bench] ${e?.message ?? e}`);
  failed = 1;
} finally {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  if (serverUrl) await dropDatabase(serverUrl, dbName).catch(() => {});
  await embedded?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed);
