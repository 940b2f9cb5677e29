// `npm start` end to end: embedded database, migrations, serving, the printed tracking URI,
// Ctrl-C (SIGINT) shutdown without orphans or a stale lock, data surviving a restart, and a
// clear refusal of a second instance. Needs a production build (npm test builds first).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/lib/embedded-db.mjs";

const hasBuild = existsSync(path.resolve(".next/BUILD_ID"));
const home = mkdtempSync(path.join(os.tmpdir(), "runboard-start-test-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

function start(port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOARD_HOME: home, PORT: String(port) };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["scripts/runboard.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      if (output.includes("Runboard is ready")) {
        clearInterval(t);
        resolve(output);
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(t);
      reject(Object.assign(new Error(`exited with ${code}`), { output }));
    });
  });
  ready.catch(() => {}); // a start that is expected to fail is awaited through `exited`
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  return { child, ready, exited, output: () => output };
}

const postgresFor = (dataDir: string) =>
  spawnSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .stdout.split("\n")
    .filter((l) => l.includes(`-D ${dataDir}`)).length;

describe.skipIf(!hasBuild)("npm start (scripts/runboard.mjs)", () => {
  it("serves on PORT with an embedded database, prints the tracking URI, and stops cleanly on SIGINT", async () => {
    const port = await freePort();
    const a = start(port);
    const out = await a.ready;
    expect(out).toContain(`MLFLOW_TRACKING_URI=http://localhost:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const create = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/experiments/create`, { method: "POST", body: JSON.stringify({ name: "survives-restart" }), headers: { "Content-Type": "application/json" } });
    expect(create.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/experiments`);
    expect(page.status).toBe(200);

    // A second start on the same RUNBOARD_HOME is refused with a clear message.
    const b = start(await freePort());
    expect(await b.exited).not.toBe(0);
    expect(b.output()).toMatch(/already running/);

    a.child.kill("SIGINT");
    expect(await a.exited).toBe(0);
    expect(postgresFor(path.join(home, "pgdata"))).toBe(0);
    expect(existsSync(path.join(home, "runboard.pid"))).toBe(false);

    // Restart: same data.
    const c = start(port);
    await c.ready;
    const got = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/experiments/get-by-name?experiment_name=survives-restart`);
    expect(got.status).toBe(200);
    c.child.kill("SIGTERM");
    expect(await c.exited).toBe(0);
    expect(postgresFor(path.join(home, "pgdata"))).toBe(0);
  }, 180_000);
});
