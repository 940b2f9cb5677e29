import { deleteGroup } from "@/lib/domain/auth/groups";
import { groupNameRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE groups/delete {name} — admins; the group's grants go with it.
export const DELETE = mlflowRoute(groupNameRequest, async (b) => {
  await deleteGroup(b.name);
  return {};
});
