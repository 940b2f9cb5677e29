// A throwaway Runboard instance for tests and benchmarks: a fresh database on a PostgreSQL
// server, migrated, a temp artifact root, and the production build (`next build`) served by
// Runboard's production server (scripts/server.mjs) on a free port. `stop()` ends the server and
// drops the database.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./embedded-db.mjs";
import { createDatabase, dropDatabase, migrate } from "./migrations.mjs";
import { ROOT } from "./config.mjs";

/**
 * @param {{ serverUrl: string, name?: string, port?: number, env?: Record<string, string>, stdio?: "ignore" | "inherit" }} o
 *   serverUrl: any connection URL of the PostgreSQL server (the database named in it is not touched)
 * @returns {Promise<{ url: string, port: number, databaseUrl: string, artifactRoot: string, stop: () => Promise<void> }>}
 */
export async function startInstance(o) {
  const dbName = `runboard_${o.name ?? "instance"}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}_test`;
  const databaseUrl = await createDatabase(o.serverUrl, dbName);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-instance-"));
  let child;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await dropDatabase(o.serverUrl, dbName).catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await migrate({ connectionString: databaseUrl });
    const port = o.port ?? (await freePort());
    const artifactRoot = path.join(tmp, "artifacts");
    child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, ...o.env, DATABASE_URL: databaseUrl, RUNBOARD_ARTIFACT_ROOT: artifactRoot, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", o.stdio ?? "ignore", "inherit"],
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the Runboard instance exited with ${child.exitCode} while starting`);
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // starting
      }
      if (i > 400) throw new Error("the Runboard instance did not answer /health within 60 s");
      await new Promise((r) => setTimeout(r, 150));
    }
    return { url, port, databaseUrl, artifactRoot, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
