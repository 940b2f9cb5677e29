import { z } from "zod";
import { getCurrentUser } from "@/lib/domain/auth/users";
import { toMlflowUserSummary } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET users/current — who the credentials belong to ({} when auth is off).
export const GET = mlflowRoute(z.object({}), async () => {
  const u = await getCurrentUser();
  return u ? { user: toMlflowUserSummary(u) } : {};
});
