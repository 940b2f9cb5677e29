import "server-only";
import { readableExperimentsSql, readableRegisteredModelsSql, requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { getLatestMetricsForRuns } from "@/lib/domain/prompts/metrics";
import { modelUsersSql, runUsersSql } from "@/lib/domain/prompts/usage";
import { readAll } from "@/lib/domain/tx";
import {
  USAGE_ROWS_LIMIT,
  type PromptUsageTotals,
  type PromptUsageView,
  type UsageModelRow,
  type UsageModelVersionRow,
  type UsageRunRow,
} from "@/lib/schemas/ui-prompt-usage";

// The prompt page's "who uses this prompt" read model, bounded however many runs and models
// link to the prompt: every count is computed in SQL, and rows come back at most
// USAGE_ROWS_LIMIT per kind (newest first), with metrics and produced models read for those rows
// only. Who counts is decided in one place (lib/domain/prompts/usage.ts), shared with the
// /prompts list counts and metrics by version: a run uses the prompt when it is linked or a
// logged model it produced is (runUsersSql); a logged model when it is linked or a linked run
// produced it (modelUsersSql: MLflow's log_model(prompts=…) links the run).

interface Options {
  /** Rows for one version only ("Used by" → this version); the per-version figures and the totals stay whole. */
  version?: number | null;
  /** Read the "Used by" rows (only the tab shows them). */
  withRows?: boolean;
  /** Latest values of these metrics for each run row. */
  metricKeys?: string[];
  limit?: number;
}

export async function getPromptUsageView(name: string, opts: Options = {}, tx: Tx = db): Promise<PromptUsageView> {
  await requireRegisteredModel(name, "READ", tx);
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const modelReadable = await readableExperimentsSql(Prisma.sql`m.experiment_id`);
  const mvReadable = await readableRegisteredModelsSql(Prisma.sql`rm2.id`);
  const limit = Math.max(1, Math.min(opts.limit ?? USAGE_ROWS_LIMIT, 1000));
  // The prompt's versions (all, or the one in scope) as a CTE named pv(id, version).
  const pvCte = (version?: number | null) => Prisma.sql`
    pv AS (
      SELECT mv.id, mv.version FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
      WHERE rm.name = ${name} AND rm.is_prompt ${version !== undefined && version !== null ? Prisma.sql`AND mv.version = ${version}` : Prisma.empty}
    ), run_links AS (
      SELECT DISTINCT pv.version, r.id AS run_id, r.start_time FROM (${runUsersSql(Prisma.sql`SELECT id FROM pv`)}) u
      JOIN pv ON pv.id = u.prompt_version_id
      JOIN runs r ON r.id = u.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
    ), model_users AS (
      SELECT pv.version, u.model_id, u.via_run_id FROM (${modelUsersSql(Prisma.sql`SELECT id FROM pv`, runReadable)}) u
      JOIN pv ON pv.id = u.prompt_version_id
      JOIN logged_models m ON m.id = u.model_id AND m.lifecycle_stage = 'active' AND ${modelReadable}
    ), mv_links AS (
      SELECT pv.version, l.model_version_id FROM pv
      JOIN prompt_model_version_links l ON l.prompt_version_id = pv.id
      JOIN model_versions mv2 ON mv2.id = l.model_version_id
      JOIN registered_models rm2 ON rm2.id = mv2.registered_model_id AND ${mvReadable}
    )`;
  const totalsOf = (version?: number | null) => tx.$queryRaw<{ runs: bigint; models: bigint; mvs: bigint }[]>`
    WITH ${pvCte(version)}
    SELECT (SELECT count(DISTINCT run_id) FROM run_links) AS runs,
           (SELECT count(DISTINCT model_id) FROM model_users) AS models,
           (SELECT count(DISTINCT model_version_id) FROM mv_links) AS mvs`;
  const asTotals = (t: { runs: bigint; models: bigint; mvs: bigint }): PromptUsageTotals => ({ runs: Number(t.runs), models: Number(t.models), modelVersions: Number(t.mvs) });

  const [perVersion, [all]] = await readAll(tx, [
    () => tx.$queryRaw<{ version: number; n: bigint; recent: string[] }[]>`
      WITH ${pvCte()}
      SELECT version, count(*) AS n, (array_agg(run_id ORDER BY start_time DESC, run_id))[1:5] AS recent FROM run_links GROUP BY version`,
    () => totalsOf(),
  ] as const);
  const view: PromptUsageView = {
    runsPerVersion: Object.fromEntries(perVersion.map((v) => [v.version, Number(v.n)])),
    recentRunIdsPerVersion: Object.fromEntries(perVersion.map((v) => [v.version, v.recent])),
    totals: asTotals(all),
    rows: null,
  };
  if (!opts.withRows) return view;

  const scoped = opts.version ?? null;
  const [scopedTotals, runs, models, mvs] = await readAll(tx, [
    () => (scoped === null ? Promise.resolve([all]) : totalsOf(scoped)),
    () => tx.$queryRaw<
      { id: string; name: string; experiment_id: number; experiment_name: string; status: string; start_time: bigint; user_id: string; versions: number[] }[]
    >`
      WITH ${pvCte(scoped)}
      SELECT r.id, r.name, r.experiment_id, e.name AS experiment_name, r.status::text AS status, r.start_time, r.user_id,
             array_agg(DISTINCT rl.version ORDER BY rl.version) AS versions
      FROM run_links rl JOIN runs r ON r.id = rl.run_id JOIN experiments e ON e.id = r.experiment_id
      GROUP BY r.id, e.name ORDER BY r.start_time DESC, r.id LIMIT ${limit}`,
    () => tx.$queryRaw<
      {
        id: string;
        name: string;
        experiment_id: number;
        experiment_name: string;
        source_run_id: string | null;
        status: string;
        creation_timestamp_ms: bigint;
        versions: number[];
        direct: boolean;
        via_run_id: string | null;
        via_run_name: string | null;
      }[]
    >`
      WITH ${pvCte(scoped)}, grouped AS (
        SELECT model_id, array_agg(DISTINCT version ORDER BY version) AS versions, bool_or(via_run_id IS NULL) AS direct, min(via_run_id) AS via_run_id
        FROM model_users GROUP BY model_id
      )
      SELECT m.id, m.name, m.experiment_id, e.name AS experiment_name, m.source_run_id, m.status::text AS status, m.creation_timestamp_ms,
             g.versions, g.direct, g.via_run_id, vr.name AS via_run_name
      FROM grouped g JOIN logged_models m ON m.id = g.model_id JOIN experiments e ON e.id = m.experiment_id
      LEFT JOIN runs vr ON vr.id = g.via_run_id
      ORDER BY m.creation_timestamp_ms DESC, m.id LIMIT ${limit}`,
    () => tx.$queryRaw<{ name: string; version: number; current_stage: string; model_id: string | null; creation_timestamp: bigint; versions: number[] }[]>`
      WITH ${pvCte(scoped)}
      SELECT rm2.name, mv2.version, mv2.current_stage, mv2.model_id, mv2.creation_timestamp, array_agg(DISTINCT ml.version ORDER BY ml.version) AS versions
      FROM mv_links ml JOIN model_versions mv2 ON mv2.id = ml.model_version_id JOIN registered_models rm2 ON rm2.id = mv2.registered_model_id
      GROUP BY rm2.name, mv2.id ORDER BY rm2.name, mv2.version DESC LIMIT ${limit}`,
  ] as const);

  const runIds = runs.map((r) => r.id);
  const [metrics, producedModels] = await Promise.all([
    opts.metricKeys?.length ? getLatestMetricsForRuns(runIds, opts.metricKeys, tx) : Promise.resolve(new Map<string, Record<string, number>>()),
    listLoggedModelsForRuns(runIds, tx),
  ]);
  const runRows: UsageRunRow[] = runs.map((r) => ({
    runId: r.id,
    runName: r.name,
    experimentId: String(r.experiment_id),
    experimentName: r.experiment_name,
    status: r.status,
    startTime: Number(r.start_time),
    userId: r.user_id,
    versions: r.versions,
    metrics: metrics.get(r.id) ?? {},
    models: (producedModels[r.id] ?? []).map((m) => ({ modelId: m.modelId, name: m.name })),
  }));
  const modelRows: UsageModelRow[] = models.map((m) => ({
    modelId: m.id,
    name: m.name,
    experimentId: String(m.experiment_id),
    experimentName: m.experiment_name,
    status: m.status,
    sourceRunId: m.source_run_id,
    createdAt: Number(m.creation_timestamp_ms),
    versions: m.versions,
    ...(!m.direct && m.via_run_id ? { viaRun: { runId: m.via_run_id, runName: m.via_run_name ?? m.via_run_id } } : {}),
  }));
  const mvRows: UsageModelVersionRow[] = mvs.map((m) => ({
    name: m.name,
    version: m.version,
    stage: m.current_stage,
    modelId: m.model_id,
    createdAt: Number(m.creation_timestamp),
    versions: m.versions,
  }));
  view.rows = { totals: asTotals(scopedTotals[0]), runs: runRows, models: modelRows, modelVersions: mvRows };
  return view;
}
