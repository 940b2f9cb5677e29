"use server";
// The Share dialog of experiment, prompt and model pages, through lib/actions/action.ts: the same
// domain functions as experiments/permissions/* and registered-models/permissions/* (grants.ts),
// which require MANAGE on the resource (admins bypass) before they read or change anything.
import { callAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import { deleteGrant, listGrants, setGrant, type GrantRecord, type ResourceKind } from "@/lib/domain/auth/grants";
import { defaultPermission } from "@/lib/domain/auth/config";
import type { PermissionName } from "@/lib/domain/auth/permissions";
import { suggestUsernames } from "@/lib/domain/auth/users";
import { suggestGroupNames } from "@/lib/domain/auth/groups";
import { type SharePermission, removeShareSchema, setShareSchema, shareRefSchema, suggestPrincipalsSchema } from "@/lib/schemas/auth";

export interface ShareState {
  grants: GrantRecord[];
  /** What everyone else has (RUNBOARD_DEFAULT_PERMISSION). */
  defaultPermission: PermissionName;
}

const pagesOf = (kind: ResourceKind, ref: string): Revalidate[] =>
  kind === "experiment" ? [{ path: `/experiments/${ref}`, layout: true }] : [{ path: `/models/${encodeURIComponent(ref)}`, layout: true }, { path: `/prompts/${encodeURIComponent(ref)}`, layout: true }];

const grantee = (g: { kind: "user" | "group"; name: string }) => (g.kind === "user" ? { username: g.name } : { groupName: g.name });

/** Who has which permission on the resource (MANAGE needed). */
export async function listSharesAction(kind: ResourceKind, ref: string): Promise<ActionResult<ShareState>> {
  return callAction({ kind, ref }, shareRefSchema, { run: async (i) => ({ grants: await listGrants(i.kind, i.ref), defaultPermission: defaultPermission() }) });
}

/** Grants (or changes) a user's or group's permission. */
export async function setShareAction(input: {
  kind: ResourceKind;
  ref: string;
  grantee: { kind: "user" | "group"; name: string };
  permission: SharePermission;
}): Promise<ActionResult<void>> {
  return callAction(input, setShareSchema, {
    run: (i) => setGrant(i.kind, i.ref, grantee(i.grantee), i.permission),
    revalidate: (i) => pagesOf(i.kind, i.ref),
  });
}

/** Removes a grant: the user or group falls back to the default permission (or its other grants). */
export async function removeShareAction(input: { kind: ResourceKind; ref: string; grantee: { kind: "user" | "group"; name: string } }): Promise<ActionResult<void>> {
  return callAction(input, removeShareSchema, { run: (i) => deleteGrant(i.kind, i.ref, grantee(i.grantee)), revalidate: (i) => pagesOf(i.kind, i.ref) });
}

/** Users and groups whose name starts with `prefix`, for the dialog's picker. */
export async function suggestPrincipalsAction(prefix: string): Promise<ActionResult<{ users: string[]; groups: string[] }>> {
  return callAction({ prefix }, suggestPrincipalsSchema, {
    run: async (i) => {
      const [users, groups] = await Promise.all([suggestUsernames(i.prefix, 8), suggestGroupNames(i.prefix, 8)]);
      return { users, groups };
    },
  });
}
