import { mlflowRoute } from "@/lib/mlflow/route";
import { importRunRequest } from "@/lib/mlflow/import";
import { importRun } from "@/lib/domain/import/runs";

// One run, whole, keeping its id (history sent inline and/or staged with runs/metrics).
export const POST = mlflowRoute(importRunRequest, async (b) => {
  const r = await importRun(b);
  return { run_id: r.runId, experiment_id: r.experimentId, artifact_uri: r.artifactUri, result: r.result, metrics: r.metrics, warnings: r.warnings };
});
