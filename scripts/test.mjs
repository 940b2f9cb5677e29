#!/usr/bin/env node
// `npm test`: every test. Vitest (unit + integration against a real PostgreSQL, a fresh database
// per run), then a production build and Playwright e2e in Debian's Chromium.
// With DATABASE_URL unset, one embedded PostgreSQL (temp dir) serves both suites.
// Flags: --unit-only, --e2e-only, --no-build (reuse an existing .next build).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-db.mjs";
import { ROOT } from "./lib/config.mjs";

const args = new Set(process.argv.slice(2));
const runUnit = !args.has("--e2e-only");
const runE2e = !args.has("--unit-only");

function run(cmd, argv, env) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { cwd: ROOT, env, stdio: "inherit" });
    p.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-test-"));
let embedded;
let failed = 0;
// Interrupted (Ctrl-C, CI timeout): children get the signal too; stop our database and clean up.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await embedded?.stop();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!env.DATABASE_URL) {
    console.log("[test] DATABASE_URL is unset: starting an embedded PostgreSQL for this run");
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), database: "postgres" });
    env.DATABASE_URL = embedded.adminUrl;
  }
  const bin = (p) => path.join(ROOT, "node_modules", ...p.split("/"));
  // Build first: the e2e suite and the `npm start` test (tests/start-script.test.ts) need it.
  if (!args.has("--no-build") || !existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.log("\n[test] production build (next build)");
    const code = await run(process.execPath, [bin("next/dist/bin/next"), "build"], { ...env, NODE_ENV: "production" });
    if (code !== 0) throw new Error("next build failed");
  }
  if (runUnit) {
    console.log("\n[test] unit + integration (Vitest)");
    failed |= (await run(process.execPath, [bin("vitest/vitest.mjs"), "run"], env)) !== 0 ? 1 : 0;
  }
  if (runE2e) {
    console.log("\n[test] end-to-end (Playwright, Debian Chromium)");
    failed |= (await run(process.execPath, [bin("@playwright/test/cli.js"), "test"], env)) !== 0 ? 1 : 0;
  }
} catch (e) {
  console.error(`[test] ${e?.message ?? e}`);
  failed = 1;
} finally {
  await embedded?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed);
