// Drift test: the migrated database must match prisma/schema.prisma exactly — tables, columns,
// types, nullability, defaults, enums, primary keys, unique constraints, indexes and foreign
// keys. The expected model is read from Prisma's own DMMF (prisma-schema-wasm, the same parser
// the Prisma CLI uses), never from a hand-kept list.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, migrate } from "../scripts/lib/migrations.mjs";

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string | null; fields: { name: string; sortOrder?: "asc" | "desc" }[] };
type Dmmf = { datamodel: { models: DmmfModel[]; enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[]; indexes: DmmfIndex[] } };

const require = createRequire(import.meta.url);

function loadDmmf(): Dmmf {
  // The wasm module reports panics through this global; give it somewhere to write.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => console.error(m) };
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf: (params: string) => string };
  const schema = readFileSync(path.resolve(import.meta.dirname, "../prisma/schema.prisma"), "utf8");
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
}

const dmmf = loadDmmf();
const models = dmmf.datamodel.models;
const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;
const enumDbName = (name: string) => {
  const e = dmmf.datamodel.enums.find((x) => x.name === name)!;
  return e.dbName ?? e.name;
};

/** The PostgreSQL type Prisma creates for a field, as format_type() prints it. */
function expectedType(f: DmmfField): string {
  let t: string;
  if (f.kind === "enum") t = enumDbName(f.type);
  else if (f.nativeType) {
    const [name, args] = f.nativeType;
    const map: Record<string, string> = { VarChar: "character varying", Char: "character", Text: "text", Uuid: "uuid", SmallInt: "smallint", Integer: "integer", BigInt: "bigint", DoublePrecision: "double precision", Real: "real", JsonB: "jsonb", Json: "json", Timestamptz: "timestamp with time zone", Timestamp: "timestamp without time zone", Boolean: "boolean", Decimal: "numeric" };
    t = map[name] ?? name.toLowerCase();
    if (args.length) t += `(${args.join(",")})`;
  } else {
    const map: Record<string, string> = { String: "text", Int: "integer", BigInt: "bigint", Float: "double precision", Boolean: "boolean", Json: "jsonb", DateTime: "timestamp(3) without time zone", Decimal: "numeric(65,30)", Bytes: "bytea" };
    t = map[f.type];
  }
  return f.isList ? `${t}[]` : t;
}

/** A column default as Prisma writes it, normalised the way we normalise the database's. */
function expectedDefault(f: DmmfField): string | null {
  if (!f.hasDefaultValue) return null;
  const d = f.default as unknown;
  if (d && typeof d === "object" && !Array.isArray(d) && "name" in d) {
    const name = (d as { name: string }).name;
    if (name === "autoincrement") return "nextval";
    if (name === "now") return "CURRENT_TIMESTAMP";
    return name;
  }
  if (Array.isArray(d)) return `ARRAY[${d.map((x) => `'${x}'`).join(",")}]`;
  return String(d);
}

