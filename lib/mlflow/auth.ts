import "server-only";
import { z } from "zod";
import { optBool, optInt32, optString, reqId, reqString } from "@/lib/mlflow/wire";
import type { UserGrants, UserRecord } from "@/lib/domain/auth/users";
import type { GrantRecord } from "@/lib/domain/auth/grants";
import type { GroupDetail, GroupRecord } from "@/lib/domain/auth/groups";
import type { TokenRecord } from "@/lib/domain/auth/tokens";

// Wire shapes of MLflow's auth REST API (docs/mlflow-compatibility.md#auth), kept exact so MLflow's AuthServiceClient
// works unmodified, plus Runboard's group and token endpoints. A grant may name a group
// (`group_name`) wherever MLflow takes a `username`.

export const createUserRequest = z.object({ username: reqString(), password: reqString() });
export const usernameRequest = z.object({ username: reqString() });
export const updatePasswordRequest = z.object({ username: reqString(), password: reqString(), current_password: optString() });
export const updateAdminRequest = z.object({
  username: reqString(),
  is_admin: optBool().refine((v) => v !== undefined, { message: "Missing value for required parameter 'is_admin'." }),
});

const grantee = { username: optString(), group_name: optString() };
export const experimentPermissionRequest = z.object({ experiment_id: reqId(), ...grantee, permission: reqString() });
export const experimentGranteeRequest = z.object({ experiment_id: reqId(), ...grantee });
export const experimentIdOnlyRequest = z.object({ experiment_id: reqId() });
export const modelPermissionRequest = z.object({ name: reqString(), ...grantee, permission: reqString() });
export const modelGranteeRequest = z.object({ name: reqString(), ...grantee });
export const modelNameOnlyRequest = z.object({ name: reqString() });

export const groupCreateRequest = z.object({ name: reqString(), description: optString() });
export const groupNameRequest = z.object({ name: reqString() });
export const groupUpdateRequest = z.object({ name: reqString(), new_name: optString(), description: optString() });
export const groupMemberRequest = z.object({ group_name: reqString(), username: reqString() });

export const tokenCreateRequest = z.object({ name: reqString(), expires_in_days: optInt32(), username: optString() });
export const tokenListRequest = z.object({ username: optString() });
export const tokenIdRequest = z.object({ id: optInt32().refine((v) => v !== undefined, { message: "Missing value for required parameter 'id'." }) });

export const toGrantee = (b: { username?: string; group_name?: string }) => ({ username: b.username, groupName: b.group_name });

export function toMlflowUser(u: UserRecord & UserGrants) {
  return {
    id: u.id,
    username: u.username,
    is_admin: u.isAdmin,
    experiment_permissions: u.experimentPermissions.map((p) => ({ experiment_id: p.experimentId, user_id: p.userId, permission: p.permission })),
    registered_model_permissions: u.registeredModelPermissions.map((p) => ({ name: p.name, user_id: p.userId, permission: p.permission })),
    scorer_permissions: [],
  };
}

export const toMlflowUserSummary = (u: UserRecord) => ({ id: u.id, username: u.username, is_admin: u.isAdmin });

function principal(g: GrantRecord) {
  return g.kind === "user" ? { user_id: g.principalId, username: g.name } : { group_id: g.principalId, group_name: g.name };
}

export const toMlflowExperimentPermission = (experimentId: string, g: GrantRecord) => ({ experiment_id: experimentId, ...principal(g), permission: g.permission });
export const toMlflowModelPermission = (name: string, g: GrantRecord) => ({ name, ...principal(g), permission: g.permission });

export const toMlflowGroup = (g: GroupRecord) => ({
  id: g.id,
  name: g.name,
  description: g.description ?? undefined,
  created_at: g.createdAt,
  member_count: g.memberCount,
});

export const toMlflowGroupDetail = (g: GroupDetail) => ({
  ...toMlflowGroup(g),
  members: g.members.map((m) => ({ user_id: m.userId, username: m.username, added_at: m.addedAt })),
});

export const toMlflowToken = (t: TokenRecord) => ({
  id: t.id,
  name: t.name,
  username: t.username,
  prefix: t.prefix,
  created_at: t.createdAt,
  expires_at: t.expiresAt ?? undefined,
  last_used_at: t.lastUsedAt ?? undefined,
  revoked_at: t.revokedAt ?? undefined,
});
