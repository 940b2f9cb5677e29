// Permission grants on experiments and registered models/prompts, to a user or a group —
// MLflow's experiments/permissions/* and registered-models/permissions/* semantics (docs/mlflow-compatibility.md#auth),
// extended with groups and with a listing of everyone who has access.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { alreadyExists, invalidParam, notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { parseExperimentId } from "@/lib/domain/experiments";
import { notifyAuthChange } from "@/lib/domain/auth/cache";
import { requireExperiment, requireRegisteredModelId } from "@/lib/domain/auth/authorize";
import type { PermissionName } from "@/lib/domain/auth/permissions";
import { noteCreated } from "@/lib/domain/auth/caller";

export type ResourceKind = "experiment" | "registered_model";

/** Who a grant is for: exactly one of username / groupName. */
export interface Grantee {
  username?: string | null;
  groupName?: string | null;
}

export interface GrantRecord {
  principalId: number;
  kind: "user" | "group";
  /** Username or group name. */
  name: string;
  permission: PermissionName;
}

const TABLE = {
  experiment: { table: Prisma.raw("experiment_permissions"), key: Prisma.raw("experiment_id") },
  registered_model: { table: Prisma.raw("registered_model_permissions"), key: Prisma.raw("registered_model_id") },
} as const;

async function resolveGrantee(g: Grantee, tx: Tx): Promise<{ id: number; kind: "user" | "group"; name: string }> {
  if (g.username && g.groupName) throw invalidParam("Give either 'username' or 'group_name', not both.");
  if (g.groupName) {
    const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM groups WHERE name = ${g.groupName}`);
    if (!rows[0]) throw notFound(`Group with name=${g.groupName} not found`);
    return { id: rows[0].id, kind: "group", name: g.groupName };
  }
  if (!g.username) throw invalidParam("Missing value for required parameter 'username'.");
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM users WHERE username = ${g.username}`);
  if (!rows[0]) throw notFound(`User with username=${g.username} not found`);
  return { id: rows[0].id, kind: "user", name: g.username };
}

async function experimentIdOrThrow(experimentId: string, tx: Tx): Promise<number> {
  const id = parseExperimentId(experimentId);
  const rows = id === null ? [] : await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM experiments WHERE id = ${id}`);
  if (!rows[0]) throw notFound(`No Experiment with id=${experimentId} exists`);
  return rows[0].id;
}

/** Resolves the resource and checks the caller may manage it (share it). */
async function managed(kind: ResourceKind, ref: string, tx: Tx): Promise<number> {
  if (kind === "experiment") {
    await requireExperiment(ref, "MANAGE");
    return experimentIdOrThrow(ref, tx);
  }
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM registered_models WHERE name = ${ref}`);
  await requireRegisteredModelId(rows[0]?.id ?? -1, "MANAGE"); // refused before telling whether it exists
  if (!rows[0]) throw notFound(`Registered Model with name=${ref} not found`);
  return rows[0].id;
}

async function findGrant(kind: ResourceKind, resourceId: number, principalId: number, tx: Tx): Promise<PermissionName | null> {
  const t = TABLE[kind];
  const rows = await tx.$queryRaw<{ permission: PermissionName }[]>(Prisma.sql`
    SELECT permission::text AS permission FROM ${t.table} WHERE ${t.key} = ${resourceId} AND principal_id = ${principalId}`);
  return rows[0]?.permission ?? null;
}

const what = (kind: ResourceKind, ref: string, who: { kind: string; name: string }) =>
  `${kind === "experiment" ? "Experiment" : "Registered model"} permission with ${kind === "experiment" ? "experiment_id" : "name"}=${ref} and ${who.kind === "user" ? "username" : "group_name"}=${who.name}`;

export async function createGrant(kind: ResourceKind, ref: string, grantee: Grantee, permission: PermissionName, tx: Tx = db): Promise<GrantRecord> {
  const resourceId = await managed(kind, ref, tx);
  const who = await resolveGrantee(grantee, tx);
  if (await findGrant(kind, resourceId, who.id, tx)) throw alreadyExists(`${what(kind, ref, who)} already exists`);
  const t = TABLE[kind];
  await inTransaction(tx, async (x) => {
    await x.$executeRaw(Prisma.sql`INSERT INTO ${t.table} (${t.key}, principal_id, permission) VALUES (${resourceId}, ${who.id}, ${permission}::permission_level)`);
    await notifyAuthChange(x, { principal: who.id });
  });
  return { principalId: who.id, kind: who.kind, name: who.name, permission };
}

