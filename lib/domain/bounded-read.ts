// Bounds on the expensive reads (searches, metric histories): each runs in a transaction with
// `SET LOCAL statement_timeout` (RUNBOARD_QUERY_TIMEOUT, default 30 s) and JIT off, and is
// cancelled in PostgreSQL (pg_cancel_backend) when the HTTP request that asked for it is aborted,
// so a client that gave up leaves no query running. A timeout answers DEADLINE_EXCEEDED (504), an
// aborted request CANCELLED (499, which nobody reads) — never a 500.
//
// The request's AbortSignal (and id) reach the domain through withRequestContext (set by
// mlflowRoute for every REST call); the domain never sees the Request itself. While it runs, a
// bounded query's application_name is `runboard <request id>`, so an operator can tell in
// pg_stat_activity which request a long query belongs to.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { db, getPool, Prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { isRootClient } from "@/lib/domain/tx";

interface RequestContext {
  signal?: AbortSignal;
  /** Shown as the query's application_name in pg_stat_activity (`runboard <id>`). */
  requestId?: string;
}

const contexts = new AsyncLocalStorage<RequestContext>();
const REQUEST_ID = /^[\w.:/+=-]{1,64}$/;

/** Runs `fn` with the current request's abort signal and id (from X-Request-Id, when valid). */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  const requestId = ctx.requestId && REQUEST_ID.test(ctx.requestId) ? ctx.requestId : undefined;
  return contexts.run({ signal: ctx.signal, requestId }, fn);
}

/** The current request's abort signal, if any. */
export function currentRequestSignal(): AbortSignal | undefined {
  return contexts.getStore()?.signal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** RUNBOARD_QUERY_TIMEOUT: `30s`, `2m`, `500ms` or a number of seconds; `0` turns the bound off. */
export function queryTimeoutMs(env: string | undefined = process.env.RUNBOARD_QUERY_TIMEOUT): number {
  if (env === undefined || env.trim() === "") return DEFAULT_TIMEOUT_MS;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(env);
  if (!m) return DEFAULT_TIMEOUT_MS;
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
}

/** SQLSTATE 57014 (query_canceled) anywhere in a Prisma / pg error. */
function canceledKind(e: unknown): "timeout" | "cancel" | null {
  if (typeof e !== "object" || e === null) return null;
  const err = e as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string; message?: string } } } };
  const cause = err.meta?.driverAdapterError?.cause;
  const text = `${err.message ?? ""} ${cause?.originalMessage ?? ""} ${cause?.message ?? ""}`;
  if (err.code !== "57014" && cause?.originalCode !== "57014" && !/canceling statement due to/.test(text)) return null;
  return /statement timeout/.test(text) ? "timeout" : "cancel";
}

export function deadlineExceeded(ms: number): DomainError {
  return new DomainError(
    "DEADLINE_EXCEEDED",
    `The query took longer than ${ms / 1000} s and was stopped (RUNBOARD_QUERY_TIMEOUT). Narrow the filter, ask for fewer results, or raise the limit.`,
  );
}

export const requestCancelled = () => new DomainError("CANCELLED", "The request was cancelled by the client; its query was stopped.");

/**
 * Runs the reads of `fn` under the query bounds. On the root client it opens a transaction
 * (one connection) for them; inside a caller's transaction it sets the bounds for the rest of
 * that transaction. Keep `fn` to reads: a timeout rolls the transaction back.
 */
export async function boundedRead<T>(tx: Tx, fn: (t: Tx) => Promise<T>): Promise<T> {
  const ms = queryTimeoutMs();
  const ctx = contexts.getStore();
  const signal = ctx?.signal;
  if (signal?.aborted) throw requestCancelled();
  const appName = ctx?.requestId ? `runboard ${ctx.requestId}` : "runboard";
  const run = async (t: Tx): Promise<T> => {
    const [{ pid }] = await t.$queryRaw<{ pid: number }[]>(Prisma.sql`
      SELECT pg_backend_pid() AS pid, set_config('statement_timeout', ${String(ms)}, true), set_config('jit', 'off', true),
        set_config('application_name', ${appName}, true)`);
    let cancelling: Promise<unknown> | undefined;
    const onAbort = () => {
      cancelling = getPool()
        .query("SELECT pg_cancel_backend($1)", [pid])
        .catch(() => {});
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await fn(t);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      // The cancel must have reached the backend before its connection serves anyone else.
      await cancelling;
    }
  };
  try {
    if (!isRootClient(tx)) return await run(tx);
    // Prisma's own transaction timeout must not cut the query before PostgreSQL's does.
    return await db.$transaction(run, { timeout: ms > 0 ? ms + 10_000 : 24 * 3600_000, maxWait: 10_000 });
  } catch (e) {
    const kind = canceledKind(e);
    if (kind === "timeout") throw deadlineExceeded(ms);
    if (kind === "cancel" || signal?.aborted) throw requestCancelled();
    throw e;
  }
}

