import "server-only";
import type pg from "pg";
import { getPool, Prisma, type Tx } from "@/lib/db";

// A transaction on a plain pg connection from the pool under Prisma, for the import's hot write
// (one run per request, a dozen statements): Prisma's interactive transaction roughly doubles
// the cost of each statement there. It offers the two methods the domain's raw-SQL helpers use
// ($executeRaw, $queryRaw — tagged templates or Prisma.Sql); values stay bound parameters.

export interface RawTx {
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
}

const toSql = (q: TemplateStringsArray | Prisma.Sql, values: unknown[]) => (q instanceof Prisma.Sql ? q : Prisma.sql(q, ...values));

function rawTx(client: pg.PoolClient): RawTx {
  return {
    async $executeRaw(q, ...values) {
      const s = toSql(q, values);
      return (await client.query(s.text, s.values)).rowCount ?? 0;
    },
    async $queryRaw<T>(q: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const s = toSql(q, values);
      return (await client.query(s.text, s.values)).rows as T;
    },
  };
}

/**
 * Runs `fn` in a transaction on one pooled pg connection. `fn` gets it as a `Tx` for the domain
 * helpers that only run raw SQL through $executeRaw / $queryRaw (anything else on it throws).
 * Results come as pg returns them: int8 as strings, so queries cast what they read.
 */
export async function inPgTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const out = await fn(rawTx(client) as unknown as Tx);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
