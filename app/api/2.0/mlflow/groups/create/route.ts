import { createGroup } from "@/lib/domain/auth/groups";
import { groupCreateRequest, toMlflowGroup } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST groups/create {name, description?} — admins. Runboard only.
export const POST = mlflowRoute(groupCreateRequest, async (b) => ({ group: toMlflowGroup(await createGroup({ name: b.name, description: b.description })) }));
