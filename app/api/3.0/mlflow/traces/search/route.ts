import { mlflowRoute } from "@/lib/mlflow/route";
import { experimentOfLocation, searchTracesV3Request, toMlflowTraceInfoV3 } from "@/lib/mlflow/traces";
import { searchTraces } from "@/lib/domain/traces/search";

// SearchTracesV3 (docs/mlflow-compatibility.md#traces, #trace-search): locations (or the deprecated experiment_ids), filter grammar,
// order_by, max_results ≤ 500, page tokens.
export const POST = mlflowRoute(searchTracesV3Request, async (b) => {
  const experimentIds = [...b.locations.map((l, i) => experimentOfLocation(l, `locations[${i}]`)), ...b.experiment_ids];
  const page = await searchTraces({ experimentIds, filter: b.filter, orderBy: b.order_by, maxResults: b.max_results, pageToken: b.page_token });
  return { traces: page.traces.map(toMlflowTraceInfoV3), next_page_token: page.nextPageToken };
});
