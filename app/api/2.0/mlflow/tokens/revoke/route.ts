import { revokeToken } from "@/lib/domain/auth/tokens";
import { tokenIdRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST tokens/revoke {id} — its owner or an admin; refused on every instance at once.
export const POST = mlflowRoute(tokenIdRequest, async (b) => {
  await revokeToken(b.id!);
  return {};
});
