import { mlflowRoute } from "@/lib/mlflow/route";
import { importStateRequest, toWireEntity } from "@/lib/mlflow/import";
import { getImportState } from "@/lib/domain/import/jobs";

// What the job's source has had copied (one kind, paged): ids here and content fingerprints.
export const GET = mlflowRoute(importStateRequest, async (q) => {
  const page = await getImportState({ jobId: q.job_id, kind: q.kind, pageToken: q.page_token || undefined, maxResults: q.max_results });
  return { entities: page.entities.map(toWireEntity), next_page_token: page.nextPageToken };
});
