import { z } from "zod";
import { listUsers } from "@/lib/domain/auth/users";
import { toMlflowUserSummary } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET users/list — admins.
export const GET = mlflowRoute(z.object({}), async () => ({ users: (await listUsers()).map(toMlflowUserSummary) }));
