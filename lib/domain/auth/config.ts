// Auth settings from the environment, read on every call (cheap) so tests can switch them.
import { invalidParam } from "@/lib/errors";
import { PERMISSION_NAMES, type PermissionName } from "@/lib/domain/auth/permissions";

/** RUNBOARD_AUTH=on (also true/1/yes): every request needs an identity. */
export function authEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(on|true|1|yes)$/i.test((env.RUNBOARD_AUTH ?? "").trim());
}

/**
 * RUNBOARD_DEFAULT_PERMISSION: what a signed-in user may do on a resource nobody granted them
 * anything on. READ unless set (as MLflow); NO_PERMISSIONS for private-by-default teams.
 */
export function defaultPermission(env: NodeJS.ProcessEnv = process.env): PermissionName {
  const raw = (env.RUNBOARD_DEFAULT_PERMISSION ?? "").trim().toUpperCase();
  if (!raw) return "READ";
  if (!(PERMISSION_NAMES as readonly string[]).includes(raw)) {
    throw invalidParam(`RUNBOARD_DEFAULT_PERMISSION='${raw}' is not a permission. Valid permissions are: ${PERMISSION_NAMES.join(", ")}`);
  }
  return raw as PermissionName;
}

/** How long a browser session lives (RUNBOARD_SESSION_DAYS, default 14). */
export function sessionLifetimeMs(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.RUNBOARD_SESSION_DAYS ?? 14);
  return (Number.isFinite(days) && days > 0 ? days : 14) * 86_400_000;
}

/** Seconds a resolved credential or identity may be served from memory (backstop for missed notifications). */
export function authCacheTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.RUNBOARD_AUTH_CACHE_SECONDS ?? 30);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 30_000;
}
