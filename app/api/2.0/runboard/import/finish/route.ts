import { mlflowRoute } from "@/lib/mlflow/route";
import { finishImportRequest, toWireJob } from "@/lib/mlflow/import";
import { finishImport } from "@/lib/domain/import/jobs";

// Ends a job with its final report.
export const POST = mlflowRoute(finishImportRequest, async (b) => ({
  job: toWireJob(await finishImport({ jobId: b.job_id, status: b.status, report: b.report })),
}));
