import { listTokens } from "@/lib/domain/auth/tokens";
import { tokenListRequest, toMlflowToken } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET tokens/list[?username=] — the caller's tokens (an admin may list another user's). No secrets.
export const GET = mlflowRoute(tokenListRequest, async (q) => ({ tokens: (await listTokens(q.username)).map(toMlflowToken) }));
