import "server-only";
import { readableExperimentsSql, readablePromptVersionsSql, readableRegisteredModelsSql, requireLoggedModel, requireRegisteredModel, requireRegisteredModelId, requireRun } from "@/lib/domain/auth/authorize";
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

export interface PromptUsageRun {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: string;
}

export interface PromptUsageLoggedModel {
  modelId: string;
  name: string;
  experimentId: string;
  experimentName: string;
  sourceRunId: string | null;
  status: string;
  creationTimestamp: number;
}

export interface PromptUsageModelVersion {
  name: string;
  version: number;
  currentStage: string;
  modelId: string | null;
  creationTimestamp: number;
}

export interface PromptVersionUsage {
  version: number;
  runs: PromptUsageRun[];
  loggedModels: PromptUsageLoggedModel[];
  modelVersions: PromptUsageModelVersion[];
}

/**
 * Who uses a prompt: for each version (or just `version`), the active runs, active logged
 * models and registered model versions linked to it. Newest version first. One query per kind.
 */
export async function getPromptUsage(name: string, version?: number, tx: Tx = db): Promise<PromptVersionUsage[]> {
  await requireRegisteredModel(name, "READ", tx);
  // Only the users of the prompt the caller may see.
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const modelReadable = await readableExperimentsSql(Prisma.sql`m.experiment_id`);
  const mvReadable = await readableRegisteredModelsSql(Prisma.sql`rm2.id`);
  const versionCond = version !== undefined ? Prisma.sql`AND mv.version = ${version}` : Prisma.empty;
  const versions = await tx.$queryRaw<{ id: number; version: number }[]>`
    SELECT mv.id, mv.version FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
    WHERE rm.name = ${name} AND rm.is_prompt ${versionCond} ORDER BY mv.version DESC`;
  if (versions.length === 0) return [];
  const ids = versions.map((v) => v.id);
  const [runs, models, mvs] = await readAll(tx, [
    () => tx.$queryRaw<
      {
        pv: number;
        id: string;
        name: string;
        experiment_id: number;
        experiment_name: string;
        status: string;
        start_time: bigint;
        end_time: bigint | null;
        user_id: string;
        lifecycle_stage: string;
      }[]
    >`
      SELECT l.prompt_version_id AS pv, r.id, r.name, r.experiment_id, e.name AS experiment_name, r.status::text AS status,
             r.start_time, r.end_time, r.user_id, r.lifecycle_stage::text AS lifecycle_stage
      FROM prompt_run_links l
      JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
      JOIN experiments e ON e.id = r.experiment_id
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY r.start_time DESC, r.id`,
    () => tx.$queryRaw<
      { pv: number; id: string; name: string; experiment_id: number; experiment_name: string; source_run_id: string | null; status: string; creation_timestamp_ms: bigint }[]
    >`
      SELECT l.prompt_version_id AS pv, m.id, m.name, m.experiment_id, e.name AS experiment_name, m.source_run_id,
             m.status::text AS status, m.creation_timestamp_ms
      FROM prompt_logged_model_links l
      JOIN logged_models m ON m.id = l.model_id AND m.lifecycle_stage = 'active' AND ${modelReadable}
      JOIN experiments e ON e.id = m.experiment_id
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY m.creation_timestamp_ms DESC, m.id`,
    () => tx.$queryRaw<{ pv: number; name: string; version: number; current_stage: string; model_id: string | null; creation_timestamp: bigint }[]>`
      SELECT l.prompt_version_id AS pv, rm2.name, mv2.version, mv2.current_stage, mv2.model_id, mv2.creation_timestamp
      FROM prompt_model_version_links l
      JOIN model_versions mv2 ON mv2.id = l.model_version_id
      JOIN registered_models rm2 ON rm2.id = mv2.registered_model_id AND ${mvReadable}
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY rm2.name, mv2.version DESC`,
  ] as const);
  return versions.map((v) => ({
    version: v.version,
    runs: runs
      .filter((r) => r.pv === v.id)
      .map((r) => ({
        runId: r.id,
        runName: r.name,
        experimentId: String(r.experiment_id),
        experimentName: r.experiment_name,
        status: r.status,
        startTime: Number(r.start_time),
        endTime: r.end_time === null ? null : Number(r.end_time),
        userId: r.user_id,
        lifecycleStage: r.lifecycle_stage,
      })),
    loggedModels: models
      .filter((m) => m.pv === v.id)
      .map((m) => ({
        modelId: m.id,
        name: m.name,
        experimentId: String(m.experiment_id),
        experimentName: m.experiment_name,
        sourceRunId: m.source_run_id,
        status: m.status,
        creationTimestamp: Number(m.creation_timestamp_ms),
      })),
    modelVersions: mvs
      .filter((m) => m.pv === v.id)
      .map((m) => ({ name: m.name, version: m.version, currentStage: m.current_stage, modelId: m.model_id, creationTimestamp: Number(m.creation_timestamp) })),
  }));
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
