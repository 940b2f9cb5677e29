"use server";
// Server actions for the compare page: the lazy loads (metric histories, artifact texts) and
// remembering a metric's direction. Each validates its input with zod, calls the domain and
// returns a result; expected failures (bad input, DomainError) come back as { ok: false }.
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { loadMetricHistories, readArtifactTexts, setMetricDirection } from "@/lib/domain/compare/lazy-loads";
import {
  loadMetricHistoriesSchema,
  readArtifactTextsSchema,
  setMetricDirectionSchema,
  type ActionResult,
  type ArtifactText,
  type LoadMetricHistoriesInput,
  type MetricHistories,
  type ReadArtifactTextsInput,
  type SetMetricDirectionInput,
} from "@/lib/schemas/compare";

function failure(e: unknown): { ok: false; message: string } {
  if (e instanceof z.ZodError) return { ok: false, message: z.prettifyError(e) };
  if (e instanceof DomainError) return { ok: false, message: e.message };
  throw e;
}

export async function loadMetricHistoriesAction(input: LoadMetricHistoriesInput): Promise<ActionResult<MetricHistories>> {
  try {
    const { runIds, metricKey, maxPoints } = loadMetricHistoriesSchema.parse(input);
    return { ok: true, data: await loadMetricHistories(runIds, metricKey, maxPoints) };
  } catch (e) {
    return failure(e);
  }
}

export async function readArtifactTextsAction(input: ReadArtifactTextsInput): Promise<ActionResult<ArtifactText[]>> {
  try {
    const { runIds, path } = readArtifactTextsSchema.parse(input);
    return { ok: true, data: await readArtifactTexts(runIds, path) };
  } catch (e) {
    return failure(e);
  }
}

export async function setMetricDirectionAction(input: SetMetricDirectionInput): Promise<ActionResult> {
  try {
    const { experimentIds, metricKey, direction } = setMetricDirectionSchema.parse(input);
    await setMetricDirection(experimentIds, metricKey, direction);
    return { ok: true, data: undefined };
  } catch (e) {
    return failure(e);
  }
}
