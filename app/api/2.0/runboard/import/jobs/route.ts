import { mlflowRoute } from "@/lib/mlflow/route";
import { listImportJobsRequest, toWireJob } from "@/lib/mlflow/import";
import { listImportJobs } from "@/lib/domain/import/jobs";

// The most recent import jobs with their progress or report, newest first.
export const GET = mlflowRoute(listImportJobsRequest, async (q) => ({ jobs: (await listImportJobs({ limit: q.limit })).map(toWireJob) }));
