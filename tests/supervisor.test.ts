// The `npm start` supervisor (scripts/runboard.mjs) never hangs: when the web server or the
// embedded PostgreSQL dies on its own (SIGKILL, the OOM killer), it stops the other, releases its
// lock and exits non-zero; a SIGTERM at any stage of the start stops everything; a second signal
// cuts a drain short. Real processes throughout (the embedded database, scripts/server.mjs on the
// production build; npm test builds first). The wait bounds below only say "it does exit": each
// is far above what the step takes, and a hang would exceed any of them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, pidAlive } from "../scripts/lib/embedded-db.mjs";

const hasBuild = existsSync(path.resolve(".next/BUILD_ID"));
const home = mkdtempSync(path.join(os.tmpdir(), "runboard-supervisor-test-"));
const dataDir = path.join(home, "pgdata");
const lockFile = path.join(home, "runboard.pid");
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  // A supervisor killed above would leave its database: stop it as the next start would.
  const pg = postgresPid();
  if (pg) process.kill(pg, "SIGQUIT");
  for (let i = 0; i < 100 && postgresPid(); i++) await new Promise((r) => setTimeout(r, 100));
  rmSync(home, { recursive: true, force: true });
});

const DOES_EXIT_MS = 60_000;

interface Supervisor {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves when output contains `text`, rejects if the supervisor exits first. */
  saw: (text: string) => Promise<void>;
  /** The exit code, or a rejection if it has not exited within DOES_EXIT_MS. */
  exited: () => Promise<number | null>;
}

async function start(env: Record<string, string> = {}): Promise<Supervisor> {
  const port = await freePort();
  const e: NodeJS.ProcessEnv = { ...process.env, RUNBOARD_HOME: home, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", ...env };
  delete e.DATABASE_URL; // the embedded database
  const child = spawn(process.execPath, ["scripts/runboard.mjs"], { env: e, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const saw = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(t);
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearInterval(t);
          reject(new Error(`the supervisor exited before printing '${text}':\n${out}`));
        }
      }, 20);
    });
  const exited = () =>
    Promise.race([
      exit,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the supervisor did not exit within ${DOES_EXIT_MS / 1000} s:\n${out}`)), DOES_EXIT_MS).unref()),
    ]);
  return { child, port, output: () => out, saw, exited };
}

function processes() {
  return spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .stdout.split("\n")
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
}
/** The postmaster of this test's data directory, if one runs. */
const postgresPid = () => processes().find((p) => p.args.includes(`-D ${dataDir}`))?.pid;
/** The web server the supervisor started (its one child that is not the postmaster). */
const webServerPid = (sup: Supervisor) => processes().find((p) => p.ppid === sup.child.pid && !p.args.includes(`-D ${dataDir}`))?.pid;

function expectAllStopped(webPid?: number) {
  expect(postgresPid()).toBeUndefined();
  expect(existsSync(lockFile)).toBe(false);
  if (webPid) expect(pidAlive(webPid)).toBe(false);
}

describe.skipIf(!hasBuild)("npm start supervisor (scripts/runboard.mjs)", () => {
  it("exits non-zero, stops the embedded PostgreSQL and releases the lock when the web server is SIGKILLed", async () => {
    const sup = await start();
    await sup.saw("Runboard is ready");
    const web = webServerPid(sup);
    expect(web).toBeDefined();
    expect(postgresPid()).toBeDefined();
    expect(existsSync(lockFile)).toBe(true);

    process.kill(web!, "SIGKILL");
    const code = await sup.exited();
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(sup.output()).toContain("the web server exited (SIGKILL)");
    expectAllStopped(web);
  }, 180_000);

  it("exits non-zero, stops the web server and releases the lock when the embedded PostgreSQL is SIGKILLed", async () => {
    const sup = await start();
    await sup.saw("Runboard is ready");
    const web = webServerPid(sup);
    const pg = postgresPid();
    expect(web).toBeDefined();
    expect(pg).toBeDefined();

    process.kill(pg!, "SIGKILL");
    const code = await sup.exited();
    expect(code).not.toBe(0);
    expect(sup.output()).toContain("the embedded PostgreSQL exited (SIGKILL)");
    expectAllStopped(web);

    // The next start recovers the database the kill left behind.
    const again = await start();
    await again.saw("Runboard is ready");
    again.child.kill("SIGTERM");
    expect(await again.exited()).toBe(0);
    expectAllStopped();
  }, 240_000);

  // Each marker is printed at a later stage of the start: the database is up (migrations next),
  // the schema is checked (the web server is spawned next), the web server listens (not yet ready).
  for (const stage of ["embedded PostgreSQL on 127.0.0.1", "database schema is up to date", "listening on http://"]) {
    it(`stops everything on SIGTERM during the start (after '${stage}')`, async () => {
      const sup = await start();
      await sup.saw(stage);
      const web = webServerPid(sup);
      sup.child.kill("SIGTERM");
      expect(await sup.exited()).toBe(0);
      expectAllStopped(web);
    }, 180_000);
  }

  it("a second SIGTERM cuts the drain short: an upload still in flight does not hold the shutdown", async () => {
    // Without the second signal the web server would wait up to 600 s for the upload.
    const sup = await start({ RUNBOARD_SHUTDOWN_TIMEOUT: "600" });
    await sup.saw("Runboard is ready");
    const web = webServerPid(sup);
    const req = http.request({ host: "127.0.0.1", port: sup.port, method: "PUT", path: "/api/2.0/mlflow-artifacts/artifacts/held/open.bin", headers: { "Content-Length": String(64 << 20), "Content-Type": "application/octet-stream" } });
    req.on("error", () => {});
    await new Promise((r) => req.write(Buffer.alloc(64 * 1024), r));
    await new Promise((r) => setTimeout(r, 500)); // let the server parse the request head
    sup.child.kill("SIGTERM");
    await sup.saw("finishing 1 in-flight request");
    sup.child.kill("SIGTERM");
    await sup.saw("stopping now");
    expect(await sup.exited()).toBe(0);
    req.destroy();
    expectAllStopped(web);
  }, 180_000);
});
