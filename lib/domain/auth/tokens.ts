// Personal access tokens (MLFLOW_TRACKING_TOKEN → `Authorization: Bearer …`, or as the password
// of HTTP Basic). The secret is shown once, at creation; only its SHA-256 is stored.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { newSecret, sha256Hex } from "@/lib/domain/auth/secrets";
import { notifyAuthChange } from "@/lib/domain/auth/cache";
import { requireSelfOrAdmin, requireSignedIn } from "@/lib/domain/auth/authorize";

export const TOKEN_PREFIX = "rbt";

export interface TokenRecord {
  id: number;
  userId: number;
  username: string;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

type Row = { id: number; user_id: number; username: string; name: string; prefix: string; created_at: bigint; expires_at: bigint | null; last_used_at: bigint | null; revoked_at: bigint | null };
const n = (v: bigint | null) => (v === null ? null : Number(v));
const toRecord = (r: Row): TokenRecord => ({
  id: r.id,
  userId: r.user_id,
  username: r.username,
  name: r.name,
  prefix: r.prefix,
  createdAt: Number(r.created_at),
  expiresAt: n(r.expires_at),
  lastUsedAt: n(r.last_used_at),
  revokedAt: n(r.revoked_at),
});

const SELECT = Prisma.sql`SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
  FROM access_tokens t JOIN users u ON u.id = t.user_id`;

export const isTokenSecret = (s: string) => s.startsWith(`${TOKEN_PREFIX}_`) && s.length === TOKEN_PREFIX.length + 44;

/**
 * Creates a token for the caller (or, for an admin, for `username`). `expiresInDays` null or
 * absent: never expires. Returns the secret once.
 */
export async function createToken(
  input: { name: string; expiresInDays?: number | null; username?: string | null },
  tx: Tx = db,
): Promise<{ token: TokenRecord; secret: string }> {
  const c = await requireSignedIn();
  const name = (input.name ?? "").trim();
  if (!name) throw invalidParam("Token name cannot be empty.");
  if (name.length > 100) throw invalidParam("Token name must be at most 100 characters.");
  const days = input.expiresInDays;
  if (days !== null && days !== undefined && (!Number.isFinite(days) || days <= 0 || days > 3650)) {
    throw invalidParam("expires_in_days must be between 1 and 3650 (or absent for no expiry).");
  }
  let userId: number;
  if (input.username && (c.kind !== "user" || input.username !== c.username)) {
    const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM users WHERE username = ${input.username}`);
    await requireSelfOrAdmin(rows[0]?.id ?? -1);
    if (!rows[0]) throw notFound(`User with username=${input.username} not found`);
    userId = rows[0].id;
  } else if (c.kind === "user") {
    userId = c.userId;
  } else {
    throw invalidParam("A token belongs to a user: give 'username'.");
  }
  const secret = newSecret(TOKEN_PREFIX);
  const now = Date.now();
  const expires = days ? BigInt(now + Math.round(days * 86_400_000)) : null;
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`
    INSERT INTO access_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
    VALUES (${userId}, ${name}, ${sha256Hex(secret)}, ${secret.slice(0, 12)}, ${BigInt(now)}, ${expires}) RETURNING id`);
  const token = (await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE t.id = ${rows[0].id}`))[0];
  return { token: toRecord(token), secret };
}

/** The caller's tokens (an admin may list anyone's with `username`). Revoked ones included, newest first. */
export async function listTokens(username?: string | null, tx: Tx = db): Promise<TokenRecord[]> {
  const c = await requireSignedIn();
  let where: Prisma.Sql;
  if (username) {
    const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM users WHERE username = ${username}`);
    await requireSelfOrAdmin(rows[0]?.id ?? -1);
    where = Prisma.sql`t.user_id = ${rows[0]?.id ?? -1}`;
  } else if (c.kind === "user") {
    where = Prisma.sql`t.user_id = ${c.userId}`;
  } else {
    where = Prisma.sql`TRUE`;
  }
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE ${where} ORDER BY t.created_at DESC, t.id DESC`);
  return rows.map(toRecord);
}

/** Revokes a token: its owner or an admin. Effective on every instance at once (NOTIFY). */
export async function revokeToken(id: number, tx: Tx = db): Promise<void> {
  await requireSignedIn();
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE t.id = ${id}`);
  await requireSelfOrAdmin(rows[0]?.user_id ?? -1);
  if (!rows[0]) throw notFound(`Token ${id} not found`);
  await inTransaction(tx, async (t) => {
    await t.$executeRaw(Prisma.sql`UPDATE access_tokens SET revoked_at = ${BigInt(Date.now())} WHERE id = ${id} AND revoked_at IS NULL`);
    await notifyAuthChange(t, { user: rows[0].user_id });
  });
}

/** The live token with this secret, for authentication (no permission check). */
export async function findLiveToken(secret: string, tx: Tx = db): Promise<{ id: number; userId: number; expiresAt: number | null } | null> {
  const rows = await tx.$queryRaw<{ id: number; user_id: number; expires_at: bigint | null }[]>(Prisma.sql`
    SELECT id, user_id, expires_at FROM access_tokens
    WHERE token_hash = ${sha256Hex(secret)} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${BigInt(Date.now())})`);
  return rows[0] ? { id: rows[0].id, userId: rows[0].user_id, expiresAt: n(rows[0].expires_at) } : null;
}

export async function touchToken(id: number, tx: Tx = db): Promise<void> {
  await tx.$executeRaw(Prisma.sql`UPDATE access_tokens SET last_used_at = ${BigInt(Date.now())} WHERE id = ${id}`);
}
