import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowSearchRuns, searchRunsRequest, toMlflowRun } from "@/lib/mlflow/runs";
import { searchRuns } from "@/lib/domain/runs/read";

// POST is what the Python client uses; GET (query string, repeated keys) serves other clients.
const handler = mlflowRoute(searchRunsRequest, async (body) => {
  const page = await searchRuns(fromMlflowSearchRuns(body));
  return { runs: page.runs.length ? page.runs.map(toMlflowRun) : undefined, next_page_token: page.nextPageToken };
});

export { handler as GET, handler as POST };
