import { updatePassword } from "@/lib/domain/auth/users";
import { updatePasswordRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH users/update-password {username, password, current_password?} — self (with the current password) or an admin.
export const PATCH = mlflowRoute(updatePasswordRequest, async (b) => {
  await updatePassword({ username: b.username, password: b.password, currentPassword: b.current_password });
  return {};
});
