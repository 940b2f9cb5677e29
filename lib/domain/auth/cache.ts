// Short-lived in-process caches for credential and identity lookups, invalidated across every
// instance sharing the database by PostgreSQL LISTEN/NOTIFY:
// - a change (revoke, password, admin flag, membership, grant) calls `notifyAuthChange(tx, …)`
//   in its own transaction; PostgreSQL delivers the notification at commit to every listener,
//   this instance included, which drops the affected entries;
// - entries also expire after RUNBOARD_AUTH_CACHE_SECONDS (default 30) — the backstop for a
//   notification lost with a broken connection;
// - while this instance's listening connection is down, nothing is served from the caches.
import "server-only";
import pg from "pg";
import { Prisma, type Tx } from "@/lib/db";
import { authCacheTtlMs } from "@/lib/domain/auth/config";

const CHANNEL = "runboard_auth";

/** What changed: one user's credentials/identity, one principal's grants, or everything. */
export type AuthChange = { user: number } | { principal: number } | { all: true };

interface Entry<V> {
  value: V;
  at: number;
}

export class TtlCache<V> {
  private map = new Map<string, Entry<V>>();
  constructor(private readonly max = 10_000) {}

  get(key: string): V | undefined {
    if (!listenerHealthy()) return undefined;
    const e = this.map.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > authCacheTtlMs()) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (!listenerHealthy()) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { value, at: Date.now() });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  deleteWhere(pred: (value: V, key: string) => boolean): void {
    for (const [k, e] of this.map) if (pred(e.value, k)) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }
}

type Invalidator = (change: AuthChange) => void;

const g = globalThis as unknown as {
  runboardAuthInvalidators?: Set<Invalidator>;
  runboardAuthListener?: { client?: pg.Client; healthy: boolean; starting?: Promise<void>; retry?: NodeJS.Timeout };
};
const invalidators = (g.runboardAuthInvalidators ??= new Set());
const listener = (g.runboardAuthListener ??= { healthy: false });

/** Registers a function that drops cache entries for a change (called locally and on NOTIFY). */
export function onAuthChange(fn: Invalidator): void {
  invalidators.add(fn);
}

function apply(change: AuthChange): void {
  for (const fn of invalidators) fn(change);
}

function listenerHealthy(): boolean {
  return listener.healthy;
}

/** Starts (once) the LISTEN connection; until it is up, caches stay empty. */
export function ensureAuthListener(): void {
  if (listener.healthy || listener.starting || listener.retry) return;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) return;
  listener.starting = (async () => {
    const client = new pg.Client({ connectionString });
    const fail = () => {
      if (listener.client !== client) return;
      listener.healthy = false;
      listener.client = undefined;
      apply({ all: true });
      void client.end().catch(() => {});
      listener.retry = setTimeout(() => {
        listener.retry = undefined;
        ensureAuthListener();
      }, 2000);
      listener.retry.unref?.();
    };
    try {
      client.on("error", fail);
      client.on("end", fail);
      client.on("notification", (msg) => {
        if (msg.channel !== CHANNEL) return;
        try {
          apply(JSON.parse(msg.payload ?? '{"all":true}') as AuthChange);
        } catch {
          apply({ all: true });
        }
      });
      listener.client = client;
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // The socket must not keep a finished process (a test, a script) alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      apply({ all: true });
      listener.healthy = true;
    } catch {
      fail();
    } finally {
      listener.starting = undefined;
    }
  })();
}

/**
 * Announces a change to every instance (delivered when `tx` commits) and drops this instance's
 * entries right away.
 */
export async function notifyAuthChange(tx: Tx, change: AuthChange): Promise<void> {
  apply(change);
  await tx.$executeRaw(Prisma.sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(change)})`);
}

/** Drops this instance's entries for a change (after a commit that announced it, to close the window before the NOTIFY arrives). */
export function forgetLocally(change: AuthChange): void {
  apply(change);
}

/** Stops listening (tests). */
export async function stopAuthListener(): Promise<void> {
  const c = listener.client;
  listener.client = undefined;
  listener.healthy = false;
  if (listener.retry) clearTimeout(listener.retry);
  listener.retry = undefined;
  await c?.end().catch(() => {});
}
