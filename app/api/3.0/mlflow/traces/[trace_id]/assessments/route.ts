import { mlflowRoute } from "@/lib/mlflow/route";
import { createAssessmentRequest, fromMlflowAssessment, toMlflowAssessment } from "@/lib/mlflow/traces";
import { createAssessment } from "@/lib/domain/traces/assessments";

// CreateAssessment (mlflow.log_feedback / log_expectation, every scorer of genai.evaluate).
export const POST = mlflowRoute(createAssessmentRequest, async (b, _req, params) => {
  const traceId = String(params.trace_id);
  const { assessmentId: _ignored, ...input } = fromMlflowAssessment(b.assessment);
  void _ignored;
  return { assessment: toMlflowAssessment(await createAssessment(traceId, input)) };
});
