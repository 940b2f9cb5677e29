import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowSearchExperiments, searchExperimentsRequest, toMlflowExperiment } from "@/lib/mlflow/experiments";
import { searchExperiments } from "@/lib/domain/experiments";

// POST is what the Python client uses; GET (query string) is also part of MLflow's API.
const handler = mlflowRoute(searchExperimentsRequest, async (body) => {
  const page = await searchExperiments(fromMlflowSearchExperiments(body));
  return {
    experiments: page.experiments.length ? page.experiments.map(toMlflowExperiment) : undefined,
    next_page_token: page.nextPageToken,
  };
});

export { handler as GET, handler as POST };
