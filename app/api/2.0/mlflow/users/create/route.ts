import { createUser, userGrants } from "@/lib/domain/auth/users";
import { createUserRequest, toMlflowUser } from "@/lib/mlflow/auth";
import { errorResponse, mlflowRoute } from "@/lib/mlflow/route";

// POST users/create {username, password} — admins only (MLflow's auth API).
export const POST = mlflowRoute(createUserRequest, async (b, req) => {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) {
    return errorResponse("INVALID_PARAMETER_VALUE", "Invalid content type. Must be application/json");
  }
  const user = await createUser({ username: b.username, password: b.password });
  return { user: toMlflowUser({ ...user, ...(await userGrants(user.id)) }) };
});
