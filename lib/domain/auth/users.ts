// Users (MLflow's auth store semantics, docs/mlflow-compatibility.md#auth): usernames unique, passwords of at
// least 12 characters hashed with argon2id, admins bypass every permission check.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { alreadyExists, DomainError, invalidParam, isUniqueViolation, notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { hashPassword, verifyPassword } from "@/lib/domain/auth/secrets";
import { notifyAuthChange } from "@/lib/domain/auth/cache";
import { permissionDenied, requireAdmin, requireSelfOrAdmin, requireSignedIn } from "@/lib/domain/auth/authorize";
import type { PermissionName } from "@/lib/domain/auth/permissions";

export interface UserRecord {
  id: number;
  username: string;
  isAdmin: boolean;
  displayName: string | null;
  email: string | null;
  createdAt: number;
  lastSignInAt: number | null;
  hasPassword: boolean;
}

export interface UserGrants {
  experimentPermissions: { experimentId: string; userId: number; permission: PermissionName }[];
  registeredModelPermissions: { name: string; userId: number; permission: PermissionName }[];
}

export const MIN_PASSWORD_LENGTH = 12;

type Row = { id: number; username: string; is_admin: boolean; display_name: string | null; email: string | null; created_at: bigint; last_sign_in_at: bigint | null; password_hash: string | null };

const toRecord = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  isAdmin: r.is_admin,
  displayName: r.display_name,
  email: r.email,
  createdAt: Number(r.created_at),
  lastSignInAt: r.last_sign_in_at === null ? null : Number(r.last_sign_in_at),
  hasPassword: r.password_hash !== null,
});

export function validateUsername(username: string | null | undefined): string {
  if (username === null || username === undefined || username === "") throw invalidParam("Username cannot be empty.");
  if (username.length > 255) throw invalidParam("Username must be at most 255 characters.");
  // HTTP Basic splits user:password at the first colon; control characters cannot be typed.
  if (/[:\p{Cc}]/u.test(username)) throw invalidParam("Username must not contain ':' or control characters.");
  return username;
}

