import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowStartTraceV3, startTraceV3Request, toMlflowTraceInfoV3 } from "@/lib/mlflow/traces";
import { startTraceV3 } from "@/lib/domain/traces/start";

// StartTraceV3 (docs/mlflow-compatibility.md#traces step 2): called once the root span ended; answers the stored info
// with the server tags (mlflow.artifactLocation, mlflow.trace.spansLocation when OTLP came first).
export const POST = mlflowRoute(startTraceV3Request, async (body) => {
  const info = await startTraceV3(fromMlflowStartTraceV3(body));
  return { trace: { trace_info: toMlflowTraceInfoV3(info) } };
});
