import { getUser } from "@/lib/domain/auth/users";
import { toMlflowUser, usernameRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET users/get?username= — the user themself or an admin.
export const GET = mlflowRoute(usernameRequest, async (q) => ({ user: toMlflowUser(await getUser(q.username)) }));
