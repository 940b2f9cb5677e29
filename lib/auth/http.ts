// The HTTP side of authentication, shared by mlflowRoute, the artifact and UI routes, server
// actions and pages: reading credentials from a request, the session cookie, same-origin checks,
// the client address, and MLflow's 401/403/429 answers.
import "server-only";
import { DomainError } from "@/lib/errors";
import { authEnabled } from "@/lib/domain/auth/config";
import { SYSTEM, type Caller } from "@/lib/domain/auth/caller";
import { authenticateBasic, authenticateSession, authenticateToken, unauthenticated } from "@/lib/domain/auth/authenticate";
import { ensureBootstrap } from "@/lib/domain/auth/bootstrap";
import { ThrottledError } from "@/lib/domain/auth/throttle";

export const SESSION_COOKIE = "runboard_session";

/** Minimal header access, satisfied by a Request's Headers and by next/headers' ReadonlyHeaders. */
export interface HeaderBag {
  get(name: string): string | null;
}

export function readCookie(h: HeaderBag, name: string): string | null {
  const raw = h.get("cookie");
  if (!raw) return null;
  for (const part of raw.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The client's address: the right-most X-Forwarded-For entry (Next.js sets it from the socket
 * when absent; a reverse proxy appends the address it saw). Only the per-address throttle uses it.
 */
export function clientAddress(h: HeaderBag): string | null {
  const xff = h.get("x-forwarded-for");
  if (!xff) return null;
  const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
  return parts[parts.length - 1] ?? null;
}

/** The origin this request was addressed to (Host / X-Forwarded-Host, scheme from X-Forwarded-Proto). */
export function requestOrigin(h: HeaderBag): string | null {
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (!host) return null;
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}

/**
 * True unless the request demonstrably comes from another site: an Origin header naming another
 * origin than this instance's (RUNBOARD_PUBLIC_URL or the Host it was sent to), or
 * `Sec-Fetch-Site: cross-site`. Requests without either (scripts, the MLflow client) pass —
 * they carry no browser cookies to abuse.
 */
export function isSameOrigin(h: HeaderBag): boolean {
  const origin = h.get("origin");
  if (origin && origin !== "null") {
    const allowed = new Set<string>();
    const own = requestOrigin(h);
    if (own) allowed.add(own.toLowerCase());
    if (process.env.RUNBOARD_PUBLIC_URL) {
      try {
        allowed.add(new URL(process.env.RUNBOARD_PUBLIC_URL).origin.toLowerCase());
      } catch {
        // ignored: a malformed RUNBOARD_PUBLIC_URL allows nothing extra
      }
    }
    return allowed.has(origin.toLowerCase());
  }
  if (origin === "null") return false;
  return h.get("sec-fetch-site") !== "cross-site";
}

/** Whether the session cookie must be marked Secure (the instance is reached over https). */
export function secureCookies(h: HeaderBag): boolean {
  if (process.env.RUNBOARD_PUBLIC_URL?.startsWith("https:")) return true;
  return h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function sessionCookieHeader(secret: string, expiresAt: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(expiresAt).toUTCString()}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

function decodeBasic(value: string): { username: string; password: string } | null {
  let text: string;
  try {
    text = Buffer.from(value, "base64").toString("utf8");
  } catch {
    return null;
  }
  const i = text.indexOf(":");
  return i < 0 ? null : { username: text.slice(0, i), password: text.slice(i + 1) };
}

export interface IdentifyOptions {
  /** Accept the session cookie (UI routes, ajax-api). Default true. */
  cookies?: boolean;
  /** The request changes state: a cookie-authenticated one must be same-origin. */
  unsafe?: boolean;
}

/**
 * Who sent this request. Auth off: the system caller. Auth on: the user behind the
 * Authorization header (Basic or Bearer) or the session cookie; throws UNAUTHENTICATED (401)
 * when there is none or it is wrong, REQUEST_LIMIT_EXCEEDED (429) when throttled, and
 * PERMISSION_DENIED for a cross-site state change authenticated by cookie.
 */
export async function identify(h: HeaderBag, opts: IdentifyOptions = {}): Promise<Caller> {
  if (!authEnabled()) return SYSTEM;
  await ensureBootstrap();
  const auth = h.get("authorization");
  if (auth) {
    const sp = auth.indexOf(" ");
    const scheme = (sp < 0 ? auth : auth.slice(0, sp)).toLowerCase();
    const value = sp < 0 ? "" : auth.slice(sp + 1).trim();
    if (scheme === "basic") {
      const creds = decodeBasic(value);
      if (!creds) throw unauthenticated("Malformed HTTP Basic credentials.");
      return authenticateBasic(creds.username, creds.password, clientAddress(h));
    }
    if (scheme === "bearer") return authenticateToken(value);
    throw unauthenticated(`Unsupported authorization scheme '${scheme}'. Use Basic or Bearer.`);
  }
  const session = opts.cookies === false ? null : readCookie(h, SESSION_COOKIE);
  if (session) {
    if (opts.unsafe && !isSameOrigin(h)) throw new DomainError("PERMISSION_DENIED", "Cross-site request refused.");
    return authenticateSession(session);
  }
  throw unauthenticated();
}

/** MLflow's JSON error, with the header that makes clients (and browsers) send Basic credentials. */
export function authErrorResponse(e: DomainError): Response {
  const headers = new Headers();
  if (e.code === "UNAUTHENTICATED") headers.set("WWW-Authenticate", 'Basic realm="mlflow"');
  if (e instanceof ThrottledError) headers.set("Retry-After", String(e.retryAfterSeconds));
  return Response.json({ error_code: e.code, message: e.message }, { status: e.status, headers });
}

export const isUnsafeMethod = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
