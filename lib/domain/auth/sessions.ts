// Browser sessions: the cookie carries a random secret, the database its SHA-256 with the
// user, expiry and the device it was created from. Revoking (sign-out, password change, admin)
// takes effect on every instance at once.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { sessionLifetimeMs } from "@/lib/domain/auth/config";
import { newSecret, sha256Hex } from "@/lib/domain/auth/secrets";
import { notifyAuthChange } from "@/lib/domain/auth/cache";
import { requireSelfOrAdmin, requireSignedIn } from "@/lib/domain/auth/authorize";

export interface SessionRecord {
  id: number;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  userAgent: string | null;
  ipAddress: string | null;
  method: string;
}

/** Opens a session for a user who just proved who they are. Returns the cookie secret. */
export async function createSession(
  userId: number,
  meta: { userAgent?: string | null; ipAddress?: string | null; method?: string; identityId?: number | null } = {},
  tx: Tx = db,
): Promise<{ secret: string; expiresAt: number }> {
  const secret = newSecret("rbs");
  const now = Date.now();
  const expiresAt = now + sessionLifetimeMs();
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO sessions (user_id, token_hash, method, identity_id, created_at, expires_at, last_seen_at, user_agent, ip_address)
    VALUES (${userId}, ${sha256Hex(secret)}, ${meta.method ?? "password"}, ${meta.identityId ?? null}, ${BigInt(now)}, ${BigInt(expiresAt)},
            ${BigInt(now)}, ${meta.userAgent?.slice(0, 500) ?? null}, ${meta.ipAddress?.slice(0, 100) ?? null})`);
  return { secret, expiresAt };
}

/** The live session with this secret (no permission check: this is how the caller is found). */
export async function findLiveSession(secret: string, tx: Tx = db): Promise<{ id: number; userId: number; expiresAt: number } | null> {
  const rows = await tx.$queryRaw<{ id: number; user_id: number; expires_at: bigint }[]>(Prisma.sql`
    SELECT id, user_id, expires_at FROM sessions
    WHERE token_hash = ${sha256Hex(secret)} AND revoked_at IS NULL AND expires_at > ${BigInt(Date.now())}`);
  return rows[0] ? { id: rows[0].id, userId: rows[0].user_id, expiresAt: Number(rows[0].expires_at) } : null;
}

export async function touchSession(id: number, tx: Tx = db): Promise<void> {
  await tx.$executeRaw(Prisma.sql`UPDATE sessions SET last_seen_at = ${BigInt(Date.now())} WHERE id = ${id}`);
}

/** Sign-out: ends the session with this secret (a no-op for an unknown one). */
export async function endSession(secret: string, tx: Tx = db): Promise<void> {
  await inTransaction(tx, async (t) => {
    const rows = await t.$queryRaw<{ user_id: number }[]>(Prisma.sql`
      UPDATE sessions SET revoked_at = ${BigInt(Date.now())} WHERE token_hash = ${sha256Hex(secret)} AND revoked_at IS NULL RETURNING user_id`);
    if (rows[0]) await notifyAuthChange(t, { user: rows[0].user_id });
  });
}

/** The caller's live sessions, newest first. */
export async function listMySessions(tx: Tx = db): Promise<SessionRecord[]> {
  const c = await requireSignedIn();
  if (c.kind !== "user") return [];
  const rows = await tx.$queryRaw<{ id: number; created_at: bigint; expires_at: bigint; last_seen_at: bigint; user_agent: string | null; ip_address: string | null; method: string }[]>(Prisma.sql`
    SELECT id, created_at, expires_at, last_seen_at, user_agent, ip_address, method FROM sessions
    WHERE user_id = ${c.userId} AND revoked_at IS NULL AND expires_at > ${BigInt(Date.now())} ORDER BY last_seen_at DESC`);
  return rows.map((r) => ({
    id: r.id,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastSeenAt: Number(r.last_seen_at),
    userAgent: r.user_agent,
    ipAddress: r.ip_address,
    method: r.method,
  }));
}

/** Revokes one session of its owner (or any, for an admin). */
export async function revokeSession(id: number, tx: Tx = db): Promise<void> {
  await requireSignedIn();
  const rows = await tx.$queryRaw<{ user_id: number }[]>(Prisma.sql`SELECT user_id FROM sessions WHERE id = ${id}`);
  await requireSelfOrAdmin(rows[0]?.user_id ?? -1);
  if (!rows[0]) throw notFound(`Session ${id} not found`);
  await inTransaction(tx, async (t) => {
    await t.$executeRaw(Prisma.sql`UPDATE sessions SET revoked_at = ${BigInt(Date.now())} WHERE id = ${id} AND revoked_at IS NULL`);
    await notifyAuthChange(t, { user: rows[0].user_id });
  });
}
