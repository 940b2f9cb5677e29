// MLflow's permission levels (docs/mlflow-compatibility.md#auth). The order is the priority: a higher level includes
// every right of the lower ones. The database enum `permission_level` has the same order.
import { invalidParam } from "@/lib/errors";

export const PERMISSION_NAMES = ["NO_PERMISSIONS", "READ", "USE", "EDIT", "MANAGE"] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** What an operation needs: reading, changing, or deleting/sharing. */
export type Need = "READ" | "EDIT" | "MANAGE";

export function level(p: PermissionName): number {
  return PERMISSION_NAMES.indexOf(p);
}

export function allows(p: PermissionName, need: Need): boolean {
  return level(p) >= level(need);
}

export function maxPermission(a: PermissionName, b: PermissionName): PermissionName {
  return level(a) >= level(b) ? a : b;
}

/** Validates a permission name from a request (MLflow's message and code). */
export function parsePermission(raw: unknown): PermissionName {
  const s = typeof raw === "string" ? raw : String(raw);
  if ((PERMISSION_NAMES as readonly string[]).includes(s)) return s as PermissionName;
  throw invalidParam(`Invalid permission '${s}'. Valid permissions are: (${PERMISSION_NAMES.map((p) => `'${p}'`).join(", ")})`);
}

/** What a permission lets its holder do, for the UI (hide or disable what is not allowed). */
export interface Abilities {
  permission: PermissionName;
  canRead: boolean;
  canEdit: boolean;
  canManage: boolean;
}

export function abilities(p: PermissionName): Abilities {
  return { permission: p, canRead: allows(p, "READ"), canEdit: allows(p, "EDIT"), canManage: allows(p, "MANAGE") };
}
