// The first administrator: from RUNBOARD_ADMIN_USERNAME / RUNBOARD_ADMIN_PASSWORD (created at
// the first authenticated request of a process if that user does not exist; never updated
// afterwards, as MLflow), or — when those are unset and there is no user yet — through the
// one-time setup page, which asks for a code this instance prints in its log.
import "server-only";
import { randomBytes } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { DomainError, invalidParam } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { sha256Hex } from "@/lib/domain/auth/secrets";
import { countUsers, insertUser, type UserRecord } from "@/lib/domain/auth/users";

const g = globalThis as unknown as { runboardBootstrap?: Promise<void>; runboardSetupCode?: Promise<string | null> };

const SETUP_CODE_TTL_MS = 24 * 3600_000;

/** Creates the admin from the environment, once per process (retried if it failed). */
export function ensureBootstrap(): Promise<void> {
  g.runboardBootstrap ??= (async () => {
    const username = process.env.RUNBOARD_ADMIN_USERNAME?.trim();
    const password = process.env.RUNBOARD_ADMIN_PASSWORD;
    if (!username || !password) return;
    const rows = await db.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM users WHERE username = ${username}`);
    if (rows.length) return;
    try {
      await insertUser({ username, password, isAdmin: true });
      console.log(`[runboard] created the administrator '${username}' from RUNBOARD_ADMIN_USERNAME/RUNBOARD_ADMIN_PASSWORD`);
    } catch (e) {
      if (e instanceof DomainError && e.code === "RESOURCE_ALREADY_EXISTS") return; // another instance won the race
      throw e;
    }
  })().catch((e) => {
    g.runboardBootstrap = undefined;
    throw e;
  });
  return g.runboardBootstrap;
}

/** Whether the setup page is open: auth on, no user at all, no admin from the environment. */
export async function setupAvailable(): Promise<boolean> {
  if (process.env.RUNBOARD_ADMIN_USERNAME && process.env.RUNBOARD_ADMIN_PASSWORD) return false;
  return (await countUsers()) === 0;
}

/**
 * Makes sure this process has a setup code, prints it to the server log, and returns nothing
 * to the page (the code is proof of access to the server's log, not something to show).
 */
export async function announceSetupCode(): Promise<void> {
  if (!(await setupAvailable())) return;
  g.runboardSetupCode ??= (async () => {
    const code = randomBytes(9).toString("base64url");
    await db.$executeRaw(Prisma.sql`INSERT INTO auth_setup_codes (code_hash, created_at) VALUES (${sha256Hex(code)}, ${BigInt(Date.now())})`);
    console.log(`[runboard] first-admin setup code: ${code}  (enter it on the /setup page; valid for 24 hours)`);
    return code;
  })().catch((e) => {
    g.runboardSetupCode = undefined;
    throw e;
  });
  await g.runboardSetupCode;
}

/** Creates the first admin, if the code is valid and there is still no user; the codes die. */
export async function completeSetup(input: { code: string; username: string; password: string }): Promise<UserRecord> {
  return inTransaction(db, async (t) => {
    await t.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('runboard_setup'))`);
    const users = await t.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM users`);
    if (Number(users[0].n) > 0) throw new DomainError("PERMISSION_DENIED", "Setup is already complete: sign in instead.");
    const ok = await t.$queryRaw<{ code_hash: string }[]>(Prisma.sql`
      SELECT code_hash FROM auth_setup_codes WHERE code_hash = ${sha256Hex(input.code.trim())} AND created_at > ${BigInt(Date.now() - SETUP_CODE_TTL_MS)}`);
    if (!ok.length) throw invalidParam("The setup code is wrong or expired. Use the code printed in the server log.");
    const user = await insertUser({ username: input.username, password: input.password, isAdmin: true }, t);
    await t.$executeRaw(Prisma.sql`DELETE FROM auth_setup_codes`);
    return user;
  });
}
