import "server-only";
import { db, getDb, type Tx } from "@/lib/db";

// Transaction helpers shared by every domain module. A domain function takes an optional `tx`
// (defaulting to the root client `db`) so a caller can make it part of a larger transaction;
// these helpers are how a function honours that without caring which of the two it got.

/** True for the process-wide client (`db` or the client behind it), false inside a transaction. */
export function isRootClient(tx: Tx): boolean {
  // Prisma's transaction client also has a $transaction method, so compare identities instead.
  return (tx as unknown) === db || (tx as unknown) === getDb();
}

/** Runs `fn` in a transaction: a new one on the root client, or the caller's when `tx` already is one. */
export function inTransaction<T>(tx: Tx, fn: (t: Tx) => Promise<T>): Promise<T> {
  return isRootClient(tx) ? db.$transaction((t) => fn(t)) : fn(tx);
}

/**
 * Runs independent reads: in parallel on the pooled client, one after another inside a
 * transaction (a transaction is one connection; pg deprecates overlapping queries on it).
 */
export async function readAll<T extends readonly unknown[]>(tx: Tx, thunks: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (isRootClient(tx)) return (await Promise.all(thunks.map((f) => f()))) as unknown as T;
  const out: unknown[] = [];
  for (const f of thunks) out.push(await f());
  return out as unknown as T;
}
