// Groups (teams): a permission granted to a group applies to each member; a member's effective
// permission is the highest of its own and its groups' grants. Admins manage groups; members
// may see their groups.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { alreadyExists, invalidParam, isUniqueViolation, notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/domain/tx";
import { notifyAuthChange } from "@/lib/domain/auth/cache";
import { requireAdmin, requireSignedIn, permissionDenied } from "@/lib/domain/auth/authorize";

export interface GroupRecord {
  id: number;
  name: string;
  description: string | null;
  createdAt: number;
  memberCount: number;
}

export interface GroupDetail extends GroupRecord {
  members: { userId: number; username: string; addedAt: number }[];
}

type Row = { id: number; name: string; description: string | null; created_at: bigint; member_count: bigint };

const toRecord = (r: Row): GroupRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: Number(r.created_at),
  memberCount: Number(r.member_count),
});

export function validateGroupName(name: string | null | undefined): string {
  const n = (name ?? "").trim();
  if (!n) throw invalidParam("Group name cannot be empty.");
  if (n.length > 255) throw invalidParam("Group name must be at most 255 characters.");
  if (/\p{Cc}/u.test(n)) throw invalidParam("Group name must not contain control characters.");
  return n;
}

const SELECT = Prisma.sql`SELECT g.id, g.name, g.description, g.created_at,
  (SELECT count(*) FROM group_members m WHERE m.group_id = g.id) AS member_count FROM groups g`;

async function groupOrThrow(name: string, tx: Tx): Promise<Row> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE g.name = ${name}`);
  if (!rows[0]) throw notFound(`Group with name=${name} not found`);
  return rows[0];
}

export async function createGroup(input: { name: string; description?: string | null }, tx: Tx = db): Promise<GroupRecord> {
  await requireAdmin();
  const name = validateGroupName(input.name);
  try {
    return await inTransaction(tx, async (t) => {
      const rows = await t.$queryRaw<Row[]>(Prisma.sql`
        WITH p AS (INSERT INTO principals (kind) VALUES ('group') RETURNING id)
        INSERT INTO groups (id, name, description, created_at) SELECT p.id, ${name}, ${input.description ?? null}, ${BigInt(Date.now())} FROM p
        RETURNING id, name, description, created_at, 0::bigint AS member_count`);
      return toRecord(rows[0]);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(`Group '${name}' already exists.`);
    throw e;
  }
}

/** Admins see every group; a user sees the groups it belongs to. */
export async function listGroups(tx: Tx = db): Promise<GroupRecord[]> {
  const c = await requireSignedIn();
  const mine = c.kind === "user" && !c.isAdmin ? Prisma.sql`WHERE g.id IN (SELECT group_id FROM group_members WHERE user_id = ${c.userId})` : Prisma.empty;
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} ${mine} ORDER BY g.name`);
  return rows.map(toRecord);
}

/** Group names starting with `prefix` (the Share dialog's picker) — any signed-in user. */
export async function suggestGroupNames(prefix: string, limit = 10, tx: Tx = db): Promise<string[]> {
  await requireSignedIn();
  const rows = await tx.$queryRaw<{ name: string }[]>(Prisma.sql`
    SELECT name FROM groups WHERE name ILIKE ${prefix.replace(/[\\%_]/g, (c) => "\\" + c) + "%"} ORDER BY name LIMIT ${limit}`);
  return rows.map((r) => r.name);
}

export async function getGroup(name: string, tx: Tx = db): Promise<GroupDetail> {
  const c = await requireSignedIn();
  const g = await groupOrThrow(name, tx);
  const members = await tx.$queryRaw<{ user_id: number; username: string; added_at: bigint }[]>(Prisma.sql`
    SELECT m.user_id, u.username, m.added_at FROM group_members m JOIN users u ON u.id = m.user_id
    WHERE m.group_id = ${g.id} ORDER BY u.username`);
  if (c.kind === "user" && !c.isAdmin && !members.some((m) => m.user_id === c.userId)) throw permissionDenied();
  return { ...toRecord(g), members: members.map((m) => ({ userId: m.user_id, username: m.username, addedAt: Number(m.added_at) })) };
}

export async function updateGroup(input: { name: string; newName?: string | null; description?: string | null }, tx: Tx = db): Promise<GroupRecord> {
  await requireAdmin();
  const g = await groupOrThrow(input.name, tx);
  const newName = input.newName ? validateGroupName(input.newName) : g.name;
  const description = input.description === undefined ? g.description : input.description;
  try {
    await tx.$executeRaw(Prisma.sql`UPDATE groups SET name = ${newName}, description = ${description} WHERE id = ${g.id}`);
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(`Group '${newName}' already exists.`);
    throw e;
  }
  return { ...toRecord(g), name: newName, description };
}

/** Deletes the group and its grants; members lose what only the group gave them. */
export async function deleteGroup(name: string, tx: Tx = db): Promise<void> {
  await requireAdmin();
  const g = await groupOrThrow(name, tx);
  await inTransaction(tx, async (t) => {
    await t.$executeRaw(Prisma.sql`DELETE FROM principals WHERE id = ${g.id}`);
    await notifyAuthChange(t, { principal: g.id });
  });
}

async function userIdOrThrow(username: string, tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM users WHERE username = ${username}`);
  if (!rows[0]) throw notFound(`User with username=${username} not found`);
  return rows[0].id;
}

export async function addGroupMember(groupName: string, username: string, tx: Tx = db): Promise<void> {
  await requireAdmin();
  const g = await groupOrThrow(groupName, tx);
  const userId = await userIdOrThrow(username, tx);
  await inTransaction(tx, async (t) => {
    await t.$executeRaw(Prisma.sql`INSERT INTO group_members (group_id, user_id, added_at) VALUES (${g.id}, ${userId}, ${BigInt(Date.now())})
      ON CONFLICT DO NOTHING`);
    await notifyAuthChange(t, { user: userId });
  });
}

export async function removeGroupMember(groupName: string, username: string, tx: Tx = db): Promise<void> {
  await requireAdmin();
  const g = await groupOrThrow(groupName, tx);
  const userId = await userIdOrThrow(username, tx);
  await inTransaction(tx, async (t) => {
    const n = await t.$executeRaw(Prisma.sql`DELETE FROM group_members WHERE group_id = ${g.id} AND user_id = ${userId}`);
    if (n === 0) throw notFound(`User '${username}' is not a member of group '${groupName}'`);
    await notifyAuthChange(t, { user: userId });
  });
}

export interface Membership {
  groupId: number;
  groupName: string;
  userId: number;
  username: string;
  addedAt: number;
}

/** Every group membership (the admin pages' users and groups lists) — admins. */
export async function listGroupMemberships(tx: Tx = db): Promise<Membership[]> {
  await requireAdmin();
  const rows = await tx.$queryRaw<{ group_id: number; group_name: string; user_id: number; username: string; added_at: bigint }[]>(Prisma.sql`
    SELECT m.group_id, g.name AS group_name, m.user_id, u.username, m.added_at
    FROM group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id
    ORDER BY g.name, u.username`);
  return rows.map((r) => ({ groupId: r.group_id, groupName: r.group_name, userId: r.user_id, username: r.username, addedAt: Number(r.added_at) }));
}
