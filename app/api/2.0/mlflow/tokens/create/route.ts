import { createToken } from "@/lib/domain/auth/tokens";
import { tokenCreateRequest, toMlflowToken } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST tokens/create {name, expires_in_days?, username?} — a personal access token for the
// caller (an admin may name another user). The secret is in this answer only.
export const POST = mlflowRoute(tokenCreateRequest, async (b) => {
  const { token, secret } = await createToken({ name: b.name, expiresInDays: b.expires_in_days, username: b.username });
  return { token: toMlflowToken(token), secret };
});
