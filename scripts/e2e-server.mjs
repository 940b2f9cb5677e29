#!/usr/bin/env node
// Playwright's web server: a production Runboard on a FRESH database (a new "_test" database on
// DATABASE_URL's server, or an embedded PostgreSQL in a temp dir), with a temp artifact root.
// Needs a production build (`next build`); scripts/test.mjs builds before running Playwright.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-db.mjs";
import { createDatabase, dropDatabase, migrate } from "./lib/migrations.mjs";
import { ROOT } from "./lib/config.mjs";

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 3100;
if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("[e2e-server] no production build: run `npx next build` first (npm test does it).");
  process.exit(1);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-e2e-"));
let serverUrl = process.env.DATABASE_URL;
let embedded;
if (!serverUrl) {
  embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), database: "postgres" });
  serverUrl = embedded.adminUrl;
}
const dbName = `runboard_e2e_${Date.now().toString(36)}_test`;
const url = await createDatabase(serverUrl, dbName);
await migrate({ connectionString: url });

const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, RUNBOARD_ARTIFACT_ROOT: path.join(tmp, "artifacts"), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});

let done = false;
async function cleanup(code) {
  if (done) return;
  done = true;
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  await dropDatabase(serverUrl, dbName).catch(() => {});
  await embedded?.stop();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on("SIGINT", () => cleanup(0));
process.on("SIGTERM", () => cleanup(0));
child.on("exit", (code) => cleanup(code ?? 1));
