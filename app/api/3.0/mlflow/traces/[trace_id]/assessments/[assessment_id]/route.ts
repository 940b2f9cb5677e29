import { z } from "zod";
import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowAssessmentUpdate, toMlflowAssessment, updateAssessmentRequest } from "@/lib/mlflow/traces";
import { deleteAssessment, getAssessment, updateAssessment } from "@/lib/domain/traces/assessments";

const ids = (p: Record<string, unknown>) => [String(p.trace_id), String(p.assessment_id)] as const;
const anyIds = z.object({ trace_id: z.string().optional(), assessment_id: z.string().optional() });

export const GET = mlflowRoute(anyIds, async (_q, _req, params) => ({ assessment: toMlflowAssessment(await getAssessment(...ids(params))) }));

export const PATCH = mlflowRoute(updateAssessmentRequest, async (b, _req, params) => ({
  assessment: toMlflowAssessment(await updateAssessment(...ids(params), fromMlflowAssessmentUpdate(b))),
}));

export const DELETE = mlflowRoute(anyIds, async (_b, _req, params) => {
  await deleteAssessment(...ids(params));
  return {};
});
