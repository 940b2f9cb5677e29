// Offline migration applier for Prisma's migration layout.
//
// Applies prisma/migrations/<timestamp>_<name>/migration.sql in name order, each in its own
// transaction, and records it in `_prisma_migrations` exactly as `prisma migrate deploy` does
// (same table, same sha256 checksum of the file), so the two tools agree about what is applied.
// Re-running is a no-op; an applied migration whose file has changed is refused.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const DEFAULT_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

// Same definition Prisma's schema engine uses.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Arbitrary constant: serialises concurrent appliers on the same database.
const LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(message) {
    super(message);
    this.name = "MigrationError";
  }
}

/** @returns {Promise<{name: string, sql: string, checksum: string}[]>} */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR) {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const out = [];
  for (const name of entries) {
    const file = path.join(dir, name, "migration.sql");
    try {
      await stat(file);
    } catch {
      continue; // Prisma ignores folders without migration.sql too
    }
    const buf = await readFile(file);
    out.push({ name, sql: buf.toString("utf8"), checksum: createHash("sha256").update(buf).digest("hex") });
  }
  return out;
}

/**
 * Applies pending migrations.
 * @param {{ connectionString: string, dir?: string, log?: (msg: string) => void }} opts
 * @returns {Promise<{ applied: string[], skipped: string[] }>}
 */
export async function migrate({ connectionString, dir = DEFAULT_MIGRATIONS_DIR, log = () => {} }) {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  // A connection lost between two queries (the server stopping) is emitted as an event; without
  // a listener it would crash the process. The next query rejects with it, which we report.
  client.on("error", () => {});
  await client.connect();
  const applied = [];
  const skipped = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const done = new Map();
    for (const r of rows) {
      if (r.rolled_back_at) continue;
      if (!r.finished_at) {
        throw new MigrationError(
          `Migration ${r.migration_name} started but did not finish (a failed \`prisma migrate deploy\`?). ` +
            `Fix the database by hand, then mark it rolled back or delete its row in _prisma_migrations.`,
        );
      }
      done.set(r.migration_name, r.checksum);
    }
    const known = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!known.has(name)) log(`warning: migration ${name} is applied in the database but missing from ${dir}`);
    }
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was modified after it was applied (checksum ${previous.slice(0, 12)}… in the database, ` +
              `${m.checksum.slice(0, 12)}… on disk). Never edit an applied migration: revert the file and add a new migration.`,
          );
        }
        skipped.push(m.name);
        continue;
      }
      const id = randomUUID();
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, now(), 1)`,
          [id, m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${e instanceof Error ? e.message : e}`);
      }
      applied.push(m.name);
      log(`applied migration ${m.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return { applied, skipped };
}

/** Creates database `name` on the server of `connectionString` (which points at any database). */
export async function createDatabase(connectionString, name) {
  const client = new pg.Client({ connectionString: withDatabase(connectionString, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  return withDatabase(connectionString, name);
}

export async function dropDatabase(connectionString, name) {
  const client = new pg.Client({ connectionString: withDatabase(connectionString, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function withDatabase(connectionString, name) {
  const u = new URL(connectionString);
  u.pathname = "/" + encodeURIComponent(name);
  return u.toString();
}
