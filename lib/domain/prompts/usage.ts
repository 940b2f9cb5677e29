import "server-only";
import { readableExperimentsSql, readablePromptVersionsSql, requireLoggedModel, requireRegisteredModelId, requireRun } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { findModelVersionId } from "@/lib/domain/registry/records";
import { readAll } from "@/lib/domain/tx";
import { loadPromptVersionDetailMap, loadPromptVersionDetails, type PromptVersionDetail } from "@/lib/domain/prompts/records";

// Usage, answered from the link tables (lib/domain/prompts/links.ts keeps them) with one
// indexed query per kind: which runs, logged models and registered model versions use a
// prompt version, and which prompt versions a run / logged model / model version uses.

// ───────────────────────────── Usage (link tables) ─────────────────────────────

/**
 * (prompt_version_id, model_id, via_run_id) for every logged model that uses one of the prompt
 * versions `pvIds` selects (a subquery of ids): linked itself (via_run_id NULL), or logged by /
 * an output of a linked active run the caller may read (via_run_id = that run) — MLflow's
 * log_model(prompts=…) links the RUN, and the model it logged uses the prompt too. Rows may
 * repeat; callers count DISTINCT and check the model itself (active, readable).
 * `runReadable` is the caller's predicate on `r.experiment_id`.
 */
export function modelUsersSql(pvIds: Prisma.Sql, runReadable: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT l.prompt_version_id, l.model_id, NULL::text AS via_run_id FROM prompt_logged_model_links l WHERE l.prompt_version_id IN (${pvIds})
    UNION ALL
    SELECT l.prompt_version_id, lm.id, l.run_id FROM prompt_run_links l
    JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
    JOIN logged_models lm ON lm.source_run_id = l.run_id
    WHERE l.prompt_version_id IN (${pvIds})
    UNION ALL
    SELECT l.prompt_version_id, o.model_id, l.run_id FROM prompt_run_links l
    JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
    JOIN run_model_outputs o ON o.run_id = l.run_id
    WHERE l.prompt_version_id IN (${pvIds})`;
}

/**
 * (prompt_version_id, run_id) for every run that uses one of the prompt versions `pvIds` selects:
 * linked itself (load_prompt inside the run), or through a logged model it produced (logged by
 * it, or one of its outputs) that is linked to the version (load_prompt with the model active).
 * Rows may repeat; callers count DISTINCT and check the run itself (active, readable).
 */
export function runUsersSql(pvIds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT l.prompt_version_id, l.run_id FROM prompt_run_links l WHERE l.prompt_version_id IN (${pvIds})
    UNION ALL
    SELECT l.prompt_version_id, lm.source_run_id FROM prompt_logged_model_links l
    JOIN logged_models lm ON lm.id = l.model_id AND lm.lifecycle_stage = 'active' AND lm.source_run_id IS NOT NULL
    WHERE l.prompt_version_id IN (${pvIds})
    UNION ALL
    SELECT l.prompt_version_id, o.run_id FROM prompt_logged_model_links l
    JOIN logged_models lm ON lm.id = l.model_id AND lm.lifecycle_stage = 'active'
    JOIN run_model_outputs o ON o.model_id = l.model_id
    WHERE l.prompt_version_id IN (${pvIds})`;
}

export interface RunPrompts {
  /** Prompt versions linked to the run itself (its `mlflow.linkedPrompts` tag). */
  prompts: PromptVersionDetail[];
  /** The run's logged models (outputs, or created by it) and the prompt versions linked to each. */
  models: { modelId: string; modelName: string; prompts: PromptVersionDetail[] }[];
}

/** The prompt versions a run uses, directly and through the logged models it produced. */
export async function getRunPrompts(runId: string, tx: Tx = db): Promise<RunPrompts> {
  await requireRun(runId, "READ", tx);
  const pvReadable = await readablePromptVersionsSql(Prisma.sql`l.prompt_version_id`);
  const modelReadable = await readableExperimentsSql(Prisma.sql`m.experiment_id`);
  const [direct, viaModels] = await readAll(tx, [
    () => tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_run_links l WHERE run_id = ${runId} AND ${pvReadable}`,
    () => tx.$queryRaw<{ pv: number; model_id: string; model_name: string }[]>`
      SELECT l.prompt_version_id AS pv, m.id AS model_id, m.name AS model_name
      FROM logged_models m
      JOIN prompt_logged_model_links l ON l.model_id = m.id
      WHERE m.lifecycle_stage = 'active' AND ${pvReadable} AND ${modelReadable}
        AND (m.source_run_id = ${runId} OR m.id IN (SELECT model_id FROM run_model_outputs WHERE run_id = ${runId}))
      ORDER BY m.creation_timestamp_ms, m.id`,
  ] as const);
  const byId = await loadPromptVersionDetailMap([...direct.map((d) => d.pv), ...viaModels.map((m) => m.pv)], tx);
  const sortPv = (a: PromptVersionDetail, b: PromptVersionDetail) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version);
  const models = new Map<string, { modelId: string; modelName: string; prompts: PromptVersionDetail[] }>();
  for (const m of viaModels) {
    const entry = models.get(m.model_id) ?? { modelId: m.model_id, modelName: m.model_name, prompts: [] };
    const d = byId.get(m.pv);
    if (d) entry.prompts.push(d);
    models.set(m.model_id, entry);
  }
  return {
    prompts: direct.map((d) => byId.get(d.pv)).filter((d): d is PromptVersionDetail => !!d).sort(sortPv),
    models: [...models.values()].map((m) => ({ ...m, prompts: m.prompts.sort(sortPv) })),
  };
}

/** The prompt versions a logged model uses (its `mlflow.linkedPrompts` tag). */
export async function getLoggedModelPrompts(modelId: string, tx: Tx = db): Promise<PromptVersionDetail[]> {
  await requireLoggedModel(modelId, "READ", tx);
  const pvReadable = await readablePromptVersionsSql(Prisma.sql`l.prompt_version_id`);
  const rows = await tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_logged_model_links l WHERE model_id = ${modelId} AND ${pvReadable}`;
  return (await loadPromptVersionDetails(rows.map((r) => r.pv), tx)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}

/** The prompt versions a registered model version uses (through its logged model). */
export async function getModelVersionPrompts(ref: number | { name: string; version: number | string }, tx: Tx = db): Promise<PromptVersionDetail[]> {
  const mvId = typeof ref === "number" ? ref : await findModelVersionId(ref.name, Number(ref.version), tx);
  if (mvId === null) return [];
  const owner = await tx.$queryRaw<{ rm: number }[]>`SELECT registered_model_id AS rm FROM model_versions WHERE id = ${mvId}`;
  await requireRegisteredModelId(owner[0]?.rm ?? -1, "READ");
  const pvReadable = await readablePromptVersionsSql(Prisma.sql`l.prompt_version_id`);
  const rows = await tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_model_version_links l WHERE model_version_id = ${mvId} AND ${pvReadable}`;
  return (await loadPromptVersionDetails(rows.map((r) => r.pv), tx)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}
