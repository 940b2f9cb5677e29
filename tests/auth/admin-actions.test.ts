// The admin pages' and the Share dialog's server actions (lib/actions/admin.ts, share.ts) with
// RUNBOARD_AUTH on, run as real users against the real database: only administrators manage
// users and groups, only MANAGE (or an admin) shares; the domain's own rules (not yourself, not
// the last admin) come back as messages, and a refused action writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, enableAuth, uname } from "./helpers";
import { db } from "@/lib/db";
import { stopAuthListener } from "@/lib/domain/auth/cache";
import { runAs, type UserCaller } from "@/lib/domain/auth/caller";
import { authenticateBasic, verifyUserPassword } from "@/lib/domain/auth/authenticate";
import { ensureBootstrap } from "@/lib/domain/auth/bootstrap";
import { createExperiment } from "@/lib/domain/experiments";
import { experimentPermission } from "@/lib/domain/auth/authorize";
import {
  addGroupMemberAction,
  createGroupAction,
  createUserAction,
  deleteGroupAction,
  deleteUserAction,
  removeGroupMemberAction,
  renameGroupAction,
  resetPasswordAction,
  setAdminAction,
} from "@/lib/actions/admin";
import { listSharesAction, removeShareAction, setShareAction, suggestPrincipalsAction } from "@/lib/actions/share";
import { runAction, submit } from "@/tests/actions";

const PASSWORD = "a-password-of-12+";
let admin: UserCaller;

async function newUser(prefix: string): Promise<{ username: string; caller: UserCaller }> {
  const username = uname(prefix);
  const out = await runAs(admin, () => submit(createUserAction, { username, password: PASSWORD }));
  expect(out.result).toMatchObject({ ok: true });
  return { username, caller: await authenticateBasic(username, PASSWORD, null) };
}

const as = <R>(c: UserCaller, fn: () => Promise<R>) => runAs(c, () => runAction(fn)).then((o) => o.result!);

beforeAll(async () => {
  enableAuth({ RUNBOARD_DEFAULT_PERMISSION: "NO_PERMISSIONS" });
  await ensureBootstrap();
  await verifyUserPassword(ADMIN.username, ADMIN.password, null);
  admin = await authenticateBasic(ADMIN.username, ADMIN.password, null);
});
afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  delete process.env.RUNBOARD_DEFAULT_PERMISSION;
  await stopAuthListener();
});

describe("users (admin page)", () => {
  it("an admin creates a user, resets its password, promotes and demotes it, deletes it", async () => {
    const { username } = await newUser("alice");
    const reset = await runAs(admin, () => submit(resetPasswordAction, { username, password: "another-password-1" }));
    expect(reset.result).toMatchObject({ ok: true });
    expect(reset.revalidated).toContain("/admin/users");
    await expect(authenticateBasic(username, PASSWORD, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await authenticateBasic(username, "another-password-1", null)).username).toBe(username);

    expect(await as(admin, () => setAdminAction(username, true))).toMatchObject({ ok: true });
    expect((await db.user.findUnique({ where: { username } }))?.isAdmin).toBe(true);
    expect(await as(admin, () => setAdminAction(username, false))).toMatchObject({ ok: true });
    expect(await as(admin, () => deleteUserAction(username))).toMatchObject({ ok: true });
    expect(await db.user.count({ where: { username } })).toBe(0);
  });

  it("a field error for a short password or a taken name; nothing written", async () => {
    const short = await runAs(admin, () => submit(createUserAction, { username: uname("short"), password: "short" }));
    expect(short.result).toMatchObject({ ok: false, fieldErrors: { password: ["At least 12 characters"] } });
    const { username } = await newUser("taken");
    const again = await runAs(admin, () => submit(createUserAction, { username, password: PASSWORD }));
    expect(again.result).toMatchObject({ ok: false, fieldErrors: { username: [expect.stringContaining("already exists")] } });
  });

  it("an admin cannot delete itself nor demote the last admin", async () => {
    expect(await as(admin, () => deleteUserAction(ADMIN.username))).toMatchObject({ ok: false, message: "You cannot delete yourself." });
    const admins = await db.user.count({ where: { isAdmin: true } });
    if (admins === 1) expect(await as(admin, () => setAdminAction(ADMIN.username, false))).toMatchObject({ ok: false, message: expect.stringContaining("last administrator") });
    expect((await db.user.findUnique({ where: { username: ADMIN.username } }))?.isAdmin).toBe(true);
  });

  it("a non-admin is refused every admin action, and nothing is written", async () => {
    const { caller, username } = await newUser("plain");
    const victim = await newUser("victim");
    const name = uname("nope");
    expect((await runAs(caller, () => submit(createUserAction, { username: name, password: PASSWORD }))).result).toMatchObject({ ok: false, message: expect.stringContaining("administrator") });
    expect((await runAs(caller, () => submit(resetPasswordAction, { username: victim.username, password: "hijacked-password" }))).result).toMatchObject({ ok: false });
    expect(await as(caller, () => setAdminAction(username, true))).toMatchObject({ ok: false });
    expect(await as(caller, () => deleteUserAction(victim.username))).toMatchObject({ ok: false });
    expect((await runAs(caller, () => submit(createGroupAction, { name }))).result).toMatchObject({ ok: false });
    expect(await db.user.count({ where: { username: name } })).toBe(0);
    expect((await db.user.findUnique({ where: { username } }))?.isAdmin).toBe(false);
    expect((await authenticateBasic(victim.username, PASSWORD, null)).username).toBe(victim.username);
    expect(await db.$queryRaw<unknown[]>`SELECT 1 FROM groups WHERE name = ${name}`).toHaveLength(0);
  });

  it("input is parsed strictly: wrong types are refused before the domain runs", async () => {
    expect(await as(admin, () => setAdminAction("someone", "yes" as unknown as boolean))).toMatchObject({ ok: false });
    expect(await as(admin, () => deleteUserAction({ username: "x" } as unknown as string))).toMatchObject({ ok: false });
  });
});

