import "server-only";
import { requireRun } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { logDatasetInputs, validateDatasetInputs } from "@/lib/domain/datasets";
import { inTransaction } from "@/lib/domain/tx";
import { pyRepr, validateRunIdFormat } from "@/lib/domain/validation";
import type { LogInputsInput, LogOutputsInput } from "@/lib/schemas/run";
import { activeRunOrThrow, LOG_MODEL_HISTORY_TAG, toBigInt } from "@/lib/domain/runs/records";
import { recordKeys, writeTags } from "@/lib/domain/runs/tags";

// What a run used and produced besides metrics: runs/log-inputs (datasets, de-duplicated per
// experiment, and logged models it read), runs/outputs (logged models it produced) and the
// legacy runs/log-model (the MLmodel dict appended to the mlflow.log-model.history tag).

/** runs/log-inputs: datasets (de-duplicated per experiment) and logged models used by the run. */
export async function logInputs(input: LogInputsInput, tx: Tx = db): Promise<void> {
  await requireRun(input.runId, "EDIT", tx);
  validateRunIdFormat(input.runId);
  const datasets = input.datasets ?? [];
  validateDatasetInputs(datasets);
  const models = [...new Set((input.models ?? []).map((m) => m.modelId))];
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    await logDatasetInputs(t, { runId: run.id, experimentId: run.experimentId }, datasets);
    if (models.length) {
      await assertModelsExist(t, models);
      await t.$executeRaw`INSERT INTO run_model_inputs (run_id, model_id)
        SELECT ${run.id}, unnest(${models}::text[]) ON CONFLICT DO NOTHING`;
    }
  });
}

/** runs/outputs: the run produced these logged models (at these steps). */
export async function logOutputs(input: LogOutputsInput, tx: Tx = db): Promise<void> {
  await requireRun(input.runId, "EDIT", tx);
  const models = input.models.map((m) => ({ modelId: m.modelId, step: String(toBigInt(m.step, 0n)) }));
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    if (!models.length) return;
    await assertModelsExist(t, [...new Set(models.map((m) => m.modelId))]);
    await t.$executeRaw`INSERT INTO run_model_outputs (run_id, model_id, step)
      SELECT ${run.id}, m, s FROM unnest(${models.map((m) => m.modelId)}::text[], ${models.map((m) => m.step)}::bigint[]) AS x(m, s)
      ON CONFLICT DO NOTHING`;
  });
}

async function assertModelsExist(tx: Tx, modelIds: string[]): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM logged_models WHERE id = ANY(${modelIds}::text[])`;
  const found = new Set(rows.map((r) => r.id));
  const missing = modelIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`Logged model with ID '${missing}' not found.`);
}

/** Legacy runs/log-model: appends the MLmodel dict to the run tag mlflow.log-model.history. */
export async function logModel(input: { runId: string; modelJson: string }, tx: Tx = db): Promise<void> {
  await requireRun(input.runId, "EDIT", tx);
  let model: unknown;
  try {
    model = JSON.parse(input.modelJson);
  } catch {
    throw invalidParam(`Malformed model info. \n ${input.modelJson} \n is not a valid JSON.`);
  }
  if (typeof model !== "object" || model === null || Array.isArray(model)) {
    throw invalidParam(`Malformed model info. \n ${input.modelJson} \n is not a valid JSON.`);
  }
  const required = ["artifact_path", "flavors", "utc_time_created", "run_id"];
  const missing = required.filter((k) => !(k in model));
  if (missing.length) throw invalidParam(`Model json is missing mandatory fields: {${missing.map(pyRepr).join(", ")}}`);
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const rows = await t.$queryRaw<{ value: string }[]>`
      SELECT value FROM run_tags WHERE run_id = ${run.id} AND key = ${LOG_MODEL_HISTORY_TAG} FOR UPDATE`;
    let history: unknown[] = [];
    try {
      const prev = rows[0] ? JSON.parse(rows[0].value) : [];
      if (Array.isArray(prev)) history = prev;
    } catch {
      history = [];
    }
    const value = JSON.stringify([...history, model]);
    if (value.length > 8000) throw invalidParam(`'${LOG_MODEL_HISTORY_TAG}' exceeds the maximum length of 8000 characters`);
    await writeTags(t, run, [{ key: LOG_MODEL_HISTORY_TAG, value }]);
    await recordKeys(t, run.experimentId, ["tag"], [LOG_MODEL_HISTORY_TAG]);
  });
}
