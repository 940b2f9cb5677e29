import { searchLoggedModels } from "@/lib/domain/logged-models/search";
import { searchLoggedModelsRequest, toSearchLoggedModelsResponse } from "@/lib/mlflow/logged-models";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST logged-models/search (docs/mlflow-compatibility.md#logged-models).
export const POST = mlflowRoute(searchLoggedModelsRequest, async (input) => toSearchLoggedModelsResponse(await searchLoggedModels(input)));
