import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowSearchRuns, searchRunsRequest, searchRunsResponse } from "@/lib/mlflow/runs";
import { openRunSearch } from "@/lib/domain/runs/read";

// POST is what the Python client uses; GET (query string, repeated keys) serves other clients.
// A large page (MLflow allows 50,000 runs) is streamed out a chunk of runs at a time.
const handler = mlflowRoute(searchRunsRequest, async (body) => searchRunsResponse(await openRunSearch(fromMlflowSearchRuns(body))));

export { handler as GET, handler as POST };
