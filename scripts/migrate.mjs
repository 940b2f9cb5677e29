#!/usr/bin/env node
// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or — when it is unset — to
// the embedded PostgreSQL in RUNBOARD_HOME (started just for this and stopped afterwards).
import { acquireLock, startEmbeddedPostgres } from "./lib/embedded-db.mjs";
import { migrate, MigrationError } from "./lib/migrations.mjs";
import { loadDotEnv, redact, resolveConfig } from "./lib/config.mjs";

loadDotEnv();
const cfg = resolveConfig();
let embedded;
let release = () => {};
try {
  let url = cfg.databaseUrl;
  if (!url) {
    release = acquireLock(cfg.home);
    embedded = await startEmbeddedPostgres({ dataDir: cfg.pgDataDir, log: (m) => console.log(m) });
    url = embedded.url;
  }
  console.log(`migrating ${redact(url)}`);
  const { applied, skipped } = await migrate({ connectionString: url, log: (m) => console.log("  " + m) });
  console.log(applied.length ? `${applied.length} migration(s) applied, ${skipped.length} already applied.` : `Database is up to date (${skipped.length} migrations).`);
} catch (e) {
  console.error(e instanceof MigrationError ? `Migration refused: ${e.message}` : `Migration failed: ${e?.message ?? e}`);
  process.exitCode = 1;
} finally {
  await embedded?.stop();
  release();
}
