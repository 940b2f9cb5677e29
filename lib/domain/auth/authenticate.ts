// From a presented credential to a UserCaller. Verified credentials are cached briefly (cache.ts)
// so the hot path — every log-batch of a training job — costs a hash and two map lookups, not an
// argon2 verification and queries.
import "server-only";
import { DomainError } from "@/lib/errors";
import type { CredentialKind, UserCaller } from "@/lib/domain/auth/caller";
import { onAuthChange, TtlCache, ensureAuthListener } from "@/lib/domain/auth/cache";
import { loadIdentity } from "@/lib/domain/auth/identity";
import { passwordDigest, sha256Hex, verifyPassword } from "@/lib/domain/auth/secrets";
import { findLiveToken, isTokenSecret, touchToken } from "@/lib/domain/auth/tokens";
import { findLiveSession, touchSession } from "@/lib/domain/auth/sessions";
import { findUserForSignIn, recordSignIn } from "@/lib/domain/auth/users";
import { assertNotThrottled, recordFailure, recordSuccess, throttleKeys } from "@/lib/domain/auth/throttle";

export const unauthenticated = (message = "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.") =>
  new DomainError("UNAUTHENTICATED", message);

interface Verified {
  userId: number;
  /** Epoch ms after which the credential is dead (tokens, sessions). */
  expiresAt: number | null;
  credentialId?: number;
}

const verified = new TtlCache<Verified>(50_000);
onAuthChange((c) => {
  if ("all" in c) verified.clear();
  else if ("user" in c) verified.deleteWhere((v) => v.userId === c.user);
});

// last_used_at / last_seen_at are written at most once a minute per credential.
const touched = new Map<string, number>();
function touchLater(key: string, fn: () => Promise<void>): void {
  const now = Date.now();
  if ((touched.get(key) ?? 0) > now - 60_000) return;
  if (touched.size > 50_000) touched.clear();
  touched.set(key, now);
  fn().catch(() => {});
}

async function toCaller(v: Verified, via: CredentialKind): Promise<UserCaller> {
  const id = await loadIdentity(v.userId);
  if (!id) throw unauthenticated();
  return { kind: "user", userId: id.userId, username: id.username, isAdmin: id.isAdmin, principals: id.principals, via, credentialId: v.credentialId };
}

function cached(key: string): Verified | undefined {
  const v = verified.get(key);
  if (v && v.expiresAt !== null && v.expiresAt <= Date.now()) {
    verified.delete(key);
    return undefined;
  }
  return v;
}

/** A personal access token (Bearer, or the password of Basic). */
export async function authenticateToken(secret: string): Promise<UserCaller> {
  ensureAuthListener();
  const key = `t:${sha256Hex(secret)}`;
  let v = cached(key);
  if (!v) {
    const t = isTokenSecret(secret) ? await findLiveToken(secret) : null;
    if (!t) throw unauthenticated("The access token is invalid, expired or revoked.");
    v = { userId: t.userId, expiresAt: t.expiresAt, credentialId: t.id };
    verified.set(key, v);
  }
  const id = v.credentialId!;
  touchLater(key, () => touchToken(id));
  return toCaller(v, "token");
}

/** HTTP Basic: username + password (or username + a token of that user). Throttled on failure. */
export async function authenticateBasic(username: string, password: string, address: string | null): Promise<UserCaller> {
  ensureAuthListener();
  if (isTokenSecret(password)) {
    const c = await authenticateToken(password);
    if (c.username !== username) throw unauthenticated("The access token does not belong to this user.");
    return c;
  }
  const key = `b:${passwordDigest(username, password)}`;
  const hit = cached(key);
  if (hit) return toCaller(hit, "basic");
  const v = await verifyUserPassword(username, password, address);
  verified.set(key, v);
  return toCaller(v, "basic");
}

/** Checks a password against the throttle and the stored argon2id hash (sign-in page and Basic). */
export async function verifyUserPassword(username: string, password: string, address: string | null): Promise<Verified> {
  const keys = throttleKeys(username, address);
  await assertNotThrottled(keys);
  const u = await findUserForSignIn(username);
  // verifyPassword runs argon2 even for an unknown user, so timing does not reveal usernames.
  if (!(await verifyPassword(u?.passwordHash ?? null, password)) || !u) {
    await recordFailure(keys);
    throw unauthenticated("Invalid username or password.");
  }
  await recordSuccess(username);
  return { userId: u.id, expiresAt: null };
}

/** The UI session cookie. */
export async function authenticateSession(secret: string): Promise<UserCaller> {
  ensureAuthListener();
  const key = `s:${sha256Hex(secret)}`;
  let v = cached(key);
  if (!v) {
    const s = await findLiveSession(secret);
    if (!s) throw unauthenticated("Your session has ended. Sign in again.");
    v = { userId: s.userId, expiresAt: s.expiresAt, credentialId: s.id };
    verified.set(key, v);
  }
  const id = v.credentialId!;
  touchLater(key, () => touchSession(id));
  return toCaller(v, "session");
}

export { recordSignIn };