function normaliseDbDefault(def: string | null): string | null {
  if (def === null) return null;
  if (def.startsWith("nextval(")) return "nextval";
  let s = def.replace(/::[a-z_ ]+(\(\d+\))?(\[\])?/gi, ""); // drop casts
  if (/^ARRAY\[/.test(s)) return s.replace(/\s+/g, "");
  if (/^'.*'$/s.test(s)) s = s.slice(1, -1).replace(/''/g, "'");
  return s;
}

async function rows<T>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

const sortStr = (xs: string[]) => [...xs].sort();

/** Every difference between the database behind `client` and the schema, as readable lines. */
async function collectDrift(client: pg.Client): Promise<Record<string, { expected: string[]; actual: string[] }>> {
  const out: Record<string, { expected: string[]; actual: string[] }> = {};

  const tables = await rows<{ t: string }>(client, `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`);
  out.tables = { expected: sortStr(models.map(tableOf)), actual: sortStr(tables.map((r) => r.t)) };

  const enums = await rows<{ name: string; values: string[] }>(
    client,
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  out.enums = {
    expected: sortStr(dmmf.datamodel.enums.map((e) => `${e.dbName ?? e.name}: ${e.values.map((v) => v.dbName ?? v.name).join(", ")}`)),
    actual: sortStr(enums.map((e) => `${e.name}: ${e.values.join(", ")}`)),
  };

  const cols = await rows<{ table: string; name: string; type: string; notnull: boolean; def: string | null }>(
    client,
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const describeCol = (table: string, name: string, type: string, notNull: boolean, def: string | null) =>
    `${table}.${name} ${type}${notNull ? " NOT NULL" : ""}${def === null ? "" : ` DEFAULT ${def}`}`;
  out.columns = {
    expected: sortStr(
      models.flatMap((m) =>
        m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => describeCol(tableOf(m), columnOf(f), expectedType(f), f.isList ? false : f.isRequired, expectedDefault(f))),
      ),
    ),
    actual: sortStr(cols.map((c) => describeCol(c.table, c.name, c.type, c.notnull, normaliseDbDefault(c.def)))),
  };

  const idx = await rows<{ table: string; unique: boolean; primary: boolean; cols: string[] }>(
    client,
    `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname || CASE WHEN (ix.indoption[k.i - 1] & 1) = 1 THEN ' DESC' ELSE '' END ORDER BY k.i)::text[] AS cols
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, i)
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
     GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
  );
  const describeIdx = (table: string, kind: string, c: string[]) => `${table} ${kind} (${c.join(", ")})`;
  out.indexes = {
    expected: sortStr(
      dmmf.datamodel.indexes.map((ix) => {
        const model = models.find((m) => m.name === ix.model)!;
        const c = ix.fields.map((f) => columnOf(model.fields.find((x) => x.name === f.name)!) + (f.sortOrder === "desc" ? " DESC" : ""));
        return describeIdx(tableOf(model), ix.type === "id" ? "PRIMARY KEY" : ix.type === "unique" ? "UNIQUE" : "INDEX", c);
      }),
    ),
    actual: sortStr(idx.map((r) => describeIdx(r.table, r.primary ? "PRIMARY KEY" : r.unique ? "UNIQUE" : "INDEX", r.cols))),
  };

  const fks = await rows<{ table: string; cols: string[]; ref: string; refcols: string[]; ondelete: string }>(
    client,
    `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref,
            (SELECT array_agg(a.attname ORDER BY k.i)::text[] FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
            (SELECT array_agg(a.attname ORDER BY k.i)::text[] FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS refcols,
            c.confdeltype AS ondelete
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const action: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
  const expectedFks: string[] = [];
  for (const m of models) {
    for (const f of m.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const target = models.find((x) => x.name === f.type)!;
      const c = f.relationFromFields.map((n) => columnOf(m.fields.find((x) => x.name === n)!));
      const refcols = f.relationToFields!.map((n) => columnOf(target.fields.find((x) => x.name === n)!));
      expectedFks.push(`${tableOf(m)}(${c.join(",")}) -> ${tableOf(target)}(${refcols.join(",")}) ON DELETE ${f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull")}`);
    }
  }
  out.foreignKeys = {
    expected: sortStr(expectedFks),
    actual: sortStr(fks.map((f) => `${f.table}(${f.cols.join(",")}) -> ${f.ref}(${f.refcols.join(",")}) ON DELETE ${action[f.ondelete]}`)),
  };
  return out;
}

const server = process.env.RUNBOARD_TEST_SERVER_URL!;
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

describe("schema drift: migrated database vs prisma/schema.prisma", () => {
  it("reads a non-trivial model from the DMMF", () => {
    expect(models.length).toBeGreaterThan(20);
    expect(dmmf.datamodel.indexes.length).toBeGreaterThan(40);
  });

  it("matches the schema exactly (tables, enums, columns, types, nullability, defaults, keys, indexes, foreign keys)", async () => {
    const drift = await collectDrift(client);
    for (const [aspect, { expected, actual }] of Object.entries(drift)) {
      expect(actual, `${aspect} differ between the migrated database and schema.prisma`).toEqual(expected);
    }
  });

  it("notices drift: each kind of change to a migrated database is reported", async () => {
    const name = `runboard_drift_${Date.now().toString(36)}_test`;
    const url = await createDatabase(server, name);
    const other = new pg.Client({ connectionString: url });
    try {
      await migrate({ connectionString: url });
      await other.connect();
      await other.query(`ALTER TABLE runs ALTER COLUMN name TYPE VARCHAR(100)`);
      await other.query(`ALTER TABLE params ALTER COLUMN value DROP NOT NULL`);
      await other.query(`ALTER TABLE runs ALTER COLUMN user_id SET DEFAULT 'someone'`);
      await other.query(`DROP INDEX runs_parent_run_id_idx`);
      await other.query(`DROP INDEX experiments_name_key`);
      await other.query(`ALTER TABLE run_tags ADD COLUMN extra INTEGER`);
      await other.query(`CREATE TABLE stray (id INTEGER)`);
      await other.query(`ALTER TYPE run_status ADD VALUE 'PAUSED'`);
      const drift = await collectDrift(other);
      const missing = (aspect: string) => drift[aspect].expected.filter((x) => !drift[aspect].actual.includes(x));
      const extra = (aspect: string) => drift[aspect].actual.filter((x) => !drift[aspect].expected.includes(x));
      expect(missing("columns")).toEqual(
        expect.arrayContaining(["runs.name character varying(250) NOT NULL", "params.value character varying(8000) NOT NULL", "runs.user_id character varying(256) NOT NULL DEFAULT "]),
      );
      expect(extra("columns")).toEqual(expect.arrayContaining(["runs.name character varying(100) NOT NULL", "run_tags.extra integer", "runs.user_id character varying(256) NOT NULL DEFAULT someone"]));
      expect(missing("indexes")).toEqual(expect.arrayContaining(["runs INDEX (parent_run_id)", "experiments UNIQUE (name)"]));
      expect(extra("tables")).toEqual(["stray"]);
      expect(extra("enums")).toEqual(["run_status: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED, PAUSED"]);
    } finally {
      await other.end().catch(() => {});
      await dropDatabase(server, name);
    }
  });
});
