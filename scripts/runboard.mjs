#!/usr/bin/env node
// `npm start`: one command from a bare checkout to a running Runboard.
//  1. With no DATABASE_URL, starts the embedded PostgreSQL (data in RUNBOARD_HOME, default
//     ./.runboard, on a free port); with DATABASE_URL, uses that server and starts nothing.
//  2. Applies pending migrations.
//  3. Builds the app if there is no production build (`--dev` runs `next dev` instead).
//  4. Serves on PORT (default 3000) and prints the UI URL and the MLFLOW_TRACKING_URI to use.
// Ctrl-C / SIGTERM stops the web server, then the database, then exits; no orphans, no stale lock.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { acquireLock, startEmbeddedPostgres } from "./lib/embedded-db.mjs";
import { migrate } from "./lib/migrations.mjs";
import { ROOT, loadDotEnv, redact, resolveConfig } from "./lib/config.mjs";
import { bindNotice } from "./lib/bind.mjs";

const dev = process.argv.includes("--dev");
loadDotEnv();
const cfg = resolveConfig();
const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const say = (m) => console.log(`[runboard] ${m}`);

function portFree(port, host) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, host === "0.0.0.0" ? undefined : host, () => srv.close(() => resolve(true)));
  });
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ""} exited with code ${code}`))));
  });
}

async function waitHealthy(url, child, ms = 120_000) {
  const end = Date.now() + ms;
  while (Date.now() < end && child.exitCode === null) {
    try {
      const r = await fetch(url);
      if (r.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

let release = () => {};
let embedded;
let server;
let shuttingDown = false;

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (server && server.exitCode === null) {
    say("stopping the web server…");
    server.kill("SIGTERM");
    // The server finishes in-flight requests first (RUNBOARD_SHUTDOWN_DELAY + _TIMEOUT seconds at most).
    const grace = (Number(process.env.RUNBOARD_SHUTDOWN_DELAY ?? 0) + Number(process.env.RUNBOARD_SHUTDOWN_TIMEOUT ?? 30) + 5) * 1000;
    const t = setTimeout(() => server.kill("SIGKILL"), grace);
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    clearTimeout(t);
  }
  if (embedded) {
    say("stopping the embedded PostgreSQL…");
    await embedded.stop();
  }
  release();
  say("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));
// If whatever started us dies without passing a signal on (e.g. a wrapper shell killed by a
// process manager), we are re-parented: shut down rather than run on as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown(0);
}, 1000).unref();

try {
  if (!(await portFree(cfg.port, cfg.host))) {
    throw new Error(`Port ${cfg.port} is already in use. Stop whatever uses it, or start Runboard on another port: PORT=3001 npm start`);
  }
  release = acquireLock(cfg.home);
  let databaseUrl = cfg.databaseUrl;
  if (databaseUrl) {
    say(`using PostgreSQL at ${redact(databaseUrl)}`);
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: cfg.pgDataDir, log: say });
    databaseUrl = embedded.url;
    say(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${cfg.pgDataDir})`);
  }
  const { applied } = await migrate({ connectionString: databaseUrl, log: (m) => say(m) });
  if (!applied.length) say("database schema is up to date");

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    RUNBOARD_HOME: cfg.home,
    RUNBOARD_ARTIFACT_ROOT: cfg.artifactRoot,
    PORT: String(cfg.port),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!dev && (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || process.env.RUNBOARD_REBUILD === "1")) {
    say(process.env.RUNBOARD_REBUILD === "1" ? "RUNBOARD_REBUILD=1 — rebuilding Runboard…" : "no production build found — building Runboard (first start only; takes a minute or two)…");
    await run(process.execPath, [path.join(ROOT, "scripts", "prisma-generate.mjs"), "--quiet"], env);
    await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });
  }
  // Production: scripts/server.mjs (Next's handler plus request ids, JSON logs, graceful shutdown).
  const args = dev ? [nextBin, "dev", "-p", String(cfg.port), "-H", cfg.host] : [path.join(ROOT, "scripts", "server.mjs"), "--port", String(cfg.port), "--hostname", cfg.host];
  server = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, NODE_ENV: dev ? "development" : "production" }, stdio: ["ignore", "inherit", "inherit"] });
  // scripts/server.mjs says where it listens and whether auth is on; `next dev` does not.
  if (dev) for (const line of bindNotice(cfg.host, cfg.port).lines) console.warn(`[runboard] ${line}`);
  server.on("exit", (code, signal) => {
    if (!shuttingDown) {
      say(`the web server exited (${signal ?? code}); shutting down`);
      shutdown(code || 1);
    }
  });
  if (await waitHealthy(`http://127.0.0.1:${cfg.port}/health`, server)) {
    const base = process.env.RUNBOARD_PUBLIC_URL ?? `http://localhost:${cfg.port}`;
    console.log(
      [
        "",
        "  Runboard is ready.",
        `    UI:          ${base}`,
        `    MLflow:      export MLFLOW_TRACKING_URI=${base}`,
        `    Database:    ${embedded ? `embedded PostgreSQL (${cfg.pgDataDir})` : redact(databaseUrl)}`,
        `    Artifacts:   ${cfg.artifactRoot}`,
        "  Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
  }
} catch (e) {
  console.error(`[runboard] ${e?.message ?? e}`);
  await shutdown(1);
}
