import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

// One Prisma client per process (cached on globalThis so dev hot reload does not open new
// pools). Created lazily so `next build` never needs a database.
const g = globalThis as unknown as { runboardDb?: PrismaClient; runboardDbSchema?: string; runboardPool?: pg.Pool };

/** The generated client's fields (identical in every route bundle; changes when the schema does). */
const SCHEMA_SIGNATURE = JSON.stringify(Object.entries(Prisma).filter(([k]) => k.endsWith("ScalarFieldEnum")));

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set. Start Runboard with `npm start` (it sets one up) or export DATABASE_URL.");
  }
  const max = Number(process.env.RUNBOARD_DB_POOL_SIZE ?? 10);
  // The pool is created here (not by the adapter) so hot paths can share it through getPool().
  const pool = new pg.Pool({ connectionString, max });
  g.runboardPool = pool;
  // Interactive transactions default to a 5 s timeout; a busy 2-core machine can exceed that
  // for a large registry write. Transactions here are short; this only bounds pathological waits.
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions: { maxWait: 10_000, timeout: 30_000 } });
}

/**
 * The pg pool under the Prisma client (same connections). Only for hot paths where Prisma's
 * per-parameter overhead dominates (runs/log-batch sends ~100 KB of JSON per request); values
 * are still always bound parameters.
 */
export function getPool(): pg.Pool {
  getDb();
  // A client cached by an older version of this module (dev hot reload) has no pool of ours.
  g.runboardPool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.RUNBOARD_DB_POOL_SIZE ?? 10) });
  return g.runboardPool;
}

export function getDb(): PrismaClient {
  // In dev, `npm run db:generate` reloads the generated client module: drop the client built
  // from the previous one (it would reject the new schema's fields).
  if (process.env.NODE_ENV !== "production" && g.runboardDb && g.runboardDbSchema !== SCHEMA_SIGNATURE) {
    void g.runboardDb.$disconnect().catch(() => {});
    g.runboardDb = undefined;
  }
  if (!g.runboardDb) {
    g.runboardDb = createClient();
    g.runboardDbSchema = SCHEMA_SIGNATURE;
  }
  return g.runboardDb;
}

/** The Prisma client. A proxy so importing this module does not connect. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** `db` itself or the client handed to a `db.$transaction(async (tx) => …)` callback. */
export type Tx = Prisma.TransactionClient;
export { Prisma };
