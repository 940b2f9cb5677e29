import { removeGroupMember } from "@/lib/domain/auth/groups";
import { groupMemberRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE groups/members/remove {group_name, username} — admins.
export const DELETE = mlflowRoute(groupMemberRequest, async (b) => {
  await removeGroupMember(b.group_name, b.username);
  return {};
});
