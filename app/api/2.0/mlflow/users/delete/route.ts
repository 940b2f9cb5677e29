import { deleteUser } from "@/lib/domain/auth/users";
import { usernameRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE users/delete {username} — admins.
export const DELETE = mlflowRoute(usernameRequest, async (b) => {
  await deleteUser(b.username);
  return {};
});
