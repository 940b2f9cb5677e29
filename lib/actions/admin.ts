"use server";
// The admin pages (users and groups), each through lib/actions/action.ts: the same domain
// functions as MLflow's auth REST API (users/create, update-password, update-admin, delete) and
// our groups/* endpoints, which refuse anyone but an administrator (lib/domain/auth/authorize.ts).
import { callAction, formAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import { createUser, deleteUser, updateAdmin, updatePassword } from "@/lib/domain/auth/users";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "@/lib/domain/auth/groups";
import {
  createGroupSchema,
  createUserSchema,
  groupMemberSchema,
  groupRefSchema,
  renameGroupSchema,
  resetPasswordSchema,
  setAdminSchema,
  userRefSchema,
} from "@/lib/schemas/auth";

/** Both admin pages show users and memberships. */
const ADMIN_PAGES: Revalidate[] = ["/admin/users", "/admin/groups"];

/** Fields: username, password, isAdmin (checkbox). */
export async function createUserAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, createUserSchema, {
    run: (i) => createUser({ username: i.username, password: i.password, isAdmin: i.isAdmin }),
    errorField: (m) => (m.toLowerCase().includes("password") ? "password" : "username"),
    revalidate: () => ADMIN_PAGES,
    message: (i) => `User “${i.username}” created${i.isAdmin ? " as an administrator" : ""}. Give them the password; they can change it on their Account page.`,
  });
}

/** An admin sets a new password for someone else; that user's sessions end. Fields: username, password. */
export async function resetPasswordAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, resetPasswordSchema, {
    run: (i) => updatePassword({ username: i.username, password: i.password }),
    errorField: "password",
    revalidate: () => ADMIN_PAGES,
    message: (i) => `Password of “${i.username}” reset; their sessions ended.`,
  });
}

export async function setAdminAction(username: string, isAdmin: boolean): Promise<ActionResult<void>> {
  return callAction({ username, isAdmin }, setAdminSchema, { run: (i) => updateAdmin(i), revalidate: () => ADMIN_PAGES });
}

export async function deleteUserAction(username: string): Promise<ActionResult<void>> {
  return callAction({ username }, userRefSchema, { run: (i) => deleteUser(i.username), revalidate: () => ADMIN_PAGES });
}

/** Fields: name, description. */
export async function createGroupAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, createGroupSchema, {
    run: (i) => createGroup(i),
    errorField: "name",
    revalidate: () => ADMIN_PAGES,
    message: (i) => `Group “${i.name}” created.`,
  });
}

/** Fields: name, newName. */
export async function renameGroupAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, renameGroupSchema, { run: (i) => updateGroup({ name: i.name, newName: i.newName }), errorField: "newName", revalidate: () => ADMIN_PAGES });
}

export async function deleteGroupAction(name: string): Promise<ActionResult<void>> {
  return callAction({ name }, groupRefSchema, { run: (i) => deleteGroup(i.name), revalidate: () => ADMIN_PAGES });
}

/** Fields: groupName, username. */
export async function addGroupMemberAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, groupMemberSchema, { run: (i) => addGroupMember(i.groupName, i.username), errorField: "username", revalidate: () => ADMIN_PAGES });
}

export async function removeGroupMemberAction(groupName: string, username: string): Promise<ActionResult<void>> {
  return callAction({ groupName, username }, groupMemberSchema, { run: (i) => removeGroupMember(i.groupName, i.username), revalidate: () => ADMIN_PAGES });
}
