// Who is looking at a page: the session cookie of the request being rendered, read through
// Next's request context. Registered as the domain's ambient caller (lib/domain/auth/caller.ts),
// so every server component that calls the domain runs as the signed-in user without passing
// anything down. Imported for its side effect by the root layout and the action helper.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { DomainError } from "@/lib/errors";
import { authEnabled } from "@/lib/domain/auth/config";
import { setAmbientCallerResolver, SYSTEM, type Caller, type UserCaller } from "@/lib/domain/auth/caller";
import { authenticateSession } from "@/lib/domain/auth/authenticate";
import { ensureBootstrap } from "@/lib/domain/auth/bootstrap";
import { SESSION_COOKIE } from "@/lib/auth/http";

/** The page's caller: the system with auth off, the session's user, or undefined (not signed in). Once per render. */
export const pageCaller = cache(async (): Promise<Caller | undefined> => {
  if (!authEnabled()) return SYSTEM;
  await ensureBootstrap();
  let secret: string | undefined;
  try {
    secret = (await cookies()).get(SESSION_COOKIE)?.value;
  } catch {
    return undefined; // outside a request (build, tests)
  }
  if (!secret) return undefined;
  try {
    return await authenticateSession(secret);
  } catch (e) {
    if (e instanceof DomainError && e.code === "UNAUTHENTICATED") return undefined;
    throw e;
  }
});

/** The signed-in user of this page, or null (auth off, or nobody signed in). */
export async function pageUser(): Promise<UserCaller | null> {
  const c = await pageCaller();
  return c?.kind === "user" ? c : null;
}

setAmbientCallerResolver(pageCaller);
