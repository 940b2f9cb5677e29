// Vitest global setup: a fresh, migrated PostgreSQL database for this run.
// - DATABASE_URL set: it must point at a local server; a new database "runboard_<id>_test" is
//   created there (the database named in the URL is never touched) and dropped afterwards.
// - DATABASE_URL unset: an embedded PostgreSQL is started in a temp dir for this run only.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase, dropDatabase, migrate } from "../scripts/lib/migrations.mjs";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-db.mjs";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export default async function setup() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "runboard-vitest-"));
  let serverUrl = process.env.DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), database: "postgres" });
    serverUrl = embedded.adminUrl;
  } else {
    const host = new URL(serverUrl).hostname;
    if (!LOCAL_HOSTS.has(host) && process.env.RUNBOARD_TEST_ALLOW_REMOTE !== "1") {
      throw new Error(`Refusing to run tests against ${host}: DATABASE_URL must point at a local PostgreSQL (set RUNBOARD_TEST_ALLOW_REMOTE=1 to override).`);
    }
  }
  const name = `runboard_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}_test`;
  const url = await createDatabase(serverUrl, name);
  await migrate({ connectionString: url });
  process.env.DATABASE_URL = url;
  process.env.RUNBOARD_TEST_SERVER_URL = serverUrl;
  process.env.RUNBOARD_ARTIFACT_ROOT = path.join(tmp, "artifacts");
  return async () => {
    await dropDatabase(serverUrl!, name).catch(() => {});
    await embedded?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
}
