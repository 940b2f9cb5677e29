// Opens the request scope every edge runs the domain in: identify the caller, run the handler
// as that caller, and refuse to answer a signed-in request that reached its end without the
// domain making any permission decision (a forgotten check fails closed, loudly).
import "server-only";
import { DomainError } from "@/lib/errors";
import { decisionsMade, recordDecision, runAs, type Caller } from "@/lib/domain/auth/caller";
import { authErrorResponse, identify, isUnsafeMethod, type IdentifyOptions } from "@/lib/auth/http";

export const UNCHECKED_MESSAGE = "Refused: this request made no permission check (a bug in Runboard; see the server log).";

/** Answers 401/403/429 for auth failures found before the handler runs. */
export function authFailure(e: unknown): Response | null {
  if (e instanceof DomainError && (e.code === "UNAUTHENTICATED" || e.code === "REQUEST_LIMIT_EXCEEDED" || e.code === "PERMISSION_DENIED")) {
    return authErrorResponse(e);
  }
  return null;
}

/**
 * Runs `fn` as the request's caller. `fn` returns a Response (its own errors already mapped);
 * a 2xx answer without a permission decision becomes a 500 when the caller is a user.
 */
export async function withRequestCaller(
  req: Request,
  fn: (caller: Caller) => Promise<Response>,
  opts: IdentifyOptions & { /** Any signed-in caller may: no resource check follows. */ anyCaller?: boolean } = {},
): Promise<Response> {
  let caller: Caller;
  try {
    caller = await identify(req.headers, { unsafe: isUnsafeMethod(req.method), ...opts });
  } catch (e) {
    const r = authFailure(e);
    if (r) return r;
    throw e;
  }
  return runAs(caller, async () => {
    if (opts.anyCaller) recordDecision();
    const res = await fn(caller);
    if (caller.kind === "user" && res.status < 300 && decisionsMade() === 0) {
      console.error(`[runboard] ${req.method} ${new URL(req.url).pathname} answered without a permission check; refused.`);
      return Response.json({ error_code: "INTERNAL_ERROR", message: UNCHECKED_MESSAGE }, { status: 500 });
    }
    return res;
  });
}
