import { addGroupMember } from "@/lib/domain/auth/groups";
import { groupMemberRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST groups/members/add {group_name, username} — admins.
export const POST = mlflowRoute(groupMemberRequest, async (b) => {
  await addGroupMember(b.group_name, b.username);
  return {};
});
