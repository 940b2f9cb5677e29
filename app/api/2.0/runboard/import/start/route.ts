import { mlflowRoute } from "@/lib/mlflow/route";
import { startImportRequest, toStartImportResponse } from "@/lib/mlflow/import";
import { startImport } from "@/lib/domain/import/jobs";

// Starts an import job for a source server (npm run import); refused while another runs.
export const POST = mlflowRoute(startImportRequest, async (b) =>
  toStartImportResponse(await startImport({ sourceUrl: b.source_url, options: b.options })),
);
