import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowStartTraceV2, searchTracesV2Request, startTraceV2Request, toMlflowTraceInfoV2 } from "@/lib/mlflow/traces";
import { startTraceV2 } from "@/lib/domain/traces/start";
import { searchTraces } from "@/lib/domain/traces/search";

// v2 StartTrace (older clients; the v3 client's fallback when StartTraceV3 is missing) and
// v2 SearchTraces (GET, repeated experiment_ids) — docs/mlflow-compatibility.md#traces
export const POST = mlflowRoute(startTraceV2Request, async (b) => ({ trace_info: toMlflowTraceInfoV2(await startTraceV2(fromMlflowStartTraceV2(b))) }));

export const GET = mlflowRoute(searchTracesV2Request, async (q) => {
  const page = await searchTraces({ experimentIds: q.experiment_ids, filter: q.filter, orderBy: q.order_by, maxResults: q.max_results, pageToken: q.page_token });
  return { traces: page.traces.map(toMlflowTraceInfoV2), next_page_token: page.nextPageToken };
});
