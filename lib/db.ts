import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

// One Prisma client per process (cached on globalThis so dev hot reload does not open new
// pools). Created lazily so `next build` never needs a database.
const g = globalThis as unknown as { runboardDb?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set. Start Runboard with `npm start` (it sets one up) or export DATABASE_URL.");
  }
  const max = Number(process.env.RUNBOARD_DB_POOL_SIZE ?? 10);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

export function getDb(): PrismaClient {
  if (!g.runboardDb) g.runboardDb = createClient();
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
