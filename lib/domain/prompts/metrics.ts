import "server-only";
import { readableExperimentsSql, requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { guessDirection, type Direction } from "@/lib/metric-direction";
import { runUsersSql } from "@/lib/domain/prompts/usage";
import type { PromptMetricPoint, PromptMetricsByVersion, VersionMetricStats } from "@/lib/schemas/prompt-metrics";

export type { PromptMetricPoint, PromptMetricsByVersion, VersionMetricStats };

// Metrics by prompt version: "did v3 beat v2?". For one metric key, the latest value
// (latest_metrics) of every active run that uses each version of a prompt (runUsersSql: linked,
// or through a linked logged model it produced), with per-version statistics computed in SQL.
// Also the metric keys available across those runs, for the metric picker.

export interface PromptMetricKey {
  key: string;
  /** Linked runs that have this metric. */
  runs: number;
}

/** Metric keys with a latest value on any active run that uses any version of the prompt. */
export async function listPromptMetricKeys(promptName: string, tx: Tx = db): Promise<PromptMetricKey[]> {
  await requireRegisteredModel(promptName, "READ", tx);
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const rows = await tx.$queryRaw<{ key: string; runs: bigint }[]>(Prisma.sql`
    SELECT lm.key, COUNT(DISTINCT lm.run_id) AS runs
    FROM (${runUsersSql(Prisma.sql`SELECT mv.id FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id WHERE rm.name = ${promptName} AND rm.is_prompt`)}) u
    JOIN runs r ON r.id = u.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
    JOIN latest_metrics lm ON lm.run_id = r.id
    GROUP BY lm.key
    ORDER BY COUNT(DISTINCT lm.run_id) DESC, lm.key`);
  return rows.map((r) => ({ key: r.key, runs: Number(r.runs) }));
}

/** Dots drawn per version (the newest runs); the statistics always cover every run. */
export const MAX_POINTS_PER_VERSION = 500;

/**
 * The latest value of `metricKey` for every active run that uses each version of the prompt
 * (linked itself, or through a logged model it produced: runUsersSql), grouped by version:
 * summary statistics computed in SQL over all of them, the newest MAX_POINTS_PER_VERSION as
 * points, and the versions' aliases. Bounded however many runs use the prompt.
 */
export async function getPromptMetricsByVersion(promptName: string, metricKey: string, opts: { direction?: Direction } = {}, tx: Tx = db): Promise<PromptMetricsByVersion> {
  await requireRegisteredModel(promptName, "READ", tx);
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const values = Prisma.sql`
    pv AS (
      SELECT mv.id, mv.version FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
      WHERE rm.name = ${promptName} AND rm.is_prompt
    ), users AS (
      SELECT DISTINCT pv.version, u.run_id FROM (${runUsersSql(Prisma.sql`SELECT id FROM pv`)}) u JOIN pv ON pv.id = u.prompt_version_id
    ), vals AS (
      SELECT us.version, r.id AS run_id, r.name AS run_name, r.experiment_id, r.status::text AS status, r.start_time, lm.value, lm.step,
             lm.value NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) AS finite
      FROM users us
      JOIN runs r ON r.id = us.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
      JOIN latest_metrics lm ON lm.run_id = r.id AND lm.key = ${metricKey}
    )`;
  type Stats = { version: number; runs: bigint; n: bigint; mean: number | null; q1: number | null; median: number | null; q3: number | null; min: number | null; max: number | null; std: number | null };
  const [stats, points, aliasRows, latest] = await Promise.all([
    tx.$queryRaw<Stats[]>(Prisma.sql`
      WITH ${values}
      SELECT version, count(*) AS runs, count(*) FILTER (WHERE finite) AS n, avg(value) FILTER (WHERE finite) AS mean,
             percentile_cont(0.25) WITHIN GROUP (ORDER BY value) FILTER (WHERE finite) AS q1,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE finite) AS median,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY value) FILTER (WHERE finite) AS q3,
             min(value) FILTER (WHERE finite) AS min, max(value) FILTER (WHERE finite) AS max,
             stddev_samp(value) FILTER (WHERE finite) AS std
      FROM vals GROUP BY version ORDER BY version`),
    tx.$queryRaw<
      { version: number; run_id: string; run_name: string; experiment_id: number; experiment_name: string; status: string; start_time: bigint; value: number; step: bigint }[]
    >(Prisma.sql`
      WITH ${values}, ranked AS (
        SELECT vals.*, row_number() OVER (PARTITION BY version ORDER BY start_time DESC, run_id) AS rn FROM vals
      )
      SELECT k.version, k.run_id, k.run_name, k.experiment_id, e.name AS experiment_name, k.status, k.start_time, k.value, k.step
      FROM ranked k JOIN experiments e ON e.id = k.experiment_id
      WHERE k.rn <= ${MAX_POINTS_PER_VERSION}
      ORDER BY k.version, k.start_time DESC, k.run_id`),
    tx.$queryRaw<{ version: number; alias: string }[]>(Prisma.sql`
      SELECT mv.version, a.alias
      FROM registered_models rm
      JOIN registered_model_aliases a ON a.registered_model_id = rm.id
      JOIN model_versions mv ON mv.id = a.model_version_id
      WHERE rm.name = ${promptName} AND rm.is_prompt
      ORDER BY a.alias`),
    tx.$queryRaw<{ max: number | null }[]>(Prisma.sql`
      SELECT MAX(mv.version) AS max FROM registered_models rm
      JOIN model_versions mv ON mv.registered_model_id = rm.id
      WHERE rm.name = ${promptName} AND rm.is_prompt`),
  ]);
  const latestVersion = latest[0]?.max ?? null;
  const aliases = new Map<number, string[]>();
  for (const a of aliasRows) aliases.set(a.version, [...(aliases.get(a.version) ?? []), a.alias]);

  const byVersion = new Map<number, PromptMetricPoint[]>();
  for (const p of points) {
    const list = byVersion.get(p.version) ?? [];
    list.push({
      version: p.version,
      runId: p.run_id,
      runName: p.run_name,
      experimentId: String(p.experiment_id),
      experimentName: p.experiment_name,
      status: p.status,
      startTime: Number(p.start_time),
      value: Number(p.value),
      step: Number(p.step),
    });
    byVersion.set(p.version, list);
  }
  const num = (v: number | null) => (v === null ? null : Number(v));
  const versions: VersionMetricStats[] = stats.map((st) => ({
    version: st.version,
    aliases: aliases.get(st.version) ?? [],
    isLatest: st.version === latestVersion,
    runs: Number(st.runs),
    n: Number(st.n),
    mean: num(st.mean),
    q1: num(st.q1),
    median: num(st.median),
    q3: num(st.q3),
    min: num(st.min),
    max: num(st.max),
    std: num(st.std),
    points: byVersion.get(st.version) ?? [],
  }));
  const direction = opts.direction ?? guessDirection(metricKey);
  let bestVersion: number | null = null;
  let bestMean: number | null = null;
  for (const v of versions) {
    if (v.mean === null) continue;
    if (bestMean === null || (direction === "higher" ? v.mean > bestMean : v.mean < bestMean)) {
      bestMean = v.mean;
      bestVersion = v.version;
    }
  }
  return { promptName, metricKey, direction, versions, bestVersion };
}

/** Latest values of `keys` for the given runs: runId → key → value. For "key metrics" columns. */
export async function getLatestMetricsForRuns(runIds: string[], keys: string[] | null, tx: Tx = db): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (runIds.length === 0 || (keys && keys.length === 0)) return out;
  const rows = await tx.$queryRaw<{ run_id: string; key: string; value: number }[]>(
    keys
      ? Prisma.sql`SELECT run_id, key, value FROM latest_metrics WHERE run_id = ANY(${runIds}::text[]) AND key = ANY(${keys}::text[])`
      : Prisma.sql`SELECT run_id, key, value FROM latest_metrics WHERE run_id = ANY(${runIds}::text[])`,
  );
  for (const r of rows) {
    const m = out.get(r.run_id) ?? {};
    m[r.key] = Number(r.value);
    out.set(r.run_id, m);
  }
  return out;
}
