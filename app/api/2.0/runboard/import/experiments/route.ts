import { mlflowRoute } from "@/lib/mlflow/route";
import { importExperimentsRequest, toWireExperimentOutcome } from "@/lib/mlflow/import";
import { importExperiments } from "@/lib/domain/import/experiments";

// Experiments of the source: ids kept when free, mapped otherwise; the mapping is the answer.
export const POST = mlflowRoute(importExperimentsRequest, async (b) => ({
  experiments: (await importExperiments(b)).map(toWireExperimentOutcome),
}));
