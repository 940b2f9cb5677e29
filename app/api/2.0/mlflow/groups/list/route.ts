import { z } from "zod";
import { listGroups } from "@/lib/domain/auth/groups";
import { toMlflowGroup } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET groups/list — every group for admins, one's own groups for others.
export const GET = mlflowRoute(z.object({}), async () => ({ groups: (await listGroups()).map(toMlflowGroup) }));
