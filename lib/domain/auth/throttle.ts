// Slows down password guessing, for every instance sharing the database: failed password
// checks are counted per username, per client address and overall in `auth_throttle`; past a
// threshold within the window, further attempts on that key are refused for an exponentially
// growing delay (1 s, 2 s, 4 s … up to 15 min) without checking the password.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";

const WINDOW_MS = 15 * 60_000;
const MAX_LOCK_MS = 15 * 60_000;

/** Failures tolerated per key kind before delays start. */
const THRESHOLDS = { user: 5, addr: 20, all: 1000 } as const;

export type ThrottleKey = { kind: keyof typeof THRESHOLDS; value: string };

export function throttleKeys(username: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ kind: "user", value: username.toLowerCase().slice(0, 300) }, { kind: "all", value: "" }];
  if (address) keys.push({ kind: "addr", value: address.slice(0, 100) });
  return keys;
}

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

/** Throws REQUEST_LIMIT_EXCEEDED (429) when any key is locked. */
export async function assertNotThrottled(keys: ThrottleKey[], tx: Tx = db): Promise<void> {
  const now = Date.now();
  const rows = await tx.$queryRaw<{ locked_until: bigint }[]>(Prisma.sql`
    SELECT max(locked_until) AS locked_until FROM auth_throttle WHERE key = ANY(${keys.map(keyOf)}::text[]) AND locked_until > ${BigInt(now)}`);
  const until = rows[0]?.locked_until;
  if (until !== null && until !== undefined) {
    const seconds = Math.max(1, Math.ceil((Number(until) - now) / 1000));
    throw new ThrottledError(seconds);
  }
}

export class ThrottledError extends DomainError {
  constructor(public readonly retryAfterSeconds: number) {
    super("REQUEST_LIMIT_EXCEEDED", `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} s.`);
  }
}

/** Counts one failure on each key; locks the ones past their threshold. */
export async function recordFailure(keys: ThrottleKey[], tx: Tx = db): Promise<void> {
  const now = Date.now();
  for (const k of keys) {
    const threshold = THRESHOLDS[k.kind];
    const failures = Prisma.sql`CASE WHEN t.window_start < ${BigInt(now - WINDOW_MS)} THEN 1 ELSE t.failures + 1 END`;
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO auth_throttle AS t (key, failures, window_start, locked_until) VALUES (${keyOf(k)}, 1, ${BigInt(now)}, 0)
      ON CONFLICT (key) DO UPDATE SET
        failures = ${failures},
        window_start = CASE WHEN t.window_start < ${BigInt(now - WINDOW_MS)} THEN ${BigInt(now)} ELSE t.window_start END,
        locked_until = CASE WHEN ${failures} >= ${threshold}
          THEN ${BigInt(now)} + least(${MAX_LOCK_MS}::bigint, (1000 * power(2, least(30, ${failures} - ${threshold})))::bigint)
          ELSE 0 END`);
  }
}

/** A successful sign-in clears the user's counter (not the address's: one good password does not excuse a spray). */
export async function recordSuccess(username: string, tx: Tx = db): Promise<void> {
  await tx.$executeRaw(Prisma.sql`DELETE FROM auth_throttle WHERE key = ${keyOf({ kind: "user", value: username.toLowerCase().slice(0, 300) })}`);
}
