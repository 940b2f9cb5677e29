import { mlflowRoute } from "@/lib/mlflow/route";
import { searchDatasetsRequest, toMlflowDataset } from "@/lib/mlflow/eval-datasets";
import { searchEvalDatasets } from "@/lib/domain/traces/eval-datasets";

const handler = mlflowRoute(searchDatasetsRequest, async (b) => {
  const page = await searchEvalDatasets({ experimentIds: b.experiment_ids, filter: b.filter_string, maxResults: b.max_results, orderBy: b.order_by, pageToken: b.page_token });
  return { datasets: page.datasets.map(toMlflowDataset), next_page_token: page.nextPageToken };
});
export { handler as GET, handler as POST };
