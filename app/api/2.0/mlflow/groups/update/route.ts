import { updateGroup } from "@/lib/domain/auth/groups";
import { groupUpdateRequest, toMlflowGroup } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH groups/update {name, new_name?, description?} — admins.
export const PATCH = mlflowRoute(groupUpdateRequest, async (b) => ({
  group: toMlflowGroup(await updateGroup({ name: b.name, newName: b.new_name, description: b.description })),
}));
