import "server-only";
import { readableExperimentsSql, requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { guessDirection, type Direction } from "@/lib/metric-direction";
import type { PromptMetricPoint, PromptMetricsByVersion, VersionMetricStats } from "@/lib/schemas/prompt-metrics";

export type { PromptMetricPoint, PromptMetricsByVersion, VersionMetricStats };

// Metrics by prompt version: "did v3 beat v2?". For one metric key, the latest value
// (latest_metrics) of every active run linked to each version of a prompt (prompt_run_links),
// in one query, plus per-version summary statistics computed here. Also the metric keys
// available across those runs, for the metric picker.

export interface PromptMetricKey {
  key: string;
  /** Linked runs that have this metric. */
  runs: number;
}

/** Metric keys with a latest value on any active run linked to any version of the prompt. */
export async function listPromptMetricKeys(promptName: string, tx: Tx = db): Promise<PromptMetricKey[]> {
  await requireRegisteredModel(promptName, "READ", tx);
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const rows = await tx.$queryRaw<{ key: string; runs: bigint }[]>(Prisma.sql`
    SELECT lm.key, COUNT(DISTINCT lm.run_id) AS runs
    FROM registered_models rm
    JOIN model_versions mv ON mv.registered_model_id = rm.id
    JOIN prompt_run_links l ON l.prompt_version_id = mv.id
    JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
    JOIN latest_metrics lm ON lm.run_id = r.id
    WHERE rm.name = ${promptName} AND rm.is_prompt
    GROUP BY lm.key
    ORDER BY COUNT(DISTINCT lm.run_id) DESC, lm.key`);
  return rows.map((r) => ({ key: r.key, runs: Number(r.runs) }));
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Summary of the finite values (NaN/±Infinity are kept in `points` but not summarised). */
export function summarize(values: number[]): Pick<VersionMetricStats, "n" | "mean" | "median" | "min" | "max" | "std"> {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { n, mean: null, median: null, min: null, max: null, std: null };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const std = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : null;
  return { n, mean, median: median(v), min: v[0], max: v[n - 1], std };
}

/**
 * The latest value of `metricKey` for every active run linked to each version of the prompt,
 * grouped by version with summary statistics and the versions' aliases.
 */
export async function getPromptMetricsByVersion(promptName: string, metricKey: string, opts: { direction?: Direction } = {}, tx: Tx = db): Promise<PromptMetricsByVersion> {
  await requireRegisteredModel(promptName, "READ", tx);
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const [points, aliasRows, latest] = await Promise.all([
    tx.$queryRaw<
      { version: number; run_id: string; run_name: string; experiment_id: number; experiment_name: string; status: string; start_time: bigint; value: number; step: bigint }[]
    >(Prisma.sql`
      SELECT mv.version, r.id AS run_id, r.name AS run_name, r.experiment_id, e.name AS experiment_name,
             r.status::text AS status, r.start_time, lm.value, lm.step
      FROM registered_models rm
      JOIN model_versions mv ON mv.registered_model_id = rm.id
      JOIN prompt_run_links l ON l.prompt_version_id = mv.id
      JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
      JOIN experiments e ON e.id = r.experiment_id
      JOIN latest_metrics lm ON lm.run_id = r.id AND lm.key = ${metricKey}
      WHERE rm.name = ${promptName} AND rm.is_prompt
      ORDER BY mv.version, r.start_time DESC, r.id`),
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
  const versions: VersionMetricStats[] = [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, pts]) => ({
      version,
      aliases: aliases.get(version) ?? [],
      isLatest: version === latestVersion,
      ...summarize(pts.map((p) => p.value)),
      points: pts,
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
