#!/usr/bin/env node
// `npm start`: one command from a bare checkout to a running Runboard.
//  1. With no DATABASE_URL, starts the embedded PostgreSQL (data in RUNBOARD_HOME, default
//     ./.runboard, on a free port); with DATABASE_URL, uses that server and starts nothing.
//  2. Applies pending migrations.
//  3. Builds the app if there is no production build (`--dev` runs `next dev` instead).
//  4. Serves on PORT (default 3000) and prints the UI URL and the MLFLOW_TRACKING_URI to use.
// Ctrl-C / SIGTERM stops the web server, then the database, then exits; no orphans, no stale lock.
// It never hangs: a signal at any stage (database start, migrations, build, serving) shuts down;
// a second signal stops the web server at once instead of letting it drain; if the web server
// or the embedded database dies on its own (a crash, SIGKILL, the OOM killer), the other is
// stopped, the lock released and the process exits non-zero within seconds, so a process
// manager sees it and restarts it.
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

// Children running right now (a build step or the web server): a shutdown stops them first.
const children = new Set();
const running = (p) => p.exitCode === null && p.signalCode === null;
/** Resolves once `p` has exited — at once if it already has (a SIGKILLed child has signalCode set, exitCode null). */
const exitOf = (p) => new Promise((r) => (running(p) ? p.once("exit", r) : r()));

function track(p) {
  children.add(p);
  p.once("exit", () => children.delete(p));
  return p;
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const p = track(spawn(cmd, args, { cwd: ROOT, env, stdio: "inherit" }));
    p.on("error", reject);
    p.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ""} exited with ${signal ?? `code ${code}`}`))));
  });
}

async function waitHealthy(url, child, ms = 120_000) {
  const end = Date.now() + ms;
  while (Date.now() < end && running(child) && !shuttingDown) {
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
let embeddedStarting;
let migrating;
let server;
let shuttingDown = false;
let hurried = false;

/** A second signal while shutting down: do not wait for in-flight requests. */
function hurry() {
  if (hurried) return;
  hurried = true;
  say("stopping now");
  for (const c of children) if (running(c)) c.kill("SIGKILL");
}

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  // The web server finishes in-flight requests first (RUNBOARD_SHUTDOWN_DELAY + _TIMEOUT seconds at most).
  const grace = (Number(process.env.RUNBOARD_SHUTDOWN_DELAY ?? 0) + Number(process.env.RUNBOARD_SHUTDOWN_TIMEOUT ?? 30) + 5) * 1000;
  // Whatever else goes wrong, this process exits: after the web server's grace, the database's
  // (30 s to a fast shutdown, then SIGQUIT) and a margin. The database gets SIGINT on exit.
  setTimeout(() => {
    console.error("[runboard] shutdown did not finish in time; exiting");
    release();
    process.exit(code || 1);
  }, grace + 45_000).unref();
  const live = [...children].filter(running);
  if (live.length) {
    say(server && live.includes(server) ? "stopping the web server…" : "stopping…");
    for (const c of live) c.kill("SIGTERM");
    const t = setTimeout(() => live.forEach((c) => running(c) && c.kill("SIGKILL")), grace);
    await Promise.all(live.map(exitOf));
    clearTimeout(t);
  }
  // A signal while the embedded database is starting: let it come up, then stop it cleanly.
  await embeddedStarting?.catch(() => {});
  // A signal during migrations: let the one in flight commit or roll back (each is one
  // transaction, seconds at most) rather than pull the database out from under it.
  await migrating?.catch(() => {});
  if (embedded) {
    say("stopping the embedded PostgreSQL…");
    await embedded.stop();
  }
  release();
  say("stopped.");
  process.exit(code);
}
const onSignal = () => (shuttingDown ? hurry() : shutdown(0));
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("SIGHUP", onSignal);
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
    embeddedStarting = startEmbeddedPostgres({ dataDir: cfg.pgDataDir, log: say }).then((e) => (embedded = e));
    await embeddedStarting;
    if (shuttingDown) throw new Error("stopping");
    databaseUrl = embedded.url;
    embedded.exited.then(({ code, signal }) => {
      if (!shuttingDown) {
        console.error(`[runboard] the embedded PostgreSQL exited (${signal ?? code}); shutting down`);
        shutdown(1);
      }
    });
    say(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${cfg.pgDataDir})`);
  }
  migrating = migrate({ connectionString: databaseUrl, log: (m) => say(m) });
  const { applied } = await migrating;
  if (shuttingDown) throw new Error("stopping");
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
  if (shuttingDown) throw new Error("stopping"); // a signal came during the steps above
  server = track(spawn(process.execPath, args, { cwd: ROOT, env: { ...env, NODE_ENV: dev ? "development" : "production" }, stdio: ["ignore", "inherit", "inherit"] }));
  // scripts/server.mjs says where it listens and whether auth is on; `next dev` does not.
  if (dev) for (const line of bindNotice(cfg.host, cfg.port).lines) console.warn(`[runboard] ${line}`);
  server.on("exit", (code, signal) => {
    if (!shuttingDown) {
      console.error(`[runboard] the web server exited (${signal ?? `code ${code}`}); shutting down`);
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
  // Once a shutdown is under way, a step failing (the database it used is stopping) is expected.
  if (!shuttingDown) console.error(`[runboard] ${e?.message ?? e}`);
  await shutdown(1);
}
