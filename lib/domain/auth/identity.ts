// A user's identity as the authorization checks need it — admin flag, principal ids (the user
// and its groups) and explicit grants — loaded in two queries and cached per user id until a
// change to that user or one of its principals is announced (cache.ts).
import "server-only";
import { db, Prisma } from "@/lib/db";
import type { PermissionName } from "@/lib/domain/auth/permissions";
import { onAuthChange, TtlCache } from "@/lib/domain/auth/cache";

export interface Identity {
  userId: number;
  username: string;
  isAdmin: boolean;
  principals: number[];
}

export interface Acl {
  principals: number[];
  experiments: Map<number, PermissionName>;
  models: Map<number, PermissionName>;
}

const identities = new TtlCache<Identity>();
const acls = new TtlCache<Acl>();

onAuthChange((c) => {
  if ("all" in c) {
    identities.clear();
    acls.clear();
  } else if ("user" in c) {
    identities.delete(String(c.user));
    acls.delete(String(c.user));
  } else {
    identities.deleteWhere((i) => i.principals.includes(c.principal));
    acls.deleteWhere((a) => a.principals.includes(c.principal));
  }
});

export async function loadIdentity(userId: number): Promise<Identity | null> {
  const hit = identities.get(String(userId));
  if (hit) return hit;
  const rows = await db.$queryRaw<{ id: number; username: string; is_admin: boolean; groups: number[] | null }[]>(Prisma.sql`
    SELECT u.id, u.username, u.is_admin,
           (SELECT array_agg(m.group_id ORDER BY m.group_id) FROM group_members m WHERE m.user_id = u.id) AS groups
    FROM users u WHERE u.id = ${userId}`);
  const r = rows[0];
  if (!r) return null;
  const identity: Identity = { userId: r.id, username: r.username, isAdmin: r.is_admin, principals: [r.id, ...(r.groups ?? [])] };
  identities.set(String(userId), identity);
  return identity;
}

/** The highest explicit grant per resource over the identity's principals. */
export async function loadAcl(identity: { userId: number; principals: number[] }): Promise<Acl> {
  const hit = acls.get(String(identity.userId));
  if (hit) return hit;
  const rows = await db.$queryRaw<{ k: "e" | "m"; id: number; p: PermissionName }[]>(Prisma.sql`
    SELECT 'e' AS k, experiment_id AS id, max(permission)::text AS p FROM experiment_permissions
      WHERE principal_id = ANY(${identity.principals}::int[]) GROUP BY experiment_id
    UNION ALL
    SELECT 'm', registered_model_id, max(permission)::text FROM registered_model_permissions
      WHERE principal_id = ANY(${identity.principals}::int[]) GROUP BY registered_model_id`);
  const acl: Acl = { principals: identity.principals, experiments: new Map(), models: new Map() };
  for (const r of rows) (r.k === "e" ? acl.experiments : acl.models).set(r.id, r.p);
  acls.set(String(identity.userId), acl);
  return acl;
}
