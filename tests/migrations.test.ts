import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, migrate, readMigrations, DEFAULT_MIGRATIONS_DIR } from "../scripts/lib/migrations.mjs";

const server = process.env.RUNBOARD_TEST_SERVER_URL!;
const created: string[] = [];
const tmpDirs: string[] = [];

async function freshDb(tag: string) {
  const name = `runboard_mig_${tag}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_test`;
  created.push(name);
  return createDatabase(server, name);
}

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  for (const name of created) await dropDatabase(server, name).catch(() => {});
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe("migration applier", () => {
  it("applies every migration on a fresh database and records it like Prisma", async () => {
    const url = await freshDb("fresh");
    const all = await readMigrations();
    const result = await migrate({ connectionString: url });
    expect(result.applied).toEqual(all.map((m) => m.name));
    const rows = await query(url, `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(all[i].checksum);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
    }
    // Experiment "0" (Default) exists on a fresh database, as the MLflow client assumes.
    const exp = await query(url, `SELECT id, name, artifact_location FROM experiments WHERE id = 0`);
    expect(exp).toEqual([{ id: 0, name: "Default", artifact_location: "mlflow-artifacts:/0" }]);
  });

  it("is a no-op when re-run", async () => {
    const url = await freshDb("rerun");
    await migrate({ connectionString: url });
    const again = await migrate({ connectionString: url });
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBe((await readMigrations()).length);
    const rows = await query(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(again.skipped.length);
  });

  it("serialises concurrent appliers (several instances starting at once): each migration applied once", async () => {
    const url = await freshDb("concurrent");
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate({ connectionString: url })));
    const total = (await readMigrations()).length;
    expect(results.reduce((n, r) => n + r.applied.length, 0)).toBe(total);
    // The first to take the lock applies everything; the others find it done.
    expect(results.filter((r) => r.applied.length === total)).toHaveLength(1);
    const rows = await query(url, `SELECT count(*)::int AS n, count(DISTINCT migration_name)::int AS d FROM "_prisma_migrations"`);
    expect(rows[0]).toEqual({ n: total, d: total });
  });

  it("refuses an applied migration whose file changed", async () => {
    const url = await freshDb("changed");
    const dir = mkdtempSync(path.join(os.tmpdir(), "runboard-mig-"));
    tmpDirs.push(dir);
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await migrate({ connectionString: url, dir });
    const [first] = await readMigrations(dir);
    writeFileSync(path.join(dir, first.name, "migration.sql"), first.sql + "\n-- edited after the fact\n");
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(/was modified after it was applied/);
  });

  it("applies a new migration on top, in order, and rolls back a failing one completely", async () => {
    const url = await freshDb("newer");
    const dir = mkdtempSync(path.join(os.tmpdir(), "runboard-mig-"));
    tmpDirs.push(dir);
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await migrate({ connectionString: url, dir });
    mkdirSync(path.join(dir, "29990101000000_add_probe"));
    writeFileSync(path.join(dir, "29990101000000_add_probe", "migration.sql"), `CREATE TABLE "probe" ("id" INTEGER NOT NULL);`);
    mkdirSync(path.join(dir, "29990102000000_broken"));
    writeFileSync(path.join(dir, "29990102000000_broken", "migration.sql"), `CREATE TABLE "half" ("id" INTEGER);\nSELECT no_such_function();`);
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(/29990102000000_broken failed and was rolled back/);
    const tables = await query(url, `SELECT table_name FROM information_schema.tables WHERE table_name IN ('probe', 'half') ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(["probe"]);
    const names = await query(url, `SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '2999%'`);
    expect(names.map((r) => r.migration_name)).toEqual(["29990101000000_add_probe"]);
  });
});