describe("groups (admin page)", () => {
  it("create, add and remove members, rename, delete", async () => {
    const { username } = await newUser("member");
    const name = uname("team");
    expect((await runAs(admin, () => submit(createGroupAction, { name, description: "the team" }))).result).toMatchObject({ ok: true });
    expect((await runAs(admin, () => submit(addGroupMemberAction, { groupName: name, username }))).result).toMatchObject({ ok: true });
    const unknown = await runAs(admin, () => submit(addGroupMemberAction, { groupName: name, username: uname("ghost") }));
    expect(unknown.result).toMatchObject({ ok: false, fieldErrors: { username: [expect.stringContaining("not found")] } });
    const renamed = `${name}-2`;
    expect((await runAs(admin, () => submit(renameGroupAction, { name, newName: renamed }))).result).toMatchObject({ ok: true });
    const members = await db.$queryRaw<{ username: string }[]>`SELECT u.username FROM group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id WHERE g.name = ${renamed}`;
    expect(members.map((m) => m.username)).toEqual([username]);
    expect(await as(admin, () => removeGroupMemberAction(renamed, username))).toMatchObject({ ok: true });
    expect(await as(admin, () => deleteGroupAction(renamed))).toMatchObject({ ok: true });
    expect(await db.$queryRaw<unknown[]>`SELECT 1 FROM groups WHERE name = ${renamed}`).toHaveLength(0);
  });
});

describe("the Share dialog", () => {
  it("a manager lists, grants, changes and removes; the grantee's permission follows; a reader cannot share", async () => {
    const owner = await newUser("owner");
    const reader = await newUser("reader");
    const exp = await runAs(owner.caller, () => createExperiment({ name: uname("shared") }));
    const ref = exp.experimentId;

    const initial = await as(owner.caller, () => listSharesAction("experiment", ref));
    expect(initial).toMatchObject({ ok: true, data: { defaultPermission: "NO_PERMISSIONS", grants: [{ kind: "user", name: owner.username, permission: "MANAGE" }] } });

    expect(await as(owner.caller, () => setShareAction({ kind: "experiment", ref, grantee: { kind: "user", name: reader.username }, permission: "READ" }))).toMatchObject({ ok: true });
    expect(await runAs(reader.caller, () => experimentPermission(ref))).toBe("READ");
    // A READ user can neither see nor change who has access.
    expect(await as(reader.caller, () => listSharesAction("experiment", ref))).toMatchObject({ ok: false, message: expect.stringContaining("MANAGE") });
    expect(await as(reader.caller, () => setShareAction({ kind: "experiment", ref, grantee: { kind: "user", name: reader.username }, permission: "MANAGE" }))).toMatchObject({ ok: false });
    expect(await runAs(reader.caller, () => experimentPermission(ref))).toBe("READ");

    // Groups: a grant to a group reaches its members.
    const group = uname("grp");
    await runAs(admin, () => submit(createGroupAction, { name: group }));
    await runAs(admin, () => submit(addGroupMemberAction, { groupName: group, username: reader.username }));
    expect(await as(owner.caller, () => setShareAction({ kind: "experiment", ref, grantee: { kind: "group", name: group }, permission: "EDIT" }))).toMatchObject({ ok: true });
    // The next request of the member (a fresh credential lookup) carries the new group.
    const member = await authenticateBasic(reader.username, PASSWORD, null);
    expect(member.principals).toHaveLength(2);
    expect(await runAs(member, () => experimentPermission(ref))).toBe("EDIT");
    const listed = await as(owner.caller, () => listSharesAction("experiment", ref));
    expect(listed.ok && listed.data.grants.map((g) => `${g.kind}:${g.name}:${g.permission}`).sort()).toEqual(
      [`group:${group}:EDIT`, `user:${owner.username}:MANAGE`, `user:${reader.username}:READ`].sort(),
    );

    expect(await as(owner.caller, () => removeShareAction({ kind: "experiment", ref, grantee: { kind: "group", name: group } }))).toMatchObject({ ok: true });
    expect(await as(owner.caller, () => removeShareAction({ kind: "experiment", ref, grantee: { kind: "user", name: reader.username } }))).toMatchObject({ ok: true });
    expect(await runAs(reader.caller, () => experimentPermission(ref))).toBe("NO_PERMISSIONS");
  });

  it("refuses an unknown permission or grantee kind; suggests users and groups by prefix", async () => {
    const owner = await newUser("sugg");
    const exp = await runAs(owner.caller, () => createExperiment({ name: uname("s") }));
    const bad = await as(owner.caller, () => setShareAction({ kind: "experiment", ref: exp.experimentId, grantee: { kind: "user", name: owner.username }, permission: "USE" as never }));
    expect(bad).toMatchObject({ ok: false });
    const s = await as(owner.caller, () => suggestPrincipalsAction(owner.username.slice(0, 6)));
    expect(s.ok && s.data.users).toContain(owner.username);
  });
});
