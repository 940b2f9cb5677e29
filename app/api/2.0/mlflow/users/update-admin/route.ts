import { updateAdmin } from "@/lib/domain/auth/users";
import { updateAdminRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH users/update-admin {username, is_admin} — admins.
export const PATCH = mlflowRoute(updateAdminRequest, async (b) => {
  await updateAdmin({ username: b.username, isAdmin: b.is_admin! });
  return {};
});