export function validatePassword(password: string | null | undefined): string {
  if (password === null || password === undefined || password.length < MIN_PASSWORD_LENGTH) {
    throw invalidParam(`Password must be a string longer than ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > 1024) throw invalidParam("Password must be at most 1024 characters.");
  return password;
}

const noSuchUser = (username: string) => notFound(`User with username=${username} not found`);

/** Inserts a user (no permission check: callers are createUser, the bootstrap and the setup page). */
export async function insertUser(
  input: { username: string; password?: string | null; isAdmin?: boolean; displayName?: string | null },
  tx: Tx = db,
): Promise<UserRecord> {
  const username = validateUsername(input.username);
  const hash = input.password === null || input.password === undefined ? null : await hashPassword(validatePassword(input.password));
  const now = BigInt(Date.now());
  try {
    return await inTransaction(tx, async (t) => {
      const rows = await t.$queryRaw<Row[]>(Prisma.sql`
        WITH p AS (INSERT INTO principals (kind) VALUES ('user') RETURNING id)
        INSERT INTO users (id, username, password_hash, is_admin, display_name, created_at, password_changed_at)
        SELECT p.id, ${username}, ${hash}, ${input.isAdmin ?? false}, ${input.displayName ?? null}, ${now}, ${now} FROM p
        RETURNING *`);
      return toRecord(rows[0]);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(`User '${username}' already exists.`);
    throw e;
  }
}

/** users/create — admins only. */
export async function createUser(input: { username: string; password: string; isAdmin?: boolean; displayName?: string | null }, tx: Tx = db): Promise<UserRecord> {
  await requireAdmin();
  return insertUser(input, tx);
}

async function findUser(username: string, tx: Tx): Promise<Row | null> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`SELECT * FROM users WHERE username = ${username}`);
  return rows[0] ?? null;
}

async function userOrThrow(username: string, tx: Tx): Promise<Row> {
  const u = await findUser(username, tx);
  if (!u) throw noSuchUser(username);
  return u;
}

/** users/get — the user themself or an admin. Non-admins asking for someone else are refused, whether or not that user exists. */
export async function getUser(username: string, tx: Tx = db): Promise<UserRecord & UserGrants> {
  const u = await findUser(username, tx);
  await requireSelfOrAdmin(u?.id ?? -1);
  if (!u) throw noSuchUser(username);
  return { ...toRecord(u), ...(await userGrants(u.id, tx)) };
}

/** The user's own (not group) grants, in MLflow's User JSON order. */
export async function userGrants(userId: number, tx: Tx = db): Promise<UserGrants> {
  const [exps, models] = await Promise.all([
    tx.$queryRaw<{ experiment_id: number; permission: PermissionName }[]>(
      Prisma.sql`SELECT experiment_id, permission::text AS permission FROM experiment_permissions WHERE principal_id = ${userId} ORDER BY experiment_id`,
    ),
    tx.$queryRaw<{ name: string; permission: PermissionName }[]>(Prisma.sql`
      SELECT m.name, p.permission::text AS permission FROM registered_model_permissions p
      JOIN registered_models m ON m.id = p.registered_model_id WHERE p.principal_id = ${userId} ORDER BY m.name`),
  ]);
  return {
    experimentPermissions: exps.map((r) => ({ experimentId: String(r.experiment_id), userId, permission: r.permission })),
    registeredModelPermissions: models.map((r) => ({ name: r.name, userId, permission: r.permission })),
  };
}

/** users/current. */
export async function getCurrentUser(tx: Tx = db): Promise<UserRecord | null> {
  const c = await requireSignedIn();
  if (c.kind !== "user") return null;
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`SELECT * FROM users WHERE id = ${c.userId}`);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** users/list — admins. */
export async function listUsers(tx: Tx = db): Promise<UserRecord[]> {
  await requireAdmin();
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`SELECT * FROM users ORDER BY username`);
  return rows.map(toRecord);
}

/** Usernames starting with `prefix` (the Share dialog's picker) — any signed-in user. */
export async function suggestUsernames(prefix: string, limit = 10, tx: Tx = db): Promise<string[]> {
  await requireSignedIn();
  const rows = await tx.$queryRaw<{ username: string }[]>(Prisma.sql`
    SELECT username FROM users WHERE username ILIKE ${prefix.replace(/[\\%_]/g, (c) => "\\" + c) + "%"} ORDER BY username LIMIT ${limit}`);
  return rows.map((r) => r.username);
}

/**
 * users/update-password. A user changing their own password must give the current one; an
 * admin changing someone else's need not. Every session of the user ends (except the caller's
 * own when it changes its own password), cached credentials are dropped everywhere.
 */
export async function updatePassword(input: { username: string; password: string; currentPassword?: string | null }, tx: Tx = db): Promise<void> {
  const password = validatePassword(input.password);
  const u = await userOrThrow(input.username, tx);
  const c = await requireSelfOrAdmin(u.id);
  const self = c.kind === "user" && c.userId === u.id;
  if (self && !(await verifyPassword(u.password_hash, input.currentPassword ?? ""))) {
    throw invalidParam(input.currentPassword ? "The current password is incorrect." : "Changing your own password requires 'current_password'.");
  }
  const hash = await hashPassword(password);
  const now = BigInt(Date.now());
  const keep = self && c.via === "session" ? (c.credentialId ?? -1) : -1;
  await inTransaction(tx, async (t) => {
    await t.$executeRaw(Prisma.sql`UPDATE users SET password_hash = ${hash}, password_changed_at = ${now} WHERE id = ${u.id}`);
    await t.$executeRaw(Prisma.sql`UPDATE sessions SET revoked_at = ${now} WHERE user_id = ${u.id} AND revoked_at IS NULL AND id <> ${keep}`);
    await notifyAuthChange(t, { user: u.id });
  });
}

async function assertNotLastAdmin(userId: number, tx: Tx): Promise<void> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM users WHERE is_admin AND id <> ${userId}`);
  if (Number(rows[0].n) === 0) throw new DomainError("INVALID_PARAMETER_VALUE", "This is the last administrator; make another user an administrator first.");
}

/** users/update-admin — admins. The last admin cannot be demoted (nobody could manage the instance). */
export async function updateAdmin(input: { username: string; isAdmin: boolean }, tx: Tx = db): Promise<void> {
  await requireAdmin();
  const u = await userOrThrow(input.username, tx);
  await inTransaction(tx, async (t) => {
    if (u.is_admin && !input.isAdmin) await assertNotLastAdmin(u.id, t);
    await t.$executeRaw(Prisma.sql`UPDATE users SET is_admin = ${input.isAdmin} WHERE id = ${u.id}`);
    await notifyAuthChange(t, { user: u.id });
  });
}

/** users/delete — admins. Sessions, tokens, memberships and grants go with the user; runs keep the name. */
export async function deleteUser(username: string, tx: Tx = db): Promise<void> {
  const c = await requireAdmin();
  const u = await userOrThrow(username, tx);
  if (c.kind === "user" && c.userId === u.id) throw permissionDenied("You cannot delete yourself.");
  await inTransaction(tx, async (t) => {
    if (u.is_admin) await assertNotLastAdmin(u.id, t);
    await t.$executeRaw(Prisma.sql`DELETE FROM principals WHERE id = ${u.id}`);
    await notifyAuthChange(t, { user: u.id });
  });
}

/** Number of users (the setup page exists only while it is 0). */
export async function countUsers(tx: Tx = db): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM users`);
  return Number(rows[0].n);
}

/** Looks a user up for sign-in (no permission check: the caller is not known yet). */
export async function findUserForSignIn(username: string, tx: Tx = db): Promise<{ id: number; passwordHash: string | null } | null> {
  const u = await findUser(username, tx);
  return u ? { id: u.id, passwordHash: u.password_hash } : null;
}

export async function recordSignIn(userId: number, tx: Tx = db): Promise<void> {
  await tx.$executeRaw(Prisma.sql`UPDATE users SET last_sign_in_at = ${BigInt(Date.now())} WHERE id = ${userId}`);
}
