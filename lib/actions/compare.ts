"use server";
// Server actions for the compare page, each through lib/actions/action.ts: the lazy loads
// (metric histories, artifact texts) and remembering a metric's direction.
import { loadMetricHistories, readArtifactTexts, setMetricDirection } from "@/lib/domain/compare/lazy-loads";
import { callAction } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import {
  loadMetricHistoriesSchema,
  readArtifactTextsSchema,
  setMetricDirectionSchema,
  type ArtifactText,
  type LoadMetricHistoriesInput,
  type MetricHistories,
  type ReadArtifactTextsInput,
  type SetMetricDirectionInput,
} from "@/lib/schemas/compare";

export async function loadMetricHistoriesAction(input: LoadMetricHistoriesInput): Promise<ActionResult<MetricHistories>> {
  return callAction(input, loadMetricHistoriesSchema, { run: (i) => loadMetricHistories(i.runIds, i.metricKey, i.maxPoints) });
}

export async function readArtifactTextsAction(input: ReadArtifactTextsInput): Promise<ActionResult<ArtifactText[]>> {
  return callAction(input, readArtifactTextsSchema, { run: (i) => readArtifactTexts(i.runIds, i.path) });
}

/**
 * Stored as experiment tags. Nothing is revalidated: the compare page already shows the new
 * direction (client state), and re-rendering it would drop the user's unsaved view state.
 */
export async function setMetricDirectionAction(input: SetMetricDirectionInput): Promise<ActionResult<void>> {
  return callAction(input, setMetricDirectionSchema, { run: (i) => setMetricDirection(i.experimentIds, i.metricKey, i.direction) });
}
