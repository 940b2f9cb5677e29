import "server-only";
import { requireRun } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { LINKED_PROMPTS_TAG, syncRunPromptLinks } from "@/lib/domain/prompts/links";
import { inTransaction } from "@/lib/domain/tx";
import { join, validateRunName, validateRunTag } from "@/lib/domain/validation";
import { activeRunOrThrow, byKey, PARENT_RUN_ID_TAG, RUN_NAME_TAG, type KeyValue } from "@/lib/domain/runs/records";

// Run tags. Writing a tag also keeps its mirror in step, in the same transaction:
// mlflow.runName ↔ runs.name, mlflow.parentRunId ↔ runs.parent_run_id, mlflow.linkedPrompts ↔
// prompt_run_links (lib/domain/prompts/links.ts). set-tag itself is a batch of one through
// logBatch (log-batch.ts); delete-tag is here.

export /** Validates and de-duplicates tags (last value wins, first position kept). */
function prepareTags(tags: { key: string; value?: string | null }[], pathOf: (i: number) => string): KeyValue[] {
  const out = new Map<string, string>();
  tags.forEach((t, i) => {
    const v = validateRunTag(pathOf(i), t.key, t.value);
    if (v.key === RUN_NAME_TAG && v.value) validateRunName(join(pathOf(i), "value"), v.value);
    out.set(v.key, v.value);
  });
  return [...out].map(([key, value]) => ({ key, value }));
}

/** A mlflow.parentRunId value the runs.parent_run_id column can hold (else null; the tag keeps it). */
export const parentColumn = (value: string) => (value.length > 0 && value.length <= 32 ? value : null);

/** Upserts tags (already validated) and mirrors the special ones onto their columns / links. */
export async function writeTags(tx: Tx, run: { id: string; experimentId: number }, tags: KeyValue[]): Promise<void> {
  // An empty mlflow.runName is ignored, as MLflow ignores renaming a run to "".
  const list = tags.filter((t) => !(t.key === RUN_NAME_TAG && t.value === "")).sort(byKey);
  if (!list.length) return;
  const json = JSON.stringify(list.map((t) => ({ k: t.key, v: t.value })));
  await tx.$executeRaw`INSERT INTO run_tags (run_id, key, value)
    SELECT ${run.id}, x.k, x.v FROM json_to_recordset(${json}::json) AS x(k text, v text)
    ORDER BY x.k
    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`;
  const name = list.find((t) => t.key === RUN_NAME_TAG);
  if (name) await tx.$executeRaw`UPDATE runs SET name = ${name.value} WHERE id = ${run.id}`;
  const parent = list.find((t) => t.key === PARENT_RUN_ID_TAG);
  if (parent) await tx.$executeRaw`UPDATE runs SET parent_run_id = ${parentColumn(parent.value)} WHERE id = ${run.id}`;
  const linked = list.find((t) => t.key === LINKED_PROMPTS_TAG);
  if (linked) await syncRunPromptLinks(tx, run.id, linked.value);
}

/** Records keys in experiment_keys (one statement; duplicates ignored). */
export async function recordKeys(tx: Tx, experimentId: number, kinds: string[], keys: string[]): Promise<void> {
  if (!keys.length) return;
  await tx.$executeRaw`INSERT INTO experiment_keys (experiment_id, kind, key)
    SELECT ${experimentId}, x.kd::key_kind, x.k FROM unnest(${kinds}::text[], ${keys}::text[]) AS x(kd, k)
    ORDER BY 2, 3
    ON CONFLICT DO NOTHING`;
}

export async function deleteTag(input: { runId: string; key: string }, tx: Tx = db): Promise<void> {
  await requireRun(input.runId, "EDIT", tx);
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const n = await t.$executeRaw`DELETE FROM run_tags WHERE run_id = ${run.id} AND key = ${input.key}`;
    if (n === 0) throw notFound(`No tag with name: ${input.key} in run with id ${run.id}`);
    if (input.key === PARENT_RUN_ID_TAG) await t.$executeRaw`UPDATE runs SET parent_run_id = NULL WHERE id = ${run.id}`;
    if (input.key === LINKED_PROMPTS_TAG) await syncRunPromptLinks(t, run.id, null);
  });
}
