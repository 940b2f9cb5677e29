import { mlflowRoute } from "@/lib/mlflow/route";
import { importProgressRequest } from "@/lib/mlflow/import";
import { recordImportProgress } from "@/lib/domain/import/jobs";

// The importer's heartbeat with its counts so far.
export const POST = mlflowRoute(importProgressRequest, async (b) => {
  await recordImportProgress({ jobId: b.job_id, progress: b.progress });
  return {};
});