/** Rows per FETCH of a streamed read (boundedCursor); RUNBOARD_STREAM_CHUNK overrides it (tests use a small one). */
export function streamChunkRows(env: string | undefined = process.env.RUNBOARD_STREAM_CHUNK): number {
  const n = Number(env);
  return Number.isInteger(n) && n > 0 ? n : 10_000;
}

let cursorSeq = 0;

/**
 * Streams the rows of one read-only query, `chunkSize` at a time, through a server-side cursor
 * (DECLARE … FETCH) on one pooled connection, so a million-row answer is never in memory whole:
 * the caller writes each chunk out before asking for the next. Rows come as arrays in SELECT
 * order, as node-postgres parses them (int8 and numeric as text, float8 as number).
 *
 * The bounds of boundedRead hold for every statement: `statement_timeout` per FETCH, JIT off,
 * `application_name` from the request id, and the request's abort signal cancels the statement
 * running. A consumer that stops reading holds the transaction open; PostgreSQL ends it after
 * the same timeout (`idle_in_transaction_session_timeout`), and the next FETCH fails. The first
 * `next()` opens the cursor and reads the first chunk, so a caller that awaits it sees a
 * timeout, a cancel or a bad query before it has written anything. Returning early (the client
 * went away) closes the cursor and gives the connection back.
 */
export async function* boundedCursor(query: Prisma.Sql, chunkSize = streamChunkRows()): AsyncGenerator<unknown[][], void, undefined> {
  const ms = queryTimeoutMs();
  const ctx = contexts.getStore();
  const signal = ctx?.signal;
  if (signal?.aborted) throw requestCancelled();
  const appName = ctx?.requestId ? `runboard ${ctx.requestId}` : "runboard";
  const client = await getPool().connect();
  // A checked-out client's connection errors (the session ended by the idle timeout, a restart)
  // are emitted on it, not on the pool: without a listener they would crash the process.
  let broken: Error | undefined;
  const onError = (e: Error) => (broken = e);
  client.on("error", onError);
  const name = `runboard_stream_${++cursorSeq}`;
  let cancelling: Promise<unknown> | undefined;
  let pid: number | undefined;
  const onAbort = () => {
    if (pid !== undefined) cancelling = getPool().query("SELECT pg_cancel_backend($1)", [pid]).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  let done = false;
  try {
    await client.query("BEGIN READ ONLY");
    const set = await client.query<{ pid: number }>(
      `SELECT pg_backend_pid() AS pid, set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true),
        set_config('jit', 'off', true), set_config('application_name', $2, true)`,
      [String(ms), appName],
    );
    pid = set.rows[0].pid;
    if (signal?.aborted) throw requestCancelled();
    await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${query.text}`, query.values);
    for (;;) {
      const r = await client.query({ text: `FETCH ${chunkSize} FROM ${name}`, rowMode: "array" });
      const rows = r.rows as unknown[][];
      if (rows.length) yield rows;
      if (rows.length < chunkSize) break;
    }
    await client.query("COMMIT");
    done = true;
  } catch (e) {
    const kind = canceledKind(e);
    if (kind === "timeout") throw deadlineExceeded(ms);
    if (kind === "cancel" || signal?.aborted) throw requestCancelled();
    throw e;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await cancelling;
    if (!done && !broken) await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    client.off("error", onError);
    // A connection that failed is dropped from the pool, not handed to the next request.
    client.release(broken);
  }
}