export async function getGrant(kind: ResourceKind, ref: string, grantee: Grantee, tx: Tx = db): Promise<GrantRecord> {
  const resourceId = await managed(kind, ref, tx);
  const who = await resolveGrantee(grantee, tx);
  const p = await findGrant(kind, resourceId, who.id, tx);
  if (!p) throw notFound(`${what(kind, ref, who)} not found`);
  return { principalId: who.id, kind: who.kind, name: who.name, permission: p };
}

export async function updateGrant(kind: ResourceKind, ref: string, grantee: Grantee, permission: PermissionName, tx: Tx = db): Promise<void> {
  const resourceId = await managed(kind, ref, tx);
  const who = await resolveGrantee(grantee, tx);
  const t = TABLE[kind];
  await inTransaction(tx, async (x) => {
    const n = await x.$executeRaw(Prisma.sql`UPDATE ${t.table} SET permission = ${permission}::permission_level WHERE ${t.key} = ${resourceId} AND principal_id = ${who.id}`);
    if (n === 0) throw notFound(`${what(kind, ref, who)} not found`);
    await notifyAuthChange(x, { principal: who.id });
  });
}

/** Upsert (the Share dialog's "set"). */
export async function setGrant(kind: ResourceKind, ref: string, grantee: Grantee, permission: PermissionName, tx: Tx = db): Promise<void> {
  const resourceId = await managed(kind, ref, tx);
  const who = await resolveGrantee(grantee, tx);
  const t = TABLE[kind];
  await inTransaction(tx, async (x) => {
    await x.$executeRaw(Prisma.sql`INSERT INTO ${t.table} (${t.key}, principal_id, permission) VALUES (${resourceId}, ${who.id}, ${permission}::permission_level)
      ON CONFLICT (${t.key}, principal_id) DO UPDATE SET permission = excluded.permission`);
    await notifyAuthChange(x, { principal: who.id });
  });
}

export async function deleteGrant(kind: ResourceKind, ref: string, grantee: Grantee, tx: Tx = db): Promise<void> {
  const resourceId = await managed(kind, ref, tx);
  const who = await resolveGrantee(grantee, tx);
  const t = TABLE[kind];
  await inTransaction(tx, async (x) => {
    const n = await x.$executeRaw(Prisma.sql`DELETE FROM ${t.table} WHERE ${t.key} = ${resourceId} AND principal_id = ${who.id}`);
    if (n === 0) throw notFound(`${what(kind, ref, who)} not found`);
    await notifyAuthChange(x, { principal: who.id });
  });
}

/** Everyone with an explicit grant on the resource (users first, then groups) — MANAGE needed. */
export async function listGrants(kind: ResourceKind, ref: string, tx: Tx = db): Promise<GrantRecord[]> {
  const resourceId = await managed(kind, ref, tx);
  const t = TABLE[kind];
  const rows = await tx.$queryRaw<{ principal_id: number; kind: "user" | "group"; name: string; permission: PermissionName }[]>(Prisma.sql`
    SELECT g.principal_id, p.kind::text AS kind, COALESCE(u.username, gr.name) AS name, g.permission::text AS permission
    FROM ${t.table} g JOIN principals p ON p.id = g.principal_id
    LEFT JOIN users u ON u.id = g.principal_id LEFT JOIN groups gr ON gr.id = g.principal_id
    WHERE g.${t.key} = ${resourceId}
    ORDER BY p.kind, name`);
  return rows.map((r) => ({ principalId: r.principal_id, kind: r.kind, name: r.name, permission: r.permission }));
}

/**
 * The creator of a resource gets MANAGE on it, in the creating transaction (MLflow does it in an
 * after-request hook, so a crash between the two leaves an unmanaged resource).
 */
export async function grantToCreator(kind: ResourceKind, resourceId: number, principalId: number | null, tx: Tx): Promise<void> {
  if (principalId === null) return;
  noteCreated(kind === "experiment" ? "experiments" : "models", resourceId);
  const t = TABLE[kind];
  await tx.$executeRaw(Prisma.sql`INSERT INTO ${t.table} (${t.key}, principal_id, permission) VALUES (${resourceId}, ${principalId}, 'MANAGE')
    ON CONFLICT (${t.key}, principal_id) DO UPDATE SET permission = 'MANAGE'`);
  await notifyAuthChange(tx, { principal: principalId });
}
