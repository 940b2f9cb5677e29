// The embedded PostgreSQL: starts, keeps data across restarts, stops without leaving a process
// behind, recovers from an orphan left by a killed Runboard, and refuses a second owner.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, pidAlive, startEmbeddedPostgres } from "../scripts/lib/embedded-db.mjs";

const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-embedded-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function postgresProcessesFor(dataDir: string): number {
  const out = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout;
  return out.split("\n").filter((l) => l.includes("postgres") && l.includes(`-D ${dataDir}`)).length;
}

async function q(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("initialises, keeps data across a restart, and stops cleanly", async () => {
    const dataDir = path.join(tmp, "persist", "pgdata");
    const first = await startEmbeddedPostgres({ dataDir });
    await q(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    expect(postgresProcessesFor(dataDir)).toBe(1);
    await first.stop();
    expect(postgresProcessesFor(dataDir)).toBe(0);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir });
    expect(await q(second.url, "SELECT v FROM kept")).toEqual([{ v: "survives" }]);
    await second.stop();
    expect(postgresProcessesFor(dataDir)).toBe(0);
  });

  it("stops an orphaned postmaster left by a killed process, then starts normally", async () => {
    const dataDir = path.join(tmp, "orphan", "pgdata");
    // A child process starts the database and is then SIGKILLed: its postgres keeps running.
    const script = `import("${path.resolve("scripts/lib/embedded-db.mjs")}").then(async (m) => { const s = await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); console.log("READY " + s.pid); setInterval(() => {}, 1000); });`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const pgPid = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (b: Buffer) => {
        const m = /READY (\d+)/.exec(b.toString());
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", () => reject(new Error("child exited before READY")));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(pidAlive(pgPid)).toBe(true);

    const s = await startEmbeddedPostgres({ dataDir });
    expect(pidAlive(pgPid)).toBe(false);
    expect(await q(s.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    await s.stop();
    expect(postgresProcessesFor(dataDir)).toBe(0);
  });

  it("refuses a second owner of the same RUNBOARD_HOME while the first is alive", async () => {
    const home = path.join(tmp, "lock-home");
    const holder = spawn(
      process.execPath,
      ["-e", `import("${path.resolve("scripts/lib/embedded-db.mjs")}").then((m) => { m.acquireLock(${JSON.stringify(home)}); console.log("LOCKED"); setInterval(() => {}, 1000); });`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on("data", (b: Buffer) => b.toString().includes("LOCKED") && resolve()));
    expect(() => acquireLock(home)).toThrow(/Runboard is already running \(pid \d+\)/);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    // The holder died without cleaning up: its stale lock must not block the next start.
    const release = acquireLock(home);
    expect(existsSync(path.join(home, "runboard.pid"))).toBe(true);
    release();
    expect(existsSync(path.join(home, "runboard.pid"))).toBe(false);
  });
});
