import { getGroup } from "@/lib/domain/auth/groups";
import { groupNameRequest, toMlflowGroupDetail } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET groups/get?name= — admins and members.
export const GET = mlflowRoute(groupNameRequest, async (q) => ({ group: toMlflowGroupDetail(await getGroup(q.name)) }));
